# Harbor overlay for musl's src/process/x86_64/vfork.s.
#
# pid_t vfork(void)
#
# On Linux the vfork child borrows the parent's stack, so vfork must not
# keep its return address on that stack, which forces assembly.  On
# Harbor a new process is always a new task with its own copy-on-write
# address space (design.md, section 4), so the child never shares the
# parent's stack, and vfork is simply the Linux vfork call sent through
# the personality's dispatcher; the personality gives it fork semantics,
# as POSIX allows.  The result goes through musl's __syscall_ret to set
# errno like every other call.

	.text
	.global vfork
	.type vfork,@function
vfork:
	mov $58,%edi			# Linux x86_64 vfork
	xor %esi,%esi
	xor %edx,%edx
	xor %ecx,%ecx
	xor %r8d,%r8d
	xor %r9d,%r9d
	push $0				# arg 7; also aligns %rsp for the call
	call __harbor_syscall
	add $8,%rsp
	mov %rax,%rdi
	.hidden __syscall_ret
	jmp __syscall_ret
	.size vfork,.-vfork
	.section .note.GNU-stack,"",@progbits
