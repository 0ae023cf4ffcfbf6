/*
 * The virtio-blk core against a simulated device: PCI discovery and
 * initialisation, data written and read back through the split
 * virtqueue with several requests in flight and completed out of order,
 * requests waiting when the ring is full, bad requests refused before
 * they reach the device, device errors reported, flush, and a ring left
 * consistent (every descriptor free again).
 */
#include <string.h>

#include "device_errors.h"
#include "simvblk.h"
#include "tap.h"

#define NREQ	8
#define REQLEN	8192

static struct simvblk sim;
static struct vblk v;
static unsigned ndone;
static kern_return_t last_rc;
static struct vblk_req *done_order[64];

static void on_done(struct vblk *vb, struct vblk_req *r, kern_return_t rc, void *arg)
{
	(void)vb;
	(void)arg;
	done_order[ndone++ % 64] = r;
	last_rc = rc;
}

static uint8_t none8(void *c, uint16_t p) { (void)c; (void)p; return 0xFF; }
static uint16_t none16(void *c, uint16_t p) { (void)c; (void)p; return 0xFFFF; }
static uint32_t none32(void *c, uint16_t p) { (void)c; (void)p; return 0xFFFFFFFF; }
static void nout8(void *c, uint16_t p, uint8_t x) { (void)c; (void)p; (void)x; }
static void nout16(void *c, uint16_t p, uint16_t x) { (void)c; (void)p; (void)x; }
static void nout32(void *c, uint16_t p, uint32_t x) { (void)c; (void)p; (void)x; }

/* Complete everything pending, newest first, interrupting after each pair. */
static void device_run(void)
{
	while (sim.npending > 0) {
		simvblk_complete(&sim, sim.npending - 1);
		if (sim.npending > 0)
			simvblk_complete(&sim, 0);
		if (simvblk_irq(&sim))
			vblk_interrupt(&v);
	}
}

static int setup(uint64_t sectors, uint16_t qsize, uint32_t features, uint32_t blk_size)
{
	struct portio io = simvblk_io;
	struct vblk_dma dma = simvblk_dma;
	struct vblk_pci dev;
	kern_return_t kr;

	simvblk_fini(&sim);
	simvblk_init(&sim, sectors, qsize, features);
	sim.blk_size = blk_size;
	io.ctx = dma.ctx = &sim;
	kr = vblk_find(&io, 0, &dev);
	return kr != KERN_SUCCESS ? kr : vblk_init(&v, &io, &dev, &dma, on_done, NULL);
}

static void dma_buf(size_t len, uint8_t **va, uint64_t *pa)
{
	void *p;

	simvblk_dma.alloc(&sim, len, &p, pa);
	*va = p;
}

static void test_roundtrip(void)
{
	struct vblk_req w[NREQ], r[NREQ];
	uint8_t *wbuf[NREQ], *rbuf[NREQ];
	uint64_t wpa[NREQ], rpa[NREQ];
	int ok = 1;

	for (unsigned i = 0; i < NREQ; i++) {
		dma_buf(REQLEN, &wbuf[i], &wpa[i]);
		dma_buf(REQLEN, &rbuf[i], &rpa[i]);
		for (unsigned k = 0; k < REQLEN; k++)
			wbuf[i][k] = (uint8_t)(i * 37 + k * 7);
		w[i] = (struct vblk_req){ VIRTIO_BLK_T_OUT, (uint64_t)i * 3 * REQLEN, REQLEN, wpa[i], NULL, NULL };
		r[i] = (struct vblk_req){ VIRTIO_BLK_T_IN, (uint64_t)i * 3 * REQLEN, REQLEN, rpa[i], NULL, NULL };
		ok &= vblk_submit(&v, &w[i]) == KERN_SUCCESS;
	}
	TAP_OK(ok && v.inflight == 5 && v.stats.queued == 3 && sim.npending == 5,
	       "8 writes: 5 in flight (3 descriptors each in a 16-entry ring), 3 waiting");
	device_run();
	TAP_OK(ndone == NREQ && last_rc == KERN_SUCCESS && v.inflight == 0 && v.wait_head == NULL,
	       "all writes completed, the waiting ones started as room came");
	TAP_OK(done_order[0] == &w[4] && done_order[1] == &w[0],
	       "completions arrive out of order and are matched to their requests");
	for (unsigned i = 0; i < NREQ; i++)
		ok &= memcmp(sim.disk + (size_t)i * 3 * REQLEN, wbuf[i], REQLEN) == 0;
	TAP_OK(ok, "the disk holds exactly what was written");
	for (unsigned i = 0; i < NREQ; i++)
		ok &= vblk_submit(&v, &r[i]) == KERN_SUCCESS;
	device_run();
	for (unsigned i = 0; i < NREQ; i++)
		ok &= memcmp(rbuf[i], wbuf[i], REQLEN) == 0;
	TAP_OK(ok && ndone == 2 * NREQ, "reads bring the patterns back");
}

static void test_refused(void)
{
	struct vblk_req r = { VIRTIO_BLK_T_IN, 0, 512, 0, NULL, NULL };
	unsigned notifies = sim.notifies;
	uint64_t size = sim.capacity * 512;

	r.offset = size;
	TAP_OK(vblk_submit(&v, &r) == D_INVALID_RECNUM, "a read past the end is refused");
	r.offset = size - 512;
	r.len = 1024;
	TAP_OK(vblk_submit(&v, &r) == D_INVALID_RECNUM, "a read across the end is refused");
	r.offset = 100;
	r.len = 512;
	TAP_OK(vblk_submit(&v, &r) == D_INVALID_RECNUM, "a misaligned offset is refused");
	r.offset = 0;
	r.len = 700;
	TAP_OK(vblk_submit(&v, &r) == D_INVALID_SIZE, "a misaligned length is refused");
	r.len = 0;
	TAP_OK(vblk_submit(&v, &r) == D_INVALID_SIZE, "a zero length is refused");
	r.len = BLOCK_IO_MAX + 512;
	TAP_OK(vblk_submit(&v, &r) == D_INVALID_SIZE, "a length over BLOCK_IO_MAX is refused");
	TAP_OK(sim.notifies == notifies && sim.npending == 0 && v.stats.refused == 6,
	       "no refused request reached the device");
}

static void test_errors_and_flush(void)
{
	struct vblk_req r = { VIRTIO_BLK_T_IN, 0, 512, 0, NULL, NULL };
	struct vblk_req f = { VIRTIO_BLK_T_FLUSH, 0, 0, 0, NULL, NULL };
	uint8_t *buf;

	dma_buf(512, &buf, &r.data_pa);
	sim.fail_next = 1;
	vblk_submit(&v, &r);
	device_run();
	TAP_OK(last_rc == D_IO_ERROR && v.stats.io_errors == 1, "a device error is reported as D_IO_ERROR");
	ndone = 0;
	TAP_OK(vblk_submit(&v, &f) == KERN_SUCCESS && sim.npending == 1 && ndone == 0,
	       "flush goes to the device (FLUSH negotiated)");
	device_run();
	TAP_OK(ndone == 1 && last_rc == KERN_SUCCESS, "flush completes");
	TAP_OK(v.q.nfree == v.q.size && v.q.last_used == v.q.used->idx && sim.bad_chains == 0,
	       "the ring is consistent: every descriptor free, every used entry consumed");
}

int main(void)
{
	struct portio none = { none8, none16, none32, nout8, nout16, nout32, NULL };
	struct portio io = simvblk_io;
	struct vblk_pci dev;
	uint32_t all = VIRTIO_BLK_FEATURES_WANTED | (1u << 29) | (1u << 28);
	struct vblk_req w = { VIRTIO_BLK_T_OUT, 0, 512, 0, NULL, NULL };
	uint8_t *buf;

	TAP_PLAN(24);
	TAP_OK(vblk_find(&none, 0, &dev) == D_NO_SUCH_DEVICE, "no device: D_NO_SUCH_DEVICE");
	TAP_OK(setup(4096, 16, all & ~(1u << VIRTIO_BLK_F_RO), 512) == KERN_SUCCESS, "init");
	TAP_OK(v.features == ((1u << VIRTIO_BLK_F_BLK_SIZE) | (1u << VIRTIO_BLK_F_FLUSH)) &&
	       sim.guest_features == v.features, "only the wanted features are accepted");
	TAP_OK(v.capacity == 4096 && v.sector_size == 512 && v.iobase == SIMVBLK_IOBASE && v.irq == 11 &&
	       (sim.pci_cmd & (PCI_COMMAND_IO | PCI_COMMAND_MASTER)) == (PCI_COMMAND_IO | PCI_COMMAND_MASTER) &&
	       (sim.status & VIRTIO_STATUS_DRIVER_OK) && sim.pfn != 0,
	       "found on PCI, bus mastering on, queue given, DRIVER_OK");
	/* One simulated device: a second (disk1) must not be found, or main.c would serve it twice. */
	io.ctx = &sim;
	TAP_OK(vblk_find(&io, 1, &dev) == D_NO_SUCH_DEVICE, "only one device: index 1 is D_NO_SUCH_DEVICE");
	test_roundtrip();
	test_refused();
	test_errors_and_flush();
	setup(64, 8, (1u << VIRTIO_BLK_F_RO) | (1u << VIRTIO_BLK_F_BLK_SIZE), 512);
	dma_buf(4096, &buf, &w.data_pa);
	TAP_OK(vblk_submit(&v, &w) == D_READ_ONLY, "a write to a read-only disk is refused");
	setup(64, 8, 1u << VIRTIO_BLK_F_BLK_SIZE, 4096);
	dma_buf(4096, &buf, &w.data_pa);
	w.offset = 512;
	w.len = 4096;
	TAP_OK(v.sector_size == 4096 && vblk_submit(&v, &w) == D_INVALID_RECNUM,
	       "with blk_size 4096, an offset aligned only to 512 is refused");
	w.offset = 4096;
	TAP_OK(vblk_submit(&v, &w) == KERN_SUCCESS && (device_run(), last_rc == KERN_SUCCESS),
	       "... and one aligned to 4096 works");
	simvblk_fini(&sim);
	return TAP_DONE();
}
