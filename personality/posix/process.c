/*
 * process.c: exit, identity and the thread pointer.
 *
 * Identity comes from the start-up block (startup.c); proc will own it
 * once it exists, and these answers will then be the ones proc gave at
 * exec.  Only one thread exists until clone is implemented (thread.c),
 * so the main thread's id is the pid, as on Linux, and exit of that
 * thread ends the task.
 */
#include "handlers.h"
#include "harbor.h"
#include "linux_abi.h"
#include "linux_syscall.h"
#include "log.h"
#include "startup.h"

long posix_sys_exit_group(const long arg[6])
{
	return harbor_task_exit((int)arg[0]);
}

long posix_sys_exit(const long arg[6])
{
	return harbor_task_exit((int)arg[0]);
}

long posix_sys_getpid(const long arg[6])
{
	(void)arg;
	return posix_process()->pid;
}

long posix_sys_getppid(const long arg[6])
{
	(void)arg;
	return posix_process()->ppid;
}

long posix_sys_gettid(const long arg[6])
{
	(void)arg;
	return posix_process()->pid;
}

/*
 * musl registers the word the kernel clears (and wakes) when the thread
 * exits; with a single thread nobody can wait on it, so it is not kept
 * yet.  The answer is the thread id, which musl uses as a lock owner.
 */
long posix_sys_set_tid_address(const long arg[6])
{
	(void)arg;
	return posix_process()->pid;
}

long posix_sys_getuid(const long arg[6])
{
	(void)arg;
	return posix_process()->uid;
}

long posix_sys_geteuid(const long arg[6])
{
	(void)arg;
	return posix_process()->euid;
}

long posix_sys_getgid(const long arg[6])
{
	(void)arg;
	return posix_process()->gid;
}

long posix_sys_getegid(const long arg[6])
{
	(void)arg;
	return posix_process()->egid;
}

/* musl's __set_thread_area comes here, before TLS exists. */
long posix_sys_arch_prctl(const long arg[6])
{
	long code = arg[0];

	if (code != LINUX_ARCH_SET_FS) {
		posix_log_partial(LINUX_SYS_arch_prctl,
			"only ARCH_SET_FS is implemented");
		return -LINUX_EINVAL;
	}
	return harbor_thread_set_tls((uintptr_t)arg[1]);
}
