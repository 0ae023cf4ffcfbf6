/*
 * thread.c: creating and ending threads (musl's __clone and __unmapself).
 *
 * On Harbor a thread is made with thread_create in the task plus
 * thread_set_state (entry, stack, %fs base), and ended with
 * thread_terminate; none of those RPCs exists yet, so clone reports
 * ENOSYS (musl's pthread_create turns that into EAGAIN, and posix_spawn
 * into an error) and is logged once like any missing call.
 */
#include "entry.h"
#include "harbor.h"
#include "linux_syscall.h"
#include "log.h"

int __harbor_clone(int (*fn)(void *), void *stack, int flags, void *arg,
	int *ptid, void *tls, int *ctid)
{
	(void)fn;
	(void)stack;
	(void)flags;
	(void)arg;
	(void)ptid;
	(void)tls;
	(void)ctid;
	return (int)posix_unimplemented(LINUX_SYS_clone);
}

/*
 * Reached only by a detached thread that exits, which cannot exist while
 * clone fails.  The real version must free the stack and terminate the
 * thread without touching the stack in between (one kernel call, or a
 * small per-process stack of its own); until then, reaching it is a bug
 * that stops the program visibly.
 */
_Noreturn void __harbor_unmapself(void *base, size_t size)
{
	(void)base;
	(void)size;
	posix_log("__unmapself reached, but threads are not implemented", 0);
	(void)harbor_task_exit(127);
	__builtin_trap();
}
