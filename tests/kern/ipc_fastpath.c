/*
 * The IPC fast path (mach/ipc/ipc_fastpath.c) taken, and each of its
 * guards falling back to the slow path with the same results.
 *
 * User programs drive it (the fast path serves mach_msg_trap only): each
 * test starts `usertest` with one of its tests, which must pass whether
 * the fast path is compiled in or not, and — when it is — checks the
 * fast path's counters around the run: hits for the calls that should be
 * fast, the miss reason of the guard the run exercises.
 *
 * These tests are built without IPC_FASTPATH (only the kernel's IPC
 * sources see it), so they find the counters through a weak reference:
 * NULL when configure --disable-fastpath compiled the fast path out.
 */
#include <mach/kern_return.h>

#include "ipc/ipc_fastpath.h"
#include "kern/bootstrap.h"
#include "kern/clock.h"
#include "kern/ktest.h"
#include "kern/printf.h"
#include "kern/string.h"
#include "kern/task.h"
#include "kern/waitq.h"

extern struct ipc_fastpath_stats ipc_fastpath_stats __attribute__((weak));

#define FP_USER_LIMIT_NS	(60ull * NSEC_PER_SEC)

/* rpcbench.c's bench_rpc: 5 warm-up calls and 101 timed ones per size. */
#define FP_BENCH_CALLS		(5 + 101)

static void
fp_stats(struct ipc_fastpath_stats *s)
{
	if (&ipc_fastpath_stats)
		*s = ipc_fastpath_stats;
	else
		memset(s, 0, sizeof(*s));
}

/*
 * Run usertest's test `name`; its exit status (0: it passed).  Returns
 * once the tasks it made are gone too (a server task it terminated may
 * still be releasing its ports), so that the leak checks of the tests
 * that follow start from a settled kernel.
 */
static int
fp_run_user(const char *name)
{
	struct task *task;
	int status = -1;
	unsigned tasks = task_count_alive();
	uint64_t settle = clock_monotonic_ns() + NSEC_PER_SEC;

	if (bootstrap_start_module("usertest", name, &task) != KERN_SUCCESS)
		return -1;
	if (task_wait_dead(task, clock_monotonic_ns() + FP_USER_LIMIT_NS,
	    &status) != KERN_SUCCESS) {
		task_terminate(task, -1);
		task_wait_dead(task, WAIT_FOREVER, &status);
		status = -1;
	}
	task_deallocate(task);
	while (task_count_alive() > tasks && clock_monotonic_ns() < settle)
		thread_sleep_ns(NSEC_PER_MSEC, false);
	return status;
}

/*
 * Run a user test and return how the counters moved.  The test must
 * pass both ways: the slow path alone gives the same results.
 */
static void
fp_run_counted(const char *name, struct ipc_fastpath_stats *delta)
{
	struct ipc_fastpath_stats before, after;

	fp_stats(&before);
	KEXPECT_EQ(fp_run_user(name), 0);
	fp_stats(&after);
	delta->hits = after.hits - before.hits;
	for (int i = 0; i < IPC_FP_MISS_COUNT; i++)
		delta->misses[i] = after.misses[i] - before.misses[i];
	kprintf("# fastpath %s: %s, hits %lu, misses options %lu size %lu "
	    "header %lu dest %lu kobject %lu receiver %lu reply %lu rcv %lu\n",
	    name, &ipc_fastpath_stats ? "compiled in" : "compiled out",
	    (unsigned long)delta->hits,
	    (unsigned long)delta->misses[IPC_FP_MISS_OPTIONS],
	    (unsigned long)delta->misses[IPC_FP_MISS_SIZE],
	    (unsigned long)delta->misses[IPC_FP_MISS_HEADER],
	    (unsigned long)delta->misses[IPC_FP_MISS_DEST],
	    (unsigned long)delta->misses[IPC_FP_MISS_KOBJECT],
	    (unsigned long)delta->misses[IPC_FP_MISS_RECEIVER],
	    (unsigned long)delta->misses[IPC_FP_MISS_REPLY],
	    (unsigned long)delta->misses[IPC_FP_MISS_RCV]);
}

/*
 * A user-level RPC loop between two tasks (harbor-mig stubs, a Mach
 * server loop replying and receiving in one call): every request and
 * every reply of ipct_null and of the 64-byte ipct_echo is delivered by
 * the fast path, except at most the very first request: the server
 * thread may not be waiting yet, and that request falls back on the
 * receiver guard (IPC_FP_MISS_RECEIVER) and is served all the same.  The 4 KiB echo is above the size
 * limit in both directions and falls back (IPC_FP_MISS_SIZE) — and still
 * returns the data (bench_rpc compares it).  Setting the server up
 * (task_create, mach_port_insert_right ...) goes to kernel objects.
 */
KTEST(ipc_fastpath_rpc_loop)
{
	struct ipc_fastpath_stats d;
	const uint64_t fast = 2 * 2 * FP_BENCH_CALLS;	/* two sizes, two ways */

	fp_run_counted("bench_rpc", &d);
	if (!&ipc_fastpath_stats)
		return;
	KEXPECT(d.misses[IPC_FP_MISS_RECEIVER] <= 1);
	KEXPECT_EQ(d.hits + d.misses[IPC_FP_MISS_RECEIVER], fast);
	KEXPECT(d.misses[IPC_FP_MISS_SIZE] >= 2 * FP_BENCH_CALLS);
	KEXPECT(d.misses[IPC_FP_MISS_KOBJECT] > 0);
}

/* Kernel-object destinations (host.defs calls) fall back, and work. */
KTEST(ipc_fastpath_guard_kobject)
{
	struct ipc_fastpath_stats d;

	fp_run_counted("rpc_host", &d);
	if (!&ipc_fastpath_stats)
		return;
	KEXPECT(d.misses[IPC_FP_MISS_KOBJECT] > 0);
	KEXPECT_EQ(d.hits, 0);
}

/*
 * Complex messages (port rights in the body, mach_port_insert_right and
 * friends) fall back on the header guard; calls with a timeout (the
 * user tests of timeouts) on the options guard.
 */
KTEST(ipc_fastpath_guard_complex)
{
	struct ipc_fastpath_stats d;

	fp_run_counted("ipc_rights", &d);
	if (!&ipc_fastpath_stats)
		return;
	KEXPECT(d.misses[IPC_FP_MISS_HEADER] > 0);
}

KTEST(ipc_fastpath_guard_timeout)
{
	struct ipc_fastpath_stats d;

	fp_run_counted("ipc_timeouts", &d);
	if (!&ipc_fastpath_stats)
		return;
	KEXPECT(d.misses[IPC_FP_MISS_OPTIONS] > 0);
}
