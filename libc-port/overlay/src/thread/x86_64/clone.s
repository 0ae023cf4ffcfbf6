# Harbor overlay for musl's src/thread/x86_64/clone.s.
#
# int __clone(int (*fn)(void *), void *stack, int flags, void *arg,
#             pid_t *ptid, void *tls, pid_t *ctid)
#
# musl uses __clone to start threads (pthread_create) and the child of
# posix_spawn: the new thread runs fn(arg) on `stack` and exits with its
# result.  On Linux this is the clone system call plus assembly that the
# child runs on its new stack.  On Harbor a thread is made with
# thread_create and thread_set_state, which the personality does in C
# (__harbor_clone, personality/posix/thread.c), so this is a tail jump that
# leaves every argument register and the stack as the caller set them.

	.text
	.global __clone
	.hidden __clone
	.type __clone,@function
__clone:
	jmp __harbor_clone
	.size __clone,.-__clone
	.section .note.GNU-stack,"",@progbits
