/*
 * uint64_t trap_regs_kept(mach_msg_header_t *msg, mach_msg_option_t option,
 *     mach_msg_size_t send_size, mach_msg_size_t rcv_size,
 *     mach_port_name_t rcv_name, mach_msg_return_t *mr)
 *
 * The trap convention (docs/ipc.md): mach_msg keeps rbx, rbp, rsp and
 * r12-r15 as a C call does.  This loads a distinct pattern into each of
 * those six, makes the mach_msg trap (no timeout), stores its result
 * through mr, and returns a mask of the registers that came back changed
 * (bit 0 rbx, 1 rbp, 2 r12, 3 r13, 4 r14, 5 r15; 0: all kept) — whichever
 * way the kernel returned: by its own way out, or straight from the trap
 * frame when the IPC fast path's sender completed the call for us.
 */
#define PAT(n)	(0x5a5a000000000000 | ((n) << 40) | 0x1234567)

/* Set `bit` in %eax unless `reg` still holds PAT(n) (uses %rcx). */
.macro KEPT reg, n, bit
	movabsq	$PAT(\n), %rcx
	cmpq	%rcx, \reg
	je	1f
	orl	$\bit, %eax
1:
.endm

	.text
	.globl	trap_regs_kept
	.type	trap_regs_kept, @function
trap_regs_kept:
	pushq	%rbx
	pushq	%rbp
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	pushq	%r9			/* mr */
	movabsq	$PAT(1), %rbx
	movabsq	$PAT(2), %rbp
	movabsq	$PAT(3), %r12
	movabsq	$PAT(4), %r13
	movabsq	$PAT(5), %r14
	movabsq	$PAT(6), %r15
	movq	%rcx, %r10		/* the fourth argument */
	xorl	%r9d, %r9d		/* no timeout */
	movl	$31, %eax		/* MACH_TRAP_MSG */
	syscall
	popq	%r9
	movl	%eax, (%r9)
	xorl	%eax, %eax
	KEPT	%rbx, 1, 1
	KEPT	%rbp, 2, 2
	KEPT	%r12, 3, 4
	KEPT	%r13, 4, 8
	KEPT	%r14, 5, 16
	KEPT	%r15, 6, 32
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	ret
	.size	trap_regs_kept, . - trap_regs_kept

	.section .note.GNU-stack, "", @progbits
