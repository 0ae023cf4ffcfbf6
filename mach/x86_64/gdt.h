#ifndef X86_64_GDT_H
#define X86_64_GDT_H

#include "kern/types.h"

/* The stack the CPU switches to on a trap from user mode. */
void gdt_set_kernel_stack(uint64_t rsp0);

/* The TSS's I/O permission bitmap (GDT_IO_BITMAP_BYTES, 1 = deny). */
#define GDT_IO_BITMAP_BYTES	8192
uint8_t *gdt_io_bitmap(void);

#endif
