/*
 * arch_switch (kern/arch_thread.h), inline: the IPC fast path's direct
 * hand-off (kern/sched_handoff.h) switches on every RPC half, and the
 * call with its frame cost a quarter of the switch.  thread_md.c's
 * arch_switch, for every other caller, is this same body.  Reached from
 * generic code through kern/arch_switch.h only.
 */
#ifndef X86_64_SWITCH_INLINE_H
#define X86_64_SWITCH_INLINE_H

#include "kern/task.h"
#include "kern/thread.h"
#include "x86_64/cpu.h"
#include "x86_64/fpu.h"
#include "x86_64/iopb.h"
#include "x86_64/percpu.h"
#include "x86_64/pmap_impl.h"
#include "x86_64/thread_md.h"
#include "x86_64/trap.h"

/* switch.S */
struct thread *arch_context_switch(uint64_t *save_sp, uint64_t new_sp,
    struct thread *prev);
struct thread *arch_context_switch_to_user(uint64_t *save_sp,
    struct trapframe *tf);

/*
 * pmap_activate(pmap) for the hand-off (kern/sched_handoff.h), inline:
 * interrupts are already off (the scheduler lock).
 */
static inline __attribute__((always_inline)) void
arch_pmap_switch_inline(struct pmap *pmap)
{
	if (pmap != active_pmap) {
		active_pmap = pmap;
		__asm__ volatile("mov %0, %%cr3" :: "r"(pmap->pml4_pa) : "memory");
	}
}

/* Make the MSRs hold t's user TLS bases (unless they already do). */
static inline __attribute__((always_inline)) void
arch_load_tls_bases(const struct thread *t)
{
	struct arch_cpu *c = &arch_cpu0;

	if (c->fs_base != t->md->fs_base) {
		wrmsr(MSR_FS_BASE, t->md->fs_base);
		c->fs_base = t->md->fs_base;
	}
	if (c->user_gs_base != t->md->gs_base) {
		wrmsr(MSR_KERNEL_GS_BASE, t->md->gs_base);
		c->user_gs_base = t->md->gs_base;
	}
}

/*
 * The machine half of a switch, before the stacks change.  Kernel threads
 * need nothing: they use no FPU, no TLS, and never trap from user mode,
 * so switching to one leaves the last user thread's FPU registers and
 * bases in place.
 */
static inline __attribute__((always_inline)) void
arch_switch_prepare_user_inline(struct thread *to)
{
	percpu_set_kernel_stack(to->kstack_top);
	arch_load_tls_bases(to);
	fpu_switch_to(&to->md->fpu);
	/* its I/O ports (device.h); usually none, as before */
	if (iopb_switch_needed(to->task->id, to->task->io_bitmap != NULL))
		iopb_switch(to->task);
}

static inline __attribute__((always_inline)) void
arch_switch_prepare_inline(struct thread *to)
{
	if (!(to->flags & THREAD_KERNEL))
		arch_switch_prepare_user_inline(to);
}

/* The stacks: returns, in `from`, when something switches back to it. */
static inline __attribute__((always_inline)) struct thread *
arch_context_switch_inline(struct thread *from, struct thread *to)
{
	return arch_context_switch(&from->ksp, to->ksp, from);
}

static inline __attribute__((always_inline)) struct thread *
arch_switch_inline(struct thread *from, struct thread *to)
{
	arch_switch_prepare_inline(to);
	return arch_context_switch_inline(from, to);
}

/*
 * Leave `from`'s stack for `to`'s trap frame (a user thread blocked in a
 * system call): the call returns `result` in rax and `to` goes back to
 * user mode through user_return_syscall (trap_entry.S), which takes its
 * ASTs and picks sysret or iret as for any system call.  `from` is saved exactly
 * as arch_context_switch saves it.
 */
static inline __attribute__((always_inline)) struct thread *
arch_switch_to_user_inline(struct thread *from, struct thread *to,
    uint64_t result)
{
	/* thread_trapframe(), inline: the frame tops the kernel stack */
	struct trapframe *tf =
	    (struct trapframe *)(to->kstack_top - sizeof(struct trapframe));

	tf->rax = result;
	return arch_context_switch_to_user(&from->ksp, tf);
}

#endif
