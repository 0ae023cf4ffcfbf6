/*
 * The virtio-blk driver core: a transitional virtio-pci block device
 * driven through its legacy I/O-port interface, one request virtqueue,
 * several requests in flight, completion from the used ring.
 *
 * Why legacy: QEMU's `-drive if=virtio` on the PC machine is a
 * transitional device (PCI id 1AF4:1001, virtio 1.1 4.1.2.3) that keeps
 * the legacy register block in I/O BAR0 (4.1.4.8 "Legacy Interfaces: A
 * Note on PCI Device Layout").  Port I/O needs only io_port_grant, no
 * MMIO mapping, and no capability parsing; the modern interface (1AF4:1042,
 * capabilities, VIRTIO_F_VERSION_1) can replace it behind this API.
 *
 * Requests (5.2.6 "Device Operation"): a chain of the 16-byte header
 * (type, reserved, sector in 512-byte units), the data buffer (device
 * writes it for a read), and a one-byte status the device writes.  Data
 * must be physically contiguous (from dma_alloc).  Requests are checked
 * before anything reaches the device: offset and length multiples of the
 * sector size (blk_size if offered, else 512), length 1..BLOCK_IO_MAX,
 * range inside the capacity, no writes to a read-only disk; a bad one
 * gets an error at once and is never submitted.  When the ring has too
 * few free descriptors, requests wait in FIFO order and go in as
 * completions free descriptors.
 *
 * Single-threaded: everything runs from the server's receive loop (IRQ
 * messages call vblk_interrupt).
 */
#ifndef SERVERS_VIRTIO_BLK_VBLK_H
#define SERVERS_VIRTIO_BLK_VBLK_H

#include <mach/kern_return.h>

#include "pci.h"
#include "portio.h"
#include "servers_bounds.h"
#include "virtq.h"

#define VIRTIO_VENDOR			0x1AF4
#define VIRTIO_BLK_TRANSITIONAL		0x1001

/* Legacy register block (virtio 1.1 4.1.4.8), offsets in BAR0. */
#define VIRTIO_PCI_HOST_FEATURES	0x00	/* 32 */
#define VIRTIO_PCI_GUEST_FEATURES	0x04	/* 32 */
#define VIRTIO_PCI_QUEUE_PFN		0x08	/* 32: queue address >> 12 */
#define VIRTIO_PCI_QUEUE_NUM		0x0C	/* 16: size, set by the device */
#define VIRTIO_PCI_QUEUE_SEL		0x0E	/* 16 */
#define VIRTIO_PCI_QUEUE_NOTIFY		0x10	/* 16 */
#define VIRTIO_PCI_STATUS		0x12	/* 8 */
#define VIRTIO_PCI_ISR			0x13	/* 8: reading it acknowledges */
#define VIRTIO_PCI_CONFIG		0x14	/* device config without MSI-X */

/* virtio-blk config (5.2.4), offsets from VIRTIO_PCI_CONFIG. */
#define VIRTIO_BLK_CFG_CAPACITY		0x00	/* 64: 512-byte sectors */
#define VIRTIO_BLK_CFG_BLK_SIZE		0x14	/* 32 */

/* Device status bits (2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE	1
#define VIRTIO_STATUS_DRIVER		2
#define VIRTIO_STATUS_DRIVER_OK		4
#define VIRTIO_STATUS_FAILED		128

/* Feature bits (5.2.3). */
#define VIRTIO_BLK_F_RO			5
#define VIRTIO_BLK_F_BLK_SIZE		6
#define VIRTIO_BLK_F_FLUSH		9
#define VIRTIO_BLK_FEATURES_WANTED \
	((1u << VIRTIO_BLK_F_RO) | (1u << VIRTIO_BLK_F_BLK_SIZE) | (1u << VIRTIO_BLK_F_FLUSH))

/* Request types and status (5.2.6). */
#define VIRTIO_BLK_T_IN			0
#define VIRTIO_BLK_T_OUT		1
#define VIRTIO_BLK_T_FLUSH		4
#define VIRTIO_BLK_S_OK			0
#define VIRTIO_BLK_S_IOERR		1
#define VIRTIO_BLK_S_UNSUPP		2

#define VBLK_SECTOR			512	/* the unit of the header's sector */
#define VBLK_HDR_SLOT			32	/* header (16) + status (1), per descriptor */

struct vblk_dma {
	/* Physically contiguous, page-aligned memory: its address and physical address. */
	int (*alloc)(void *ctx, size_t size, void **va, uint64_t *pa);
	void *ctx;
};

struct vblk_req {
	uint32_t type;			/* VIRTIO_BLK_T_IN, _OUT or _FLUSH */
	uint64_t offset;		/* bytes */
	uint32_t len;			/* bytes */
	uint64_t data_pa;		/* physically contiguous data */
	void *cookie;			/* the caller's: the reply port, say */
	struct vblk_req *next;		/* waiting list (the core's) */
};

struct vblk;
typedef void (*vblk_done_t)(struct vblk *v, struct vblk_req *req, kern_return_t rc, void *arg);

struct vblk_stats {
	unsigned long submitted, completed, refused, queued, io_errors, device_errors;
};

struct vblk {
	struct portio io;
	uint16_t iobase;
	uint8_t irq;
	uint32_t features;		/* negotiated */
	uint64_t capacity;		/* in VBLK_SECTOR units */
	uint32_t sector_size;		/* what clients must align to */
	struct virtq q;
	uint8_t *hdr;			/* VBLK_HDR_SLOT per descriptor: headers, statuses */
	uint64_t hdr_pa;
	struct vblk_req *wait_head, *wait_tail;
	unsigned inflight;
	vblk_done_t done;
	void *done_arg;
	struct vblk_stats stats;
};

/* Where a device sits: found first, so that its ports can be granted before vblk_init. */
struct vblk_pci {
	struct pci_loc loc;
	uint16_t iobase;		/* legacy register block (BAR0, I/O) */
	uint8_t irq;			/* 8259 line (PCI interrupt line register) */
};

/*
 * The index-th transitional virtio-blk function (0: the first, in PCI
 * order); D_NO_SUCH_DEVICE if there are fewer or its BAR0 is not I/O.
 * Reads configuration space only.
 */
kern_return_t vblk_find(const struct portio *io, unsigned index, struct vblk_pci *dev);
/* Turn on the device's decoding, reset it, negotiate, set up the queue, DRIVER_OK. */
kern_return_t vblk_init(struct vblk *v, const struct portio *io, const struct vblk_pci *dev,
			const struct vblk_dma *dma, vblk_done_t done, void *arg);
/* Check, then start or queue.  An error means the request was not taken. */
kern_return_t vblk_submit(struct vblk *v, struct vblk_req *req);
/* Acknowledge the interrupt, complete what the device finished, start waiting requests. */
void vblk_interrupt(struct vblk *v);

#endif
