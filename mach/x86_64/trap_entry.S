/*
 * Trap entry.  One small stub per vector pushes a dummy error code where
 * the processor pushes none, then the vector number, and jumps to the
 * common code, which saves the general registers as a struct trapframe
 * (x86_64.h) and calls trap_dispatch().
 */
#include "x86_64/asm.h"

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
	/* from user mode? then switch to the kernel's GS (swapgs comes later) */
	pushq	%rax
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
	movq	15*8 + 2*8(%rsp), %rax	/* rip */
	pushq	%rax
	pushq	%rbp
	movq	%rsp, %rbp
	call	trap_dispatch
	addq	$16, %rsp
	.globl	trap_return
trap_return:
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
	iretq

	.section .note.GNU-stack, "", @progbits
