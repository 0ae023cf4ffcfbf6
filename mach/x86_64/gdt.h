#ifndef X86_64_GDT_H
#define X86_64_GDT_H

#include "kern/types.h"

/* The stack the CPU switches to on a trap from user mode. */
void gdt_set_kernel_stack(uint64_t rsp0);

#endif
