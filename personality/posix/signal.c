/*
 * signal.c: signal delivery and return.
 *
 * Signals are the personality's job on Harbor (design.md, section 4):
 * it will build a frame on the thread's stack, run the handler, and,
 * when the handler returns into musl's __restore_rt, put back the saved
 * context here.  Delivery does not exist yet (rt_sigaction and friends
 * answer ENOSYS through the dispatcher), so no handler can have run and
 * this cannot be reached by a correct program.
 */
#include "entry.h"
#include "harbor.h"
#include "linux_syscall.h"
#include "log.h"

_Noreturn void __harbor_sigreturn(void *frame)
{
	(void)frame;
	(void)posix_unimplemented(LINUX_SYS_rt_sigreturn);
	(void)harbor_task_exit(127);
	__builtin_trap();
}
