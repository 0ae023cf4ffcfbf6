/*
 * One split virtqueue (virtio 1.1, 2.6 "Split Virtqueues") in the legacy
 * memory layout (2.6.2 "Legacy Interfaces: A Note on Virtqueue Layout"):
 * the descriptor table, the available ring, then, at the next 4096-byte
 * boundary, the used ring, all in one physically contiguous allocation
 * whose page frame number the driver gives the device.
 *
 * The driver owns free descriptors (a free list through `next`) and the
 * available ring; the device owns the used ring.  Multi-byte fields are
 * little-endian, which x86_64 is.  Ordering: descriptors are written
 * before the available ring entry, that entry before avail->idx, and
 * avail->idx before the device is notified (2.6.13 "Supplying Buffers to
 * The Device"); used entries are read only after used->idx (2.6.14).
 */
#ifndef SERVERS_VIRTIO_BLK_VIRTQ_H
#define SERVERS_VIRTIO_BLK_VIRTQ_H

#include <stddef.h>
#include <stdint.h>

#define VIRTQ_SIZE_MAX		1024	/* descriptors: larger queues are refused */
#define VIRTQ_ALIGN		4096	/* legacy used ring alignment */

#define VIRTQ_DESC_F_NEXT	1
#define VIRTQ_DESC_F_WRITE	2	/* the device writes this buffer */

struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct virtq_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];		/* then uint16_t used_event */
};

struct virtq_used_elem {
	uint32_t id;			/* head of the chain */
	uint32_t len;			/* bytes the device wrote */
};

struct virtq_used {
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem ring[];	/* then uint16_t avail_event */
};

/* One buffer of a chain. */
struct virtq_buf {
	uint64_t pa;
	uint32_t len;
	int device_writes;
};

struct virtq {
	uint16_t size;			/* a power of two, <= VIRTQ_SIZE_MAX */
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	struct virtq_used *used;
	uint64_t pa;			/* of desc: the queue's start */
	uint16_t free_head, nfree;
	uint16_t last_used;		/* used->idx we have consumed up to */
	void *cookie[VIRTQ_SIZE_MAX];	/* per head: the request */
};

/* Bytes of a legacy queue of `size` descriptors. */
size_t virtq_bytes(uint16_t size);
/* mem: virtq_bytes(size) zeroed-or-not, page aligned, physically contiguous at pa. */
int virtq_init(struct virtq *q, void *mem, uint64_t pa, uint16_t size);
/* Put a chain on the available ring; its head, or -1 if too few descriptors are free. */
int virtq_add(struct virtq *q, const struct virtq_buf *bufs, unsigned n, void *cookie);
/* Take one completed chain: 1 and its cookie and length, or 0 if none. */
int virtq_get_used(struct virtq *q, void **cookie, uint32_t *len, uint16_t *head);

#endif
