#ifndef X86_64_GDT_H
#define X86_64_GDT_H

#include "kern/types.h"

/* The TSS's I/O permission bitmap (GDT_IO_BITMAP_BYTES, 1 = deny). */
#define GDT_IO_BITMAP_BYTES	8192
uint8_t *gdt_io_bitmap(void);

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

/*
 * The TSS with an I/O permission bitmap right after it (SDM vol. 1
 * 19.5.2): one bit per port, 1 = fault, plus the all-ones byte the
 * processor may read past the last port.  x86_64/iopb.c fills it with
 * the running task's bitmap.  Only gdt.c and the inline below use it.
 */
struct gdt_tss_io {
	struct tss tss;
	uint8_t iomap[GDT_IO_BITMAP_BYTES + 1];
} __attribute__((packed));

extern struct gdt_tss_io tss_io;

/*
 * The stack the CPU switches to on a trap from user mode; inline, as
 * every switch to a user thread sets it (IPC hand-offs included).
 */
static inline void
gdt_set_kernel_stack(uint64_t rsp0)
{
	tss_io.tss.rsp[0] = rsp0;
}

#endif
