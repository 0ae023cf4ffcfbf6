/*
 * The simulated virtio-blk device (see simvblk.h).  Layout facts from
 * virtio 1.1: 4.1.4.8 (legacy registers), 2.6.2 (legacy queue layout),
 * 5.2.6 (requests).
 */
#include "simvblk.h"

#include <stdlib.h>
#include <string.h>

static void *sim_va(struct simvblk *s, uint64_t pa, uint64_t len)
{
	if (pa < SIMVBLK_ARENA_PA || pa + len > SIMVBLK_ARENA_PA + SIMVBLK_ARENA)
		return NULL;
	return s->arena + (pa - SIMVBLK_ARENA_PA);
}

static int sim_alloc(void *ctx, size_t size, void **va, uint64_t *pa)
{
	struct simvblk *s = ctx;
	size_t at = (s->arena_used + 4095) & ~(size_t)4095;

	if (at + size > SIMVBLK_ARENA)
		return -1;
	s->arena_used = at + size;
	*va = s->arena + at;
	*pa = SIMVBLK_ARENA_PA + at;
	memset(*va, 0xAB, size);	/* DMA memory is not zeroed */
	return 0;
}

const struct vblk_dma simvblk_dma = { sim_alloc, NULL };

void simvblk_init(struct simvblk *s, uint64_t sectors, uint16_t qsize, uint32_t features)
{
	memset(s, 0, sizeof(*s));
	s->capacity = sectors;
	s->qsize = qsize;
	s->host_features = features;
	s->blk_size = 512;
	s->disk = calloc(sectors, 512);
	s->arena = calloc(1, SIMVBLK_ARENA);
}

void simvblk_fini(struct simvblk *s)
{
	free(s->disk);
	free(s->arena);
}

int simvblk_irq(const struct simvblk *s)
{
	return s->isr != 0;
}

/* ---- PCI configuration space: one device at 00:03.0 ---- */

static uint32_t sim_pci_read(struct simvblk *s)
{
	uint32_t a = s->cf8;
	unsigned bus = (a >> 16) & 0xFF, dev = (a >> 11) & 31, fn = (a >> 8) & 7, off = a & 0xFC;

	if (!(a & 0x80000000u) || bus != 0 || dev != 3 || fn != 0)
		return 0xFFFFFFFFu;
	switch (off) {
	case PCI_ID: return 0x1001u << 16 | 0x1AF4;
	case PCI_COMMAND: return s->pci_cmd;
	case PCI_HEADER_TYPE: return 0;
	case PCI_BAR0: return SIMVBLK_IOBASE | 1;
	case PCI_SUBSYSTEM: return 2u << 16 | 0x1AF4;	/* subsystem 2: block */
	case PCI_INTERRUPT: return 0x0100 | 11;
	default: return 0;
	}
}

/* ---- the legacy register block ---- */

static uint32_t sim_reg_read(struct simvblk *s, uint16_t r)
{
	uint8_t isr;

	switch (r) {
	case VIRTIO_PCI_HOST_FEATURES: return s->host_features;
	case VIRTIO_PCI_GUEST_FEATURES: return s->guest_features;
	case VIRTIO_PCI_QUEUE_PFN: return s->pfn;
	case VIRTIO_PCI_QUEUE_NUM: return s->qsize;
	case VIRTIO_PCI_STATUS: return s->status;
	case VIRTIO_PCI_ISR: isr = s->isr; s->isr = 0; return isr;
	case VIRTIO_PCI_CONFIG + VIRTIO_BLK_CFG_CAPACITY: return (uint32_t)s->capacity;
	case VIRTIO_PCI_CONFIG + VIRTIO_BLK_CFG_CAPACITY + 4: return (uint32_t)(s->capacity >> 32);
	case VIRTIO_PCI_CONFIG + VIRTIO_BLK_CFG_BLK_SIZE: return s->blk_size;
	default: return 0;
	}
}

/* Note the available entries the driver published. */
static void sim_notify(struct simvblk *s)
{
	uint8_t *q = sim_va(s, (uint64_t)s->pfn << 12, virtq_bytes(s->qsize));
	struct virtq_avail *avail;

	s->notifies++;
	if (q == NULL || !(s->status & VIRTIO_STATUS_DRIVER_OK))
		return;
	avail = (struct virtq_avail *)(void *)(q + sizeof(struct virtq_desc) * s->qsize);
	while (s->last_avail != avail->idx) {
		s->pending[s->npending++] = avail->ring[s->last_avail % s->qsize];
		s->last_avail++;
	}
}

static void sim_reg_write(struct simvblk *s, uint16_t r, uint32_t v)
{
	switch (r) {
	case VIRTIO_PCI_GUEST_FEATURES: s->guest_features = v; break;
	case VIRTIO_PCI_QUEUE_PFN: s->pfn = v; break;
	case VIRTIO_PCI_QUEUE_NOTIFY: sim_notify(s); break;
	case VIRTIO_PCI_STATUS:
		s->status = (uint8_t)v;
		if (v == 0) {	/* reset */
			s->pfn = 0;
			s->last_avail = 0;
			s->npending = 0;
		}
		break;
	default: break;
	}
}

static uint32_t sim_in(void *ctx, uint16_t port)
{
	struct simvblk *s = ctx;

	if (port == PCI_CONFIG_DATA)
		return sim_pci_read(s);
	if (port >= SIMVBLK_IOBASE && port < SIMVBLK_IOBASE + 0x40)
		return sim_reg_read(s, (uint16_t)(port - SIMVBLK_IOBASE));
	return 0xFFFFFFFFu;
}

static void sim_out(void *ctx, uint16_t port, uint32_t v)
{
	struct simvblk *s = ctx;

	if (port == PCI_CONFIG_ADDRESS)
		s->cf8 = v;
	else if (port == PCI_CONFIG_DATA && (s->cf8 & 0xFC) == PCI_COMMAND)
		s->pci_cmd = v & 0xFFFF;
	else if (port >= SIMVBLK_IOBASE && port < SIMVBLK_IOBASE + 0x40)
		sim_reg_write(s, (uint16_t)(port - SIMVBLK_IOBASE), v);
}

static uint8_t sim_in8(void *c, uint16_t p) { return (uint8_t)sim_in(c, p); }
static uint16_t sim_in16(void *c, uint16_t p) { return (uint16_t)sim_in(c, p); }
static void sim_out8(void *c, uint16_t p, uint8_t v) { sim_out(c, p, v); }
static void sim_out16(void *c, uint16_t p, uint16_t v) { sim_out(c, p, v); }

const struct portio simvblk_io = { sim_in8, sim_in16, sim_in, sim_out8, sim_out16, sim_out, NULL };

/* ---- doing a request ---- */

/* Run the chain at head; the bytes written into device-writable buffers. */
static uint32_t sim_do(struct simvblk *s, struct virtq_desc *desc, uint16_t head)
{
	struct virtq_desc *d[3];
	unsigned n = 0;
	uint32_t type;
	uint64_t sector;
	uint8_t *hdr, *status, *data = NULL, st = VIRTIO_BLK_S_OK;

	for (uint16_t i = head; n < 3; i = desc[i].next) {
		d[n++] = &desc[i];
		if (!(desc[i].flags & VIRTQ_DESC_F_NEXT))
			break;
	}
	hdr = sim_va(s, d[0]->addr, 16);
	status = sim_va(s, d[n - 1]->addr, 1);
	if (hdr == NULL || status == NULL || d[0]->len != 16 || (d[0]->flags & VIRTQ_DESC_F_WRITE) ||
	    d[n - 1]->len != 1 || !(d[n - 1]->flags & VIRTQ_DESC_F_WRITE) || n < 2) {
		s->bad_chains++;
		return 0;
	}
	memcpy(&type, hdr, 4);
	memcpy(&sector, hdr + 8, 8);
	if (n == 3)
		data = sim_va(s, d[1]->addr, d[1]->len);
	if (type == VIRTIO_BLK_T_FLUSH) {
		st = n == 2 ? VIRTIO_BLK_S_OK : VIRTIO_BLK_S_UNSUPP;
	} else if (data == NULL || sector + d[1]->len / 512 > s->capacity || d[1]->len % 512 ||
		   ((type == VIRTIO_BLK_T_IN) != !!(d[1]->flags & VIRTQ_DESC_F_WRITE))) {
		s->bad_chains++;
		st = VIRTIO_BLK_S_IOERR;
	} else if (type == VIRTIO_BLK_T_IN) {
		memcpy(data, s->disk + sector * 512, d[1]->len);
	} else {
		memcpy(s->disk + sector * 512, data, d[1]->len);
	}
	if (s->fail_next) {
		s->fail_next = 0;
		st = VIRTIO_BLK_S_IOERR;
	}
	*status = st;
	return 1 + (type == VIRTIO_BLK_T_IN && st == VIRTIO_BLK_S_OK ? d[1]->len : 0);
}

void simvblk_complete(struct simvblk *s, unsigned i)
{
	uint8_t *q = sim_va(s, (uint64_t)s->pfn << 12, virtq_bytes(s->qsize));
	struct virtq_desc *desc = (struct virtq_desc *)(void *)q;
	size_t used_off = virtq_bytes(s->qsize) -
			  ((sizeof(uint16_t) * 3 + sizeof(struct virtq_used_elem) * s->qsize + 4095) & ~(size_t)4095);
	struct virtq_used *used = (struct virtq_used *)(void *)(q + used_off);
	uint16_t head = s->pending[i];
	uint32_t len = sim_do(s, desc, head);

	memmove(&s->pending[i], &s->pending[i + 1], (s->npending - i - 1) * sizeof(uint16_t));
	s->npending--;
	used->ring[used->idx % s->qsize] = (struct virtq_used_elem){ head, len };
	used->idx++;
	s->isr |= 1;
}
