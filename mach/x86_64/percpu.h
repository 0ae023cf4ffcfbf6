/*
 * The x86_64 per-CPU area, reached through the GS base while in the
 * kernel (user GS base sits in MSR_KERNEL_GS_BASE until `swapgs`).  The
 * system-call entry needs it before it has a stack: it parks the user
 * stack pointer here and loads the kernel one.  Offsets are used from
 * assembly (syscall_entry.S) and checked at compile time (percpu.c).
 */
#ifndef X86_64_PERCPU_H
#define X86_64_PERCPU_H

#define PERCPU_SELF		0
#define PERCPU_KERNEL_RSP	8
#define PERCPU_USER_RSP		16

#ifndef __ASSEMBLER__
#include "kern/types.h"
#include "x86_64/gdt.h"

struct arch_cpu {
	struct arch_cpu *self;		/* %gs:0, for a C-visible pointer */
	uint64_t kernel_rsp;		/* top of the running thread's kernel stack */
	uint64_t user_rsp;		/* scratch: user rsp during syscall entry */
	uint64_t fs_base;		/* what FS_BASE holds now (skip rewrites) */
	uint64_t user_gs_base;		/* what KERNEL_GS_BASE holds now */
};

extern struct arch_cpu arch_cpu0;

#define MSR_FS_BASE		0xc0000100
#define MSR_GS_BASE		0xc0000101
#define MSR_KERNEL_GS_BASE	0xc0000102
#define MSR_STAR		0xc0000081
#define MSR_LSTAR		0xc0000082
#define MSR_FMASK		0xc0000084

void percpu_init(void);

/* The running thread's kernel stack top, for traps (TSS) and syscalls. */
static inline void
percpu_set_kernel_stack(uint64_t top)
{
	arch_cpu0.kernel_rsp = top;
	gdt_set_kernel_stack(top);
}
#endif

#endif
