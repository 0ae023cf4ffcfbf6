/*
 * The virtio-blk core (see vblk.h).  Initialisation follows virtio 1.1
 * 3.1.2 "Legacy Interface: Device Initialization": reset, ACKNOWLEDGE,
 * DRIVER, read and write features (no FEATURES_OK in legacy), set up the
 * queue, DRIVER_OK.
 */
#include "vblk.h"

#include <string.h>

#include "device_errors.h"

static uint8_t vr8(struct vblk *v, uint16_t r) { return v->io.in8(v->io.ctx, (uint16_t)(v->iobase + r)); }
static uint16_t vr16(struct vblk *v, uint16_t r) { return v->io.in16(v->io.ctx, (uint16_t)(v->iobase + r)); }
static uint32_t vr32(struct vblk *v, uint16_t r) { return v->io.in32(v->io.ctx, (uint16_t)(v->iobase + r)); }
static void vw8(struct vblk *v, uint16_t r, uint8_t x) { v->io.out8(v->io.ctx, (uint16_t)(v->iobase + r), x); }
static void vw16(struct vblk *v, uint16_t r, uint16_t x) { v->io.out16(v->io.ctx, (uint16_t)(v->iobase + r), x); }
static void vw32(struct vblk *v, uint16_t r, uint32_t x) { v->io.out32(v->io.ctx, (uint16_t)(v->iobase + r), x); }

kern_return_t vblk_find(const struct portio *io, unsigned index, struct vblk_pci *dev)
{
	static const uint16_t ids[] = { VIRTIO_BLK_TRANSITIONAL };
	uint32_t bar;

	if (!pci_find(io, VIRTIO_VENDOR, ids, 1, index, &dev->loc))
		return D_NO_SUCH_DEVICE;
	bar = pci_read32(io, dev->loc, PCI_BAR0);
	/* A transitional device's BAR0 is the legacy I/O block (bit 0 set). */
	if (!(bar & 1) || (bar & ~3u) > 0xFFFF)
		return D_NO_SUCH_DEVICE;
	dev->iobase = (uint16_t)(bar & ~3u);
	dev->irq = (uint8_t)(pci_read32(io, dev->loc, PCI_INTERRUPT) & 0xFF);
	return KERN_SUCCESS;
}

/* Turn on the device's I/O decoding and bus mastering (for DMA). */
static void vblk_pci_enable(struct vblk *v, const struct vblk_pci *dev)
{
	uint32_t cmd = pci_read32(&v->io, dev->loc, PCI_COMMAND);

	pci_write32(&v->io, dev->loc, PCI_COMMAND, (cmd & 0xFFFF) | PCI_COMMAND_IO | PCI_COMMAND_MASTER);
	v->iobase = dev->iobase;
	v->irq = dev->irq;
}

static void vblk_config(struct vblk *v)
{
	uint16_t cfg = VIRTIO_PCI_CONFIG;

	v->capacity = vr32(v, (uint16_t)(cfg + VIRTIO_BLK_CFG_CAPACITY)) |
		      (uint64_t)vr32(v, (uint16_t)(cfg + VIRTIO_BLK_CFG_CAPACITY + 4)) << 32;
	v->sector_size = VBLK_SECTOR;
	if (v->features & (1u << VIRTIO_BLK_F_BLK_SIZE)) {
		uint32_t bs = vr32(v, (uint16_t)(cfg + VIRTIO_BLK_CFG_BLK_SIZE));

		/* Only sizes we can express: powers of two from 512 to a page. */
		if (bs >= VBLK_SECTOR && bs <= 4096 && (bs & (bs - 1)) == 0)
			v->sector_size = bs;
	}
}

static kern_return_t vblk_queue(struct vblk *v, const struct vblk_dma *dma)
{
	uint16_t size;
	void *mem, *hdr;
	uint64_t pa, hdr_pa;

	vw16(v, VIRTIO_PCI_QUEUE_SEL, 0);
	size = vr16(v, VIRTIO_PCI_QUEUE_NUM);
	if (size == 0 || size > VIRTQ_SIZE_MAX || (size & (size - 1)) != 0)
		return D_NO_SUCH_DEVICE;
	if (vr32(v, VIRTIO_PCI_QUEUE_PFN) != 0)
		return D_DEVICE_DOWN;	/* queue in use: the reset did not take */
	if (dma->alloc(dma->ctx, virtq_bytes(size), &mem, &pa) != 0 ||
	    dma->alloc(dma->ctx, (size_t)size * VBLK_HDR_SLOT, &hdr, &hdr_pa) != 0)
		return D_NO_MEMORY;
	/* The legacy interface takes a 32-bit page number: below 16 TiB. */
	if (!virtq_init(&v->q, mem, pa, size) || (pa >> 12) > UINT32_MAX)
		return D_NO_MEMORY;
	v->hdr = hdr;
	v->hdr_pa = hdr_pa;
	vw32(v, VIRTIO_PCI_QUEUE_PFN, (uint32_t)(pa >> 12));
	return KERN_SUCCESS;
}

kern_return_t vblk_init(struct vblk *v, const struct portio *io, const struct vblk_pci *dev,
			const struct vblk_dma *dma, vblk_done_t done, void *arg)
{
	kern_return_t kr;

	memset(v, 0, sizeof(*v));
	v->io = *io;
	v->done = done;
	v->done_arg = arg;
	vblk_pci_enable(v, dev);
	vw8(v, VIRTIO_PCI_STATUS, 0);	/* reset */
	vw8(v, VIRTIO_PCI_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	vw8(v, VIRTIO_PCI_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	v->features = vr32(v, VIRTIO_PCI_HOST_FEATURES) & VIRTIO_BLK_FEATURES_WANTED;
	vw32(v, VIRTIO_PCI_GUEST_FEATURES, v->features);
	vblk_config(v);
	kr = vblk_queue(v, dma);
	if (kr != KERN_SUCCESS) {
		vw8(v, VIRTIO_PCI_STATUS, VIRTIO_STATUS_FAILED);
		return kr;
	}
	vw8(v, VIRTIO_PCI_STATUS,
	    VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_DRIVER_OK);
	return KERN_SUCCESS;
}

static kern_return_t vblk_check(const struct vblk *v, const struct vblk_req *r)
{
	uint64_t end;

	if (r->type == VIRTIO_BLK_T_FLUSH)
		return KERN_SUCCESS;
	if (r->type != VIRTIO_BLK_T_IN && r->type != VIRTIO_BLK_T_OUT)
		return D_INVALID_OPERATION;
	if (r->len == 0 || r->len > BLOCK_IO_MAX || r->len % v->sector_size != 0)
		return D_INVALID_SIZE;
	if (r->offset % v->sector_size != 0 || r->offset / VBLK_SECTOR > v->capacity)
		return D_INVALID_RECNUM;
	end = r->offset / VBLK_SECTOR + r->len / VBLK_SECTOR;
	if (end > v->capacity)
		return D_INVALID_RECNUM;
	if (r->type == VIRTIO_BLK_T_OUT && (v->features & (1u << VIRTIO_BLK_F_RO)))
		return D_READ_ONLY;
	return KERN_SUCCESS;
}

/* Put r on the ring if the descriptors are there: 1 if it went. */
static int vblk_start(struct vblk *v, struct vblk_req *r)
{
	struct virtq_buf bufs[3];
	unsigned n = 0;
	uint16_t slot = v->q.free_head;	/* the chain's head: its header slot */
	uint8_t *hdr = v->hdr + (size_t)slot * VBLK_HDR_SLOT;
	uint64_t hdr_pa = v->hdr_pa + (uint64_t)slot * VBLK_HDR_SLOT;
	uint32_t type = r->type, reserved = 0;
	uint64_t sector = r->type == VIRTIO_BLK_T_FLUSH ? 0 : r->offset / VBLK_SECTOR;

	if (v->q.nfree < (r->type == VIRTIO_BLK_T_FLUSH ? 2 : 3))
		return 0;
	memcpy(hdr, &type, 4);
	memcpy(hdr + 4, &reserved, 4);
	memcpy(hdr + 8, &sector, 8);
	hdr[16] = 0xFF;		/* not a status the device writes: shows a lost completion */
	bufs[n++] = (struct virtq_buf){ hdr_pa, 16, 0 };
	if (r->type != VIRTIO_BLK_T_FLUSH)
		bufs[n++] = (struct virtq_buf){ r->data_pa, r->len, r->type == VIRTIO_BLK_T_IN };
	bufs[n++] = (struct virtq_buf){ hdr_pa + 16, 1, 1 };
	virtq_add(&v->q, bufs, n, r);
	v->inflight++;
	v->stats.submitted++;
	vw16(v, VIRTIO_PCI_QUEUE_NOTIFY, 0);
	return 1;
}

kern_return_t vblk_submit(struct vblk *v, struct vblk_req *r)
{
	kern_return_t kr = vblk_check(v, r);

	if (kr != KERN_SUCCESS) {
		v->stats.refused++;
		return kr;
	}
	if (r->type == VIRTIO_BLK_T_FLUSH && !(v->features & (1u << VIRTIO_BLK_F_FLUSH))) {
		/* No FLUSH feature: the device has no volatile cache to flush. */
		v->done(v, r, KERN_SUCCESS, v->done_arg);
		return KERN_SUCCESS;
	}
	/* Behind waiting requests: order of submission is kept. */
	r->next = NULL;
	if (v->wait_head == NULL && vblk_start(v, r))
		return KERN_SUCCESS;
	if (v->wait_tail != NULL)
		v->wait_tail->next = r;
	else
		v->wait_head = r;
	v->wait_tail = r;
	v->stats.queued++;
	return KERN_SUCCESS;
}

void vblk_interrupt(struct vblk *v)
{
	void *cookie;
	uint32_t len;
	uint16_t head;
	int got;

	(void)vr8(v, VIRTIO_PCI_ISR);	/* acknowledges: the line drops */
	while ((got = virtq_get_used(&v->q, &cookie, &len, &head)) != 0) {
		struct vblk_req *r = cookie;
		uint8_t status;

		if (got < 0) {
			v->stats.device_errors++;
			continue;
		}
		status = v->hdr[(size_t)head * VBLK_HDR_SLOT + 16];
		v->inflight--;
		v->stats.completed++;
		if (status != VIRTIO_BLK_S_OK)
			v->stats.io_errors++;
		v->done(v, r, status == VIRTIO_BLK_S_OK ? KERN_SUCCESS : D_IO_ERROR, v->done_arg);
	}
	while (v->wait_head != NULL && vblk_start(v, v->wait_head)) {
		v->wait_head = v->wait_head->next;
		if (v->wait_head == NULL)
			v->wait_tail = NULL;
	}
}
