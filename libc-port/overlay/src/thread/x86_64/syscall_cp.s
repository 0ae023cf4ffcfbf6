# Harbor overlay for musl's src/thread/x86_64/syscall_cp.s.
#
# long __syscall_cp_asm(volatile int *cancel, long nr,
#                       long u, long v, long w, long x, long y, long z)
#
# A system call that is a cancellation point.  musl's contract
# (src/thread/pthread_cancel.c): if the cancellation signal interrupts the
# thread at a pc in [__cp_begin, __cp_end), the call has not yet taken
# effect, and the handler may move the pc to __cp_cancel, which acts on the
# cancellation by tail-calling __cancel.  The window therefore holds the
# check of *cancel and everything up to and including the instruction that
# enters the call; __cp_end is the first instruction after it.
#
# On Linux that instruction is `syscall`; on Harbor it is the call of the
# personality's dispatcher, __harbor_syscall(nr, u, v, w, x, y, z).  When
# the personality's signal code interrupts a call blocked inside the
# dispatcher and the call is to be restarted, it reports the pc of
# __harbor_cp_call (Linux rewinds the pc onto `syscall` the same way), so
# musl's handler sees a pc inside the window.  See
# personality/posix/DESIGN.md, "Cancellation points".
#
# Register use on entry (SysV): rdi=cancel rsi=nr rdx=u rcx=v r8=w r9=x,
# y at 8(%rsp), z at 16(%rsp).  The dispatcher takes nr..x in
# rdi..r8, y in r9 and z on the stack.

	.text
	.global __cp_begin
	.hidden __cp_begin
	.global __cp_end
	.hidden __cp_end
	.global __cp_cancel
	.hidden __cp_cancel
	.global __harbor_cp_call
	.hidden __harbor_cp_call
	.hidden __cancel
	.global __syscall_cp_asm
	.hidden __syscall_cp_asm
	.type __syscall_cp_asm,@function
__syscall_cp_asm:
	# Push z first, outside the window, so that the stack is the same
	# at every pc inside it and __cp_cancel knows what to pop.  The push
	# also leaves %rsp 16-byte aligned for the call.
	mov 16(%rsp),%rax
	push %rax
__cp_begin:
	mov (%rdi),%eax
	test %eax,%eax
	jnz __cp_cancel
	mov %rsi,%rdi
	mov %rdx,%rsi
	mov %rcx,%rdx
	mov %r8,%rcx
	mov %r9,%r8
	mov 16(%rsp),%r9
__harbor_cp_call:
	call __harbor_syscall
__cp_end:
	add $8,%rsp
	ret
__cp_cancel:
	add $8,%rsp
	jmp __cancel
	.size __syscall_cp_asm,.-__syscall_cp_asm
	.section .note.GNU-stack,"",@progbits
