/*
 * The `syscall` instruction lands here (MSR_LSTAR, set by syscall_md.c)
 * with interrupts off (MSR_FMASK clears IF, DF, TF, AC), rcx = user rip,
 * r11 = user rflags, and still the user's stack and GS base.  We switch
 * to the kernel GS base and the thread's kernel stack, build the same
 * struct trapframe as a trap (vector SYSCALL_VECTOR), so that
 * thread_get_state, exceptions and the way out are shared, run
 * syscall_dispatch() with interrupts on (mach_msg_trap_regs() for
 * mach_msg, with them still off: see below), and leave by SYSCALL_EXIT
 * (trap.h; the body of trap_entry.S's user_return_syscall, inline: one
 * test of the thread's AST word, then sysretq).
 * Register convention: number in rax, arguments in rdi, rsi, rdx, r10,
 * r8, r9; result in rax (the Linux/SysV x86_64 kernel convention).
 */
#include "x86_64/asm.h"
#include "x86_64/percpu.h"
#include "x86_64/trap.h"

#define SEL_UDATA_USER	(0x20 | 3)
#define SEL_UCODE_USER	(0x28 | 3)

	.text
	.globl	syscall_entry
syscall_entry:
	swapgs
	movq	%rsp, %gs:PERCPU_USER_RSP
	movq	%gs:PERCPU_KERNEL_RSP, %rsp
	pushq	$SEL_UDATA_USER		/* ss */
	pushq	%gs:PERCPU_USER_RSP	/* rsp */
	pushq	%r11			/* rflags */
	pushq	$SEL_UCODE_USER		/* cs */
	pushq	%rcx			/* rip */
	pushq	$0			/* error */
	pushq	$SYSCALL_VECTOR		/* vector */
	cmpq	$SYSCALL_MACH_MSG, %rax
	je	mach_msg_entry
	PUSH_REGISTERS			/* struct trapframe, trap.h */
	/*
	 * A frame for backtraces, inside the trap frame: the error slot
	 * (0 for a system call: the walk ends there) followed by the user
	 * rip, as [saved rbp][return address].  The user's rbp is saved
	 * above.
	 */
	leaq	TF_ERROR(%rsp), %rbp
	movq	%rsp, %rdi
	sti
	call	syscall_dispatch
	SYSCALL_EXIT

	/*
	 * mach_msg, the IPC hot path.  The trap convention (docs/ipc.md,
	 * "The trap convention"; x86_64/DESIGN.md) is a C call's: a trap
	 * keeps rbx, rbp, rsp and r12-r15, returns its result in rax, and
	 * need not keep rcx, rdx, rsi, rdi and r8-r11.  So mach_msg saves
	 * no slot for its result and arguments (rax, rdx, rsi, rdi, r8-r10,
	 * the last seven words of the frame: one subtraction); those slots
	 * keep what an earlier trap of this thread left there, and the way
	 * out restores that — the thread's own old values, never the
	 * kernel's.  rcx and r11 are pushed: the way out takes rip and
	 * rflags for sysret from them.  The six arguments are still in rdi,
	 * rsi, rdx, r10, r8, r9; the fourth goes to rcx for the C
	 * convention.  The result goes to the frame's rax.  Interrupts stay
	 * off: the IPC fast path's guards run under the scheduler lock,
	 * which that is, and mach_msg_trap_regs turns them on for everything
	 * else (SCHED_LOCK_HELD_BY_TRAP, kern/sched.h).
	 */
mach_msg_entry:
	subq	$TF_SCRATCH_SIZE, %rsp	/* rax, rdx, rsi, rdi, r8-r10 */
	PUSH_KEPT_REGISTERS
	leaq	TF_ERROR(%rsp), %rbp	/* the backtrace frame, as above */
	movq	%r10, %rcx
	call	mach_msg_trap_regs	/* interrupts still off: sched.h */
	movq	%rax, TF_RAX(%rsp)
	SYSCALL_EXIT

	.section .note.GNU-stack, "", @progbits
