/*
 * The x86_64 numbers behind mach/vm/vm_param.h: page size and the layout
 * of the 48-bit virtual address space.  Only vm/vm_param.h includes this.
 *
 *   0x0000000000001000 .. 0x00007fffffff0000   user (one vm_map per task)
 *   0xffff800000000000 .. + physical size      direct map of all RAM
 *   0xffffffff80000000 .. + 2 GiB               kernel image (-mcmodel=kernel)
 *
 * PML4 entries 256..511 (the upper half) are shared by every address
 * space; a user pmap owns only entries 0..255.
 */
#ifndef X86_64_VM_PARAM_H
#define X86_64_VM_PARAM_H

#define ARCH_PAGE_SHIFT		12

#define ARCH_DIRECT_MAP_BASE	0xffff800000000000ul
#define ARCH_DIRECT_MAP_MAX	0x0000040000000000ul	/* 4 TiB (8 PML4 slots) */
#define ARCH_KERNEL_IMAGE_BASE	0xffffffff80000000ul

/* The user half: page 0 stays unmapped to catch NULL pointers. */
#define ARCH_VM_MIN_USER_ADDRESS	0x0000000000001000ul
#define ARCH_VM_MAX_USER_ADDRESS	0x00007fffffff0000ul

#endif
