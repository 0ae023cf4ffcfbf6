# Harbor overlay for musl's src/thread/x86_64/__unmapself.s.
#
# _Noreturn void __unmapself(void *base, size_t size)
#
# A detached thread that exits frees its own stack and then ends; once
# the stack is unmapped it may not be touched, which is why this cannot be
# written in C on Linux.  On Harbor the personality does both steps
# (__harbor_unmapself, personality/posix/thread.c) without using the dying
# stack after the unmap, so this is a tail jump.

	.text
	.global __unmapself
	.type __unmapself,@function
__unmapself:
	jmp __harbor_unmapself
	.size __unmapself,.-__unmapself
	.section .note.GNU-stack,"",@progbits
