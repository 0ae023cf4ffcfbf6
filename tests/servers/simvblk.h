/*
 * A simulated transitional virtio-blk PCI device for the driver tests:
 * PCI configuration mechanism #1 with one device (1AF4:1001, I/O BAR0),
 * the legacy register block, a RAM disk, and "guest memory" handed out
 * by its DMA allocator with fake physical addresses.  On a queue notify
 * it only notes the new available entries; the test completes them when
 * and in what order it likes (simvblk_complete), as a real device may.
 */
#ifndef TESTS_SERVERS_SIMVBLK_H
#define TESTS_SERVERS_SIMVBLK_H

#include <stddef.h>
#include <stdint.h>

#include "vblk.h"

#define SIMVBLK_IOBASE		0xC040
#define SIMVBLK_ARENA		(8u << 20)
#define SIMVBLK_ARENA_PA	0x40000000ull

struct simvblk {
	uint32_t cf8;
	uint32_t pci_cmd;
	uint32_t host_features, guest_features, pfn;
	uint16_t qsize;
	uint8_t status, isr;
	uint64_t capacity;		/* 512-byte sectors */
	uint32_t blk_size;
	uint8_t *disk;
	uint8_t *arena;
	size_t arena_used;
	uint16_t last_avail;
	uint16_t pending[VIRTQ_SIZE_MAX];
	unsigned npending;
	unsigned notifies;
	int fail_next;			/* next completed request gets IOERR */
	unsigned bad_chains;		/* requests not shaped as virtio-blk says */
};

extern const struct portio simvblk_io;		/* ctx: a struct simvblk * */
extern const struct vblk_dma simvblk_dma;	/* ctx: a struct simvblk * */

void simvblk_init(struct simvblk *s, uint64_t sectors, uint16_t qsize, uint32_t features);
void simvblk_fini(struct simvblk *s);
/* Complete the pending request at position i of the pending list. */
void simvblk_complete(struct simvblk *s, unsigned i);
int simvblk_irq(const struct simvblk *s);

#endif
