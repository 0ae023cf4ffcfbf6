/*
 * The driver's state on Harbor: the disks it found (one service port
 * each, registered as disk0, disk1, ...), the interrupt port every
 * registered line reports to, and the fixed pool of request slots that
 * block requests occupy while the device works on them.
 *
 * Single-threaded: everything here is touched only by the receive loop
 * (srv_loop_run in main.c), so nothing is locked.
 */
#ifndef SERVERS_VIRTIO_BLK_DISK_H
#define SERVERS_VIRTIO_BLK_DISK_H

#include <mach/message.h>

#include "srv_server.h"
#include "vblk.h"

#define DISK_MAX	4	/* disks served: names disk0..disk3 */
#define DISK_NAME_MAX	8
/*
 * Requests accepted at once over all disks.  QEMU's 256-descriptor queue
 * holds 85 reads or writes, so with QEMU all of them are on the ring; a
 * smaller queue leaves the rest in the core's FIFO.  A request beyond the
 * pool gets D_NO_MEMORY (a bounded table is full) rather than waiting
 * unseen in the driver.  Each slot used keeps a BLOCK_IO_MAX DMA buffer.
 */
#define DISK_SLOTS	64

struct disk {
	struct vblk v;
	mach_port_t port;		/* service port: our receive right */
	char name[DISK_NAME_MAX];
};

/* One accepted request, from its S_block_* call to its reply. */
struct disk_req {
	struct vblk_req vr;		/* vr.cookie points back here */
	struct disk *disk;
	mach_port_t reply;		/* the client's send-once right, kept until the answer */
	mach_msg_id_t request_id;	/* which call: the reply's kind, srv_reply_error's id */
	uint8_t *buf;			/* DMA bounce buffer of BLOCK_IO_MAX, made at first use */
	uint64_t buf_pa;
	int busy;
};

struct disk_driver {
	struct srv_server srv;
	mach_port_t host_priv;
	mach_port_t irq_port;		/* receive right; the kernel holds the only send right */
	struct vblk_dma dma;
	struct disk disks[DISK_MAX];
	unsigned ndisks;
	struct disk_req slots[DISK_SLOTS];
};

/* The one driver of this task (the S_block_* functions get only a port name). */
extern struct disk_driver disk_driver;

/*
 * Find the index-th device, grant its ports, initialise it, register its
 * interrupt line, make its service port.  D_NO_SUCH_DEVICE when there is
 * no such device; another error leaves the device unused.
 */
kern_return_t disk_attach(struct disk_driver *drv, unsigned index);

struct disk *disk_lookup(struct disk_driver *drv, mach_port_t port);

/* A free slot with its buffer for a request on d, or NULL (pool full, no DMA memory). */
struct disk_req *disk_req_get(struct disk_driver *drv, struct disk *d, mach_port_t reply,
			      mach_msg_id_t request_id);
void disk_req_put(struct disk_req *r);

/* Answer a finished request (block_ipc.c): the reply, then the slot goes back. */
void block_ipc_complete(struct disk_req *r, kern_return_t rc);

#endif
