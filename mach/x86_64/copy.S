/*
 * The only kernel code that touches user addresses.  copy_user_bytes()
 * is a plain copy, 8-byte words (`rep movsq`) then the 0-7 bytes left
 * (`rep movsb`), whose copying instructions are listed in the
 * fault-recovery table: a page fault there that vm_fault() cannot
 * resolve makes trap.c resume at the table's fixup address, which
 * returns nonzero instead of panicking.  copyio.c checks the address
 * range before calling it.
 *
 * int copy_user_bytes(void *dst, const void *src, size_t len)
 *	returns 0, or 1 if a fault could not be resolved.
 *
 * Words rather than bytes: under `qemu -icount` every iteration of a
 * `rep` string instruction counts as one instruction, and the IPC fast
 * path's copies (a few dozen bytes) were among its largest costs.  A
 * fault in either window returns 1 whatever was copied, as before.
 */
	.text
	.globl	copy_user_bytes
copy_user_bytes:
	movq	%rdx, %rcx
	shrq	$3, %rcx
copy_user_begin:
	rep movsq
	movl	%edx, %ecx
	andl	$7, %ecx
	rep movsb
copy_user_end:
	xorl	%eax, %eax
	ret
copy_user_fault:
	movl	$1, %eax
	ret

/*
 * { first rip, end rip (exclusive), fixup rip }, one triple per window,
 * in .fault_recovery (copyio.h, struct fault_recovery: begin, end,
 * fixup, nowait): kernel.ld gathers every object's entries between
 * fault_recovery_table and fault_recovery_table_end (the IPC fast path's
 * inline copies, x86_64/arch_inline.h, add theirs).
 */
	.section .fault_recovery, "a"
	.balign	8
	.quad	copy_user_begin, copy_user_end, copy_user_fault, 0

	.section .note.GNU-stack, "", @progbits
