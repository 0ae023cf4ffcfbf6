/*
 * Entry of a user test program: the kernel starts us with rdi = the
 * bootstrap information page and rsp = the top of our stack.  Align the
 * stack as the SysV ABI wants at a call, and call ustart(info), which
 * never returns (it exits the task).
 */
	.text
	.globl	_start
_start:
	xorl	%ebp, %ebp
	andq	$-16, %rsp
	call	ustart
	ud2

	.section .note.GNU-stack, "", @progbits
