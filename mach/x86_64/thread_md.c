/*
 * Threads on x86_64: building a new thread's first kernel stack frames,
 * the machine half of a context switch (kernel stack for traps, TLS
 * bases, FPU), and the user register state for thread_get/set_state.
 * Layout of the stack pages: thread_md.h.
 */
#include <mach/kern_return.h>

#include "kern/arch_thread.h"
#include "kern/cpu.h"
#include "kern/string.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "vm/vm_param.h"
#include "x86_64/cpu.h"
#include "x86_64/iopb.h"
#include "x86_64/percpu.h"
#include "x86_64/switch_inline.h"
#include "x86_64/thread_md.h"
#include "x86_64/thread_state.h"

extern char kthread_trampoline[], uthread_trampoline[];

/* What arch_context_switch pops: callee-saved registers, return address. */
struct switch_frame {
	uint64_t r15, r14, r13, r12, rbx, rbp;
	uint64_t rip;
};

/* Flags a user thread starts with and may change (SDM vol. 1, 3.4.3). */
#define RFLAGS_RESERVED1	(1ul << 1)
#define RFLAGS_USER_MASK	0x0cd5ul	/* CF PF AF ZF SF TF DF OF */
#define RFLAGS_AC		(1ul << 18)
#define USER_ADDR_LIMIT		0x0000800000000000ul	/* canonical lower half */

void
arch_thread_init(struct thread *t, void *stack, size_t size)
{
	uintptr_t md = ALIGN_DOWN((uintptr_t)stack + size - sizeof(struct arch_thread), 64);

	t->md = (struct arch_thread *)md;
	t->kstack_top = ALIGN_DOWN(md, 16);
	fpu_area_init(&t->md->fpu);
	t->md->fs_base = t->md->gs_base = 0;
}

struct trapframe *
thread_trapframe(const struct thread *t)
{
	return (struct trapframe *)(t->kstack_top - sizeof(struct trapframe));
}

void
arch_thread_start_kernel(struct thread *t, void (*fn)(void *), void *arg)
{
	/* One spare word on top keeps the trampoline's frame inside the stack. */
	struct switch_frame *f = (struct switch_frame *)(t->kstack_top - 16) - 1;

	memset(f, 0, sizeof(*f));
	f->r12 = (uint64_t)fn;
	f->r13 = (uint64_t)arg;
	f->rip = (uint64_t)kthread_trampoline;
	t->ksp = (uint64_t)f;
}

void
arch_thread_start_user(struct thread *t, vaddr_t pc, vaddr_t sp, uint64_t arg)
{
	struct trapframe *tf = thread_trapframe(t);
	struct switch_frame *f = (struct switch_frame *)tf - 1;

	memset(tf, 0, sizeof(*tf));
	tf->rip = pc;
	tf->rsp = sp;
	tf->rdi = arg;
	tf->cs = SEL_UCODE | 3;
	tf->ss = SEL_UDATA | 3;
	tf->rflags = RFLAGS_IF | RFLAGS_RESERVED1;
	memset(f, 0, sizeof(*f));
	f->rip = (uint64_t)uthread_trampoline;
	t->ksp = (uint64_t)f;
}

void
arch_thread_release(struct thread *t)
{
	if (t->md)
		fpu_release(&t->md->fpu);
}

/* The machine half of a switch: x86_64/switch_inline.h. */
struct thread *
arch_switch(struct thread *from, struct thread *to)
{
	return arch_switch_inline(from, to);
}

vaddr_t
arch_thread_user_pc(const struct thread *t)
{
	return (t->flags & THREAD_KERNEL) ? 0 : thread_trapframe(t)->rip;
}

int
arch_thread_get_state(struct thread *t, int flavor, void *buf, size_t *size)
{
	struct x86_thread_state64 *s = buf;
	const struct trapframe *tf;

	if ((t->flags & THREAD_KERNEL) || flavor != X86_THREAD_STATE64 ||
	    *size < sizeof(*s))
		return KERN_INVALID_ARGUMENT;
	tf = thread_trapframe(t);
	*s = (struct x86_thread_state64){
		.rax = tf->rax, .rbx = tf->rbx, .rcx = tf->rcx, .rdx = tf->rdx,
		.rdi = tf->rdi, .rsi = tf->rsi, .rbp = tf->rbp, .rsp = tf->rsp,
		.r8 = tf->r8, .r9 = tf->r9, .r10 = tf->r10, .r11 = tf->r11,
		.r12 = tf->r12, .r13 = tf->r13, .r14 = tf->r14, .r15 = tf->r15,
		.rip = tf->rip, .rflags = tf->rflags,
		.fs_base = t->md->fs_base, .gs_base = t->md->gs_base,
	};
	*size = sizeof(*s);
	return KERN_SUCCESS;
}

int
arch_thread_set_state(struct thread *t, int flavor, const void *buf, size_t size)
{
	const struct x86_thread_state64 *s = buf;
	struct trapframe *tf;

	if ((t->flags & THREAD_KERNEL) || flavor != X86_THREAD_STATE64 ||
	    size < sizeof(*s))
		return KERN_INVALID_ARGUMENT;
	if (s->rip >= USER_ADDR_LIMIT || s->rsp >= USER_ADDR_LIMIT ||
	    s->fs_base >= USER_ADDR_LIMIT || s->gs_base >= USER_ADDR_LIMIT)
		return KERN_INVALID_ARGUMENT;
	tf = thread_trapframe(t);
	tf->rax = s->rax; tf->rbx = s->rbx; tf->rcx = s->rcx; tf->rdx = s->rdx;
	tf->rdi = s->rdi; tf->rsi = s->rsi; tf->rbp = s->rbp; tf->rsp = s->rsp;
	tf->r8 = s->r8; tf->r9 = s->r9; tf->r10 = s->r10; tf->r11 = s->r11;
	tf->r12 = s->r12; tf->r13 = s->r13; tf->r14 = s->r14; tf->r15 = s->r15;
	tf->rip = s->rip;
	tf->rflags = (s->rflags & (RFLAGS_USER_MASK | RFLAGS_AC)) |
	    RFLAGS_IF | RFLAGS_RESERVED1;
	tf->cs = SEL_UCODE | 3;
	tf->ss = SEL_UDATA | 3;
	t->md->fs_base = s->fs_base;
	t->md->gs_base = s->gs_base;
	if (t == current_thread())
		arch_load_tls_bases(t);
	/* rip, rflags, rcx, r11 may have changed: no sysret unchecked */
	thread_ast_post(t, AST_USER_FRAME);
	return KERN_SUCCESS;
}

int
arch_thread_set_tls(struct thread *t, uint64_t base)
{
	if ((t->flags & THREAD_KERNEL) || base >= USER_ADDR_LIMIT)
		return KERN_INVALID_ARGUMENT;
	t->md->fs_base = base;
	if (t == current_thread())
		arch_load_tls_bases(t);
	return KERN_SUCCESS;
}
