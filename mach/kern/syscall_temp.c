/*
 * TEMPORARY system calls (see syscall_temp.h for the contract and why
 * they are temporary).  Each handler decodes and checks its arguments,
 * then acts; user memory is reached only by copyin/copyout.  Objects are
 * looked up with a reference that the handler drops on every path.
 */
#include <mach/kern_return.h>

#include "kern/arch_thread.h"
#include "kern/clock.h"
#include "kern/copyio.h"
#include "kern/cpu.h"
#include "kern/printf.h"
#include "kern/sched.h"
#include "kern/syscall_temp.h"
#include "kern/task.h"
#include "kern/thread.h"

typedef uint64_t (*syscall_fn)(const uint64_t *a);

static struct task *
self_task(void)
{
	return current_thread()->task;
}

/* A task named by the caller: 0 is itself, else one of its children. */
static struct task *
task_arg(uint64_t id)
{
	if (id == 0) {
		task_reference(self_task());
		return self_task();
	}
	return task_find_child(self_task(), id);
}

static uint64_t
deadline_from(uint64_t timeout_ns)
{
	return timeout_ns ? clock_monotonic_ns() + timeout_ns : WAIT_FOREVER;
}

static uint64_t
sys_log(const uint64_t *a)
{
	char buf[SYS_LOG_MAX + 1];
	size_t len = MIN(a[1], (uint64_t)SYS_LOG_MAX);
	int kr = copyin((const void *)a[0], buf, len);

	if (kr == KERN_SUCCESS) {
		buf[len] = '\0';
		kprintf("%s", buf);
	}
	return kr;
}

/*
 * An exit status is 0..255, as in POSIX: the values above belong to the
 * kernel (TASK_EXIT_EXCEPTION + vector, TASK_EXIT_TERMINATED), so a task
 * must not be able to claim that it was killed.
 */
static uint64_t
sys_exit(const uint64_t *a)
{
	return task_terminate(self_task(), (int)(a[0] & 0xff));
}

static uint64_t
sys_thread_exit(const uint64_t *a)
{
	(void)a;
	thread_exit();
}

static uint64_t
sys_task_wait(const uint64_t *a)
{
	struct task *t = a[0] ? task_arg(a[0]) : NULL;
	int status = 0, kr;

	if (!t)
		return KERN_INVALID_TASK;
	kr = task_wait_dead(t, deadline_from(a[1]), &status);
	if (kr == KERN_SUCCESS) {
		kr = a[2] ? copyout(&status, (void *)a[2], sizeof(status)) : KERN_SUCCESS;
		task_forget_child(self_task(), t);
	}
	task_deallocate(t);
	return kr;
}

static uint64_t
sys_sleep(const uint64_t *a)
{
	return thread_sleep_ns(a[0], true) == WAIT_INTERRUPTED ? KERN_ABORTED :
	    KERN_SUCCESS;
}

static uint64_t
sys_set_tls(const uint64_t *a)
{
	return arch_thread_set_tls(current_thread(), a[0]);
}

static const syscall_fn syscall_table[SYS_TEMP_END - SYS_LOG] = {
	[SYS_LOG - SYS_LOG] = sys_log,
	[SYS_EXIT - SYS_LOG] = sys_exit,
	[SYS_THREAD_EXIT - SYS_LOG] = sys_thread_exit,
	[SYS_TASK_WAIT - SYS_LOG] = sys_task_wait,
	[SYS_SLEEP - SYS_LOG] = sys_sleep,
	[SYS_SET_TLS - SYS_LOG] = sys_set_tls,
};

uint64_t
syscall_temp(uint64_t number, const uint64_t args[SYSCALL_MAX_ARGS])
{
	if (number < SYS_LOG || number >= SYS_TEMP_END ||
	    !syscall_table[number - SYS_LOG])
		return KERN_INVALID_ARGUMENT;
	return syscall_table[number - SYS_LOG](args);
}
