/*
 * Trap entry and every return to user mode.
 *
 * One small stub per vector pushes a dummy error code where the
 * processor pushes none, then the vector number, and jumps to the common
 * code, which switches to the kernel GS base if the trap came from user
 * mode (`swapgs`), saves the general registers as a struct trapframe
 * (x86_64.h) and calls trap_dispatch().
 *
 * user_return is where both traps and system calls (syscall_entry.S)
 * leave for user mode: with interrupts off it runs the safe point
 * (trap_user_return: reschedule, suspension, termination), then leaves
 * by `sysretq` when the frame is an unmodified system-call frame (the
 * fast way: rcx = rip and r11 = rflags, as the syscall instruction left
 * them) and by `iretq` otherwise.  sysret with a non-canonical rip would
 * fault in ring 0 with the user's stack, hence the USER_CANONICAL_END
 * check.
 */
#include "x86_64/asm.h"
#include "x86_64/trap.h"

/* Vectors for which the CPU pushes an error code (SDM vol. 3, 6.13). */
#define HAS_ERROR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

.macro POP_REGISTERS
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	addq	$16, %rsp	/* vector and error code */
.endm

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
1:	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
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

	.globl	user_return
user_return:
	cli
	movq	%rsp, %rdi
	call	trap_user_return
	cli
	cmpq	$SYSCALL_VECTOR, TF_VECTOR(%rsp)
	jne	2f
	jmp	3f

	/*
	 * The same for a frame syscall_entry built: its vector is
	 * SYSCALL_VECTOR (nothing rewrites a frame's vector; thread_set_state
	 * may change rip, rflags, rcx and r11, which are still compared).
	 */
	.globl	user_return_syscall
user_return_syscall:
	cli
	movq	%rsp, %rdi
	call	trap_user_return
	cli
3:	movq	TF_RIP(%rsp), %rax
	cmpq	TF_RCX(%rsp), %rax
	jne	2f
	movabsq	$USER_CANONICAL_END, %rcx
	cmpq	%rcx, %rax
	jae	2f
	movq	TF_RFLAGS(%rsp), %rax
	cmpq	TF_R11(%rsp), %rax
	jne	2f
	/* sysret: rcx = rip and r11 = rflags already, as the frame says */
	POP_REGISTERS
	swapgs
	movq	24(%rsp), %rsp	/* user rsp; rip/rflags are in rcx/r11 */
	sysretq
2:	POP_REGISTERS
	swapgs
	iretq

	.section .note.GNU-stack, "", @progbits
