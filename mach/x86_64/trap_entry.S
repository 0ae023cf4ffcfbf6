/*
 * Trap entry and every return to user mode.
 *
 * One small stub per vector pushes a dummy error code where the
 * processor pushes none, then the vector number, and jumps to the common
 * code, which switches to the kernel GS base if the trap came from user
 * mode (`swapgs`), saves the general registers as a struct trapframe
 * (x86_64.h) and calls trap_dispatch().
 *
 * user_return (traps) and user_return_syscall (syscall_entry.S) are
 * where threads leave for user mode: with interrupts off they test the
 * current thread's AST word and run the safe point (thread_ast:
 * termination, suspension, reschedule) only when it is non-zero, then
 * leave by `sysretq` when the frame is an unmodified system-call frame
 * (rcx = rip and r11 = rflags, as the syscall instruction left them) and
 * by `iretq` otherwise.  sysret with a non-canonical rip would fault in
 * ring 0 with the user's stack, hence the USER_CANONICAL_END check.
 */
#include "x86_64/asm.h"
#include "x86_64/trap.h"

/* Vectors for which the CPU pushes an error code (SDM vol. 3, 6.13). */
#define HAS_ERROR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

	.text
	.balign 16
	.globl	trap_stubs
trap_stubs:
	.set	vec, 0
	.rept	256
	.balign	16
	.if	!HAS_ERROR(vec)
	pushq	$0
	.endif
	pushq	$vec
	jmp	trap_common
	.set	vec, vec + 1
	.endr

trap_common:
	/* vector at 0(%rsp), error at 8, rip at 16, cs at 24 */
	testb	$3, 24(%rsp)
	jz	1f
	swapgs
1:	PUSH_REGISTERS		/* struct trapframe, trap.h */
	cld
	movq	%rsp, %rdi
	/* make the backtrace start at the interrupted frame */
	pushq	TF_RIP(%rsp)
	pushq	%rbp
	movq	%rsp, %rbp
	call	trap_dispatch
	addq	$16, %rsp
	testb	$3, TF_CS(%rsp)
	jnz	user_return
	/* back to the kernel */
	POP_REGISTERS
	iretq

	/*
	 * The way out of a trap, and of a new thread (uthread_trampoline).
	 * Only a system-call frame may leave by sysret, and only after the
	 * full check (the frame of a thread that entered by syscall can
	 * reach here after an exception or a switch).
	 */
	.globl	user_return
user_return:
	cli
	movq	cpu0+CPU_CURRENT(%rip), %rax
	cmpl	$0, THREAD_AST(%rax)
	je	1f
	call	thread_ast
1:	cmpq	$SYSCALL_VECTOR, TF_VECTOR(%rsp)
	je	checked_exit
	jmp	iret_exit

	/*
	 * The way out of a system call, for the frame at %rsp, which
	 * syscall_entry built (vector SYSCALL_VECTOR; nothing rewrites a
	 * frame's vector).  Callable with interrupts on or off, from the
	 * thread's own system call or, by a jump, with %rsp = the trap
	 * frame of the thread that current_thread() already is (the IPC
	 * fast path's switch to a receiver: a frame that receiver's own
	 * syscall built).  syscall_entry.S and switch.S have the same
	 * exit (SYSCALL_EXIT, SYSCALL_EXIT_INTR_OFF: trap.h) inline.
	 */
	.globl	user_return_syscall
user_return_syscall:
	cli
	/* the same, entered with interrupts already off (switch.S) */
	.globl	user_return_syscall_intr_off
user_return_syscall_intr_off:
	SYSCALL_EXIT_INTR_OFF

	/* SYSCALL_EXIT(_INTR_OFF) found the AST word non-zero. */
	.globl	syscall_exit_ast
syscall_exit_ast:
	call	thread_ast	/* lock held (cli); returns with ast zero */
	/*
	 * sysret loads rip from rcx and rflags from r11: they must be the
	 * frame's rip and rflags, and rip canonical, else sysret would
	 * fault in ring 0 with the user's stack (the sysret privilege bug).
	 */
checked_exit:
	movq	TF_RIP(%rsp), %rax
	cmpq	TF_RCX(%rsp), %rax
	jne	iret_exit
	movabsq	$USER_CANONICAL_END, %rcx
	cmpq	%rcx, %rax
	jae	iret_exit
	movq	TF_RFLAGS(%rsp), %rax
	cmpq	TF_R11(%rsp), %rax
	jne	iret_exit
	SYSRET_TO_USER
iret_exit:
	POP_REGISTERS
	swapgs
	iretq

	.section .note.GNU-stack, "", @progbits
