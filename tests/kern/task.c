/*
 * Tasks seen from outside: task_suspend / task_resume stop and restart
 * every thread of a running user task, and task_info, task_threads and
 * thread_info report what it is doing.  The task is the `usertest`
 * module running "spin": three user threads in busy loops.
 */
#include <mach/kern_return.h>

#include "kern/bootstrap.h"
#include "kern/clock.h"
#include "kern/ktest.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "kern/waitq.h"

#define SPIN_THREADS	3

/* CPU time of each thread; false if a thread_info call failed. */
static bool
run_times(struct thread **th, unsigned n, uint64_t *ns)
{
	for (unsigned i = 0; i < n; i++) {
		struct thread_basic_info_k info;
		if (thread_info(th[i], &info) != KERN_SUCCESS)
			return false;
		ns[i] = info.user_time_ns;
	}
	return true;
}

/* True if every thread ran at least some time between a and b. */
static bool
all_advanced(const uint64_t *a, const uint64_t *b, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (b[i] <= a[i])
			return false;
	return true;
}

static void
check_suspended(struct task *task, struct thread **th, unsigned n)
{
	uint64_t before[SPIN_THREADS], after[SPIN_THREADS];
	struct task_basic_info_k ti;

	KEXPECT_EQ(task_suspend(task), KERN_SUCCESS);
	KEXPECT_EQ(task_info(task, &ti), KERN_SUCCESS);
	KEXPECT_EQ(ti.suspend_count, 1);
	/* let a thread that was running reach the user-return safe point */
	thread_sleep_ns(5 * NSEC_PER_MSEC, false);
	KEXPECT(run_times(th, n, before));
	thread_sleep_ns(50 * NSEC_PER_MSEC, false);
	KEXPECT(run_times(th, n, after));
	for (unsigned i = 0; i < n; i++)
		KEXPECT_EQ(after[i], before[i]);	/* nobody ran */
	KEXPECT_EQ(task_resume(task), KERN_SUCCESS);
	KEXPECT_EQ(task_info(task, &ti), KERN_SUCCESS);
	KEXPECT_EQ(ti.suspend_count, 0);
	/*
	 * All run again: wait (bounded, 2 s) until each has advanced.  A
	 * fixed 50 ms failed once on a loaded host, where QEMU's virtual
	 * clock runs on while the guest gets little of the CPU.
	 */
	for (unsigned i = 0; i < 200; i++) {
		thread_sleep_ns(10 * NSEC_PER_MSEC, false);
		KEXPECT(run_times(th, n, after));
		if (all_advanced(before, after, n))
			break;
	}
	KEXPECT(all_advanced(before, after, n));
}

KTEST(task_suspend_resume_info)
{
	struct thread *th[SPIN_THREADS + 1];
	struct task_basic_info_k ti;
	struct task *task;
	unsigned n = 0;
	int status;

	if (bootstrap_start_module("usertest", "spin", &task) != KERN_SUCCESS) {
		KEXPECT(!"usertest spin did not start");
		return;
	}
	/*
	 * Wait (bounded) until the task's threads exist: under TCG on a
	 * loaded host a fixed delay of virtual time may not be enough.
	 */
	for (unsigned i = 0; i < 2000; i++) {
		if (task_info(task, &ti) == KERN_SUCCESS &&
		    ti.thread_count == SPIN_THREADS)
			break;
		thread_sleep_ns(NSEC_PER_MSEC, false);
	}
	thread_sleep_ns(5 * NSEC_PER_MSEC, false);	/* and have run */
	KEXPECT_EQ(task_threads(task, th, SPIN_THREADS + 1, &n), KERN_SUCCESS);
	KEXPECT_EQ(n, SPIN_THREADS);
	KEXPECT_EQ(task_info(task, &ti), KERN_SUCCESS);
	KEXPECT_EQ(ti.thread_count, SPIN_THREADS);
	KEXPECT_EQ(ti.suspend_count, 0);
	KEXPECT(ti.user_time_ns > 0);
	if (n == SPIN_THREADS)
		check_suspended(task, th, n);
	/* suspend nests, and resuming a running task is an error */
	KEXPECT_EQ(task_suspend(task), KERN_SUCCESS);
	KEXPECT_EQ(task_suspend(task), KERN_SUCCESS);
	KEXPECT_EQ(task_resume(task), KERN_SUCCESS);
	KEXPECT_EQ(task_resume(task), KERN_SUCCESS);
	KEXPECT(task_resume(task) != KERN_SUCCESS);
	for (unsigned i = 0; i < n; i++)
		thread_deallocate(th[i]);
	/* a suspended task can still be terminated */
	KEXPECT_EQ(task_suspend(task), KERN_SUCCESS);
	KEXPECT_EQ(task_terminate(task, 9), KERN_SUCCESS);
	KEXPECT_EQ(task_wait_dead(task, clock_monotonic_ns() + NSEC_PER_SEC, &status),
	    KERN_SUCCESS);
	KEXPECT_EQ(status, 9);
	task_deallocate(task);
}
