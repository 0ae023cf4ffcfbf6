/*
 * Context switch between kernel stacks, and the first instructions of a
 * new thread.
 *
 * arch_context_switch(uint64_t *save_sp, uint64_t new_sp, struct thread *prev)
 * pushes the callee-saved registers (the SysV ABI makes the caller save
 * the rest), stores the stack pointer through save_sp, loads new_sp, pops
 * the other thread's callee-saved registers and returns on its stack,
 * with `prev` in %rax: the resumed thread learns whom it replaced.
 * A new thread's stack is built by thread_md.c to look like one that
 * switched away, returning into one of the trampolines below.
 */
#include "x86_64/trap.h"

/*
 * Save the current thread: its callee-saved registers on its stack, the
 * stack pointer through %rdi (save_sp), then take up the stack in %rsi.
 * The saved stack is what arch_context_switch pops and returns on.
 */
.macro SAVE_AND_TAKE_STACK
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
.endm

	.text
	.globl	arch_context_switch
arch_context_switch:
	SAVE_AND_TAKE_STACK
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	movq	%rdx, %rax
	ret

/*
 * arch_context_switch_to_user(uint64_t *save_sp, struct trapframe *tf)
 * saves the current thread as arch_context_switch does (a later switch
 * back returns from here, with the previous thread in %rax), then leaves
 * for user mode from tf, the trap frame of the thread that is now current
 * (switch_inline.h, arch_switch_to_user_inline): the IPC fast path's
 * receiver, whose system call the sender has completed.  That frame was
 * built by syscall_entry (a thread waiting in the fast path is always in
 * mach_msg, and `syscall` is the only way user mode enters a system
 * call), so it leaves as user_return_syscall does, past its `cli`
 * (SYSCALL_EXIT_INTR_OFF, trap.h, inline: the AST test, then sysret):
 * interrupts are off (the scheduler lock) and stay off until sysret/iret.
 */
	.globl	arch_context_switch_to_user
arch_context_switch_to_user:
	SAVE_AND_TAKE_STACK
	SYSCALL_EXIT_INTR_OFF	/* user_return_syscall_intr_off, inline */

/* A kernel thread: %r12 = function, %r13 = argument. */
	.globl	kthread_trampoline
kthread_trampoline:
	movq	%rax, %rdi
	movq	%r12, %rsi
	movq	%r13, %rdx
	xorl	%ebp, %ebp		/* ends backtraces here */
	andq	$-16, %rsp
	call	thread_kernel_start
	ud2

/* A user thread: the stack pointer now points at its trapframe. */
	.globl	uthread_trampoline
uthread_trampoline:
	movq	%rax, %rdi
	xorl	%ebp, %ebp
	call	thread_user_start
	jmp	user_return

	.section .note.GNU-stack, "", @progbits
