/*
 * mach_msg_trap(msg, option, send_size, rcv_size, rcv_name, timeout): the
 * trap of every RPC, so it is the trap instruction and nothing else.
 * The C convention brings the arguments in rdi, rsi, rdx, rcx, r8, r9;
 * the kernel wants the fourth in r10 (rcx is lost to `syscall`).  The
 * 32-bit arguments go as the caller left them, not zero-extended: the
 * kernel reads only their low halves (mach_msg_trap_regs() casts each
 * to its type).  31 is MACH_TRAP_MSG of <mach/mach_traps.h>, a C header
 * (libmach.c checks the two agree).
 */
	.text
	.globl	mach_msg_trap
	.type	mach_msg_trap, @function
mach_msg_trap:
	movq	%rcx, %r10
	movl	$31, %eax
	syscall
	ret
	.size	mach_msg_trap, . - mach_msg_trap

	.section .note.GNU-stack, "", @progbits
