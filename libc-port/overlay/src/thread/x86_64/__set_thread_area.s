# Harbor overlay for musl's src/thread/x86_64/__set_thread_area.s.
#
# int __set_thread_area(void *tp)
#
# musl calls this once per thread, before the thread pointer is usable
# (so before errno, TLS or the stack protector work), to make %fs point at
# the thread's control block; it returns 0 or a negative errno.  On Linux
# it is arch_prctl(ARCH_SET_FS, tp).  Harbor keeps that meaning and sends
# the same call through the personality's dispatcher, which must
# therefore never touch TLS itself.

	.text
	.global __set_thread_area
	.hidden __set_thread_area
	.type __set_thread_area,@function
__set_thread_area:
	mov %rdi,%rdx			# arg 2: the thread pointer
	mov $0x1002,%esi		# arg 1: ARCH_SET_FS
	mov $158,%edi			# Linux x86_64 arch_prctl
	xor %ecx,%ecx
	xor %r8d,%r8d
	xor %r9d,%r9d
	push $0				# arg 7; also aligns %rsp for the call
	call __harbor_syscall
	add $8,%rsp
	ret
	.size __set_thread_area,.-__set_thread_area
	.section .note.GNU-stack,"",@progbits
