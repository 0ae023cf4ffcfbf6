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
#include "ipc/ipc_space.h"
#include "kern/bootstrap.h"
#include "kern/clock.h"
#include "kern/cpu.h"
#include "kern/ktest.h"
#include "kern/printf.h"
#include "kern/sched.h"
#include "kern/string.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "kern/waitq.h"

extern struct ipc_fastpath_stats ipc_fastpath_stats __attribute__((weak));

/* Messages the fast path delivered, either way. */
#define FP_HITS(d)		((d).direct + (d).record)

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
	delta->direct = after.direct - before.direct;
	delta->record = after.record - before.record;
	delta->direct_faults = after.direct_faults - before.direct_faults;
	for (int i = 0; i < IPC_FP_MISS_COUNT; i++)
		delta->misses[i] = after.misses[i] - before.misses[i];
	kprintf("# fastpath %s: %s, hits %lu (direct %lu, faulted %lu), "
	    "misses options %lu size %lu "
	    "header %lu dest %lu kobject %lu receiver %lu reply %lu rcv %lu\n",
	    name, &ipc_fastpath_stats ? "compiled in" : "compiled out",
	    (unsigned long)FP_HITS(*delta), (unsigned long)delta->direct,
	    (unsigned long)delta->direct_faults,
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
	KEXPECT_EQ(FP_HITS(d) + d.misses[IPC_FP_MISS_RECEIVER], fast);
	/*
	 * All copied out by the sender (direct delivery) but the first
	 * request or two into the server's buffers, which are not yet
	 * touched (bss): those go through the record.
	 */
	KEXPECT(d.direct + 2 >= FP_HITS(d));
	KEXPECT_EQ(d.direct + d.direct_faults, FP_HITS(d));
	KEXPECT(d.misses[IPC_FP_MISS_SIZE] >= 2 * FP_BENCH_CALLS);
	KEXPECT(d.misses[IPC_FP_MISS_KOBJECT] > 0);
}

/*
 * Right counts after fast RPCs (rpcbench.c fp_right_counts): the fast
 * path releases a message's destination right at delivery (a COPY_SEND's
 * copy and release cancel out; a MOVE_SEND_ONCE is counted down there),
 * and the counts the user test reads back are the slow path's.  All its
 * ipct_null calls but at most the first are fast both ways.
 */
KTEST(ipc_fastpath_right_counts)
{
	struct ipc_fastpath_stats d;

	fp_run_counted("fp_right_counts", &d);
	if (!&ipc_fastpath_stats)
		return;
	KEXPECT(FP_HITS(d) >= 2 * 20 - 1);
	KEXPECT(d.misses[IPC_FP_MISS_RECEIVER] <= 1);
}

/*
 * Faults in the fast path's inline copies (rpcbench.c fp_copy_faults):
 * the two sends from bad buffers fall back on the size guard (their
 * copy-in failed) and fail as the slow path says; the request from a
 * read-only buffer and its reply are fast, and the reply's copy-out
 * fault gives MACH_RCV_INVALID_DATA (the user test checks the results);
 * a reply into a page not yet touched cannot be copied out by the sender
 * (it may not wait for the page) and goes through the record.
 */
KTEST(ipc_fastpath_copy_faults)
{
	struct ipc_fastpath_stats d;

	fp_run_counted("fp_copy_faults", &d);
	if (!&ipc_fastpath_stats)
		return;
	/* 5 ipct_null, the read-only request and the one into an untouched
	 * page, each way; maybe the first request before the server waits
	 * (ipc_fastpath_rpc_loop) */
	KEXPECT_EQ(d.misses[IPC_FP_MISS_SIZE], 2);
	KEXPECT(d.misses[IPC_FP_MISS_RECEIVER] <= 1);
	KEXPECT_EQ(FP_HITS(d) + d.misses[IPC_FP_MISS_RECEIVER], 2 * 7);
	/* the two replies whose direct copy-out faulted took the record */
	KEXPECT(d.direct_faults >= 2);
	KEXPECT_EQ(d.direct + d.direct_faults, FP_HITS(d));
}

/* Kernel-object destinations (host.defs calls) fall back, and work. */
KTEST(ipc_fastpath_guard_kobject)
{
	struct ipc_fastpath_stats d;

	fp_run_counted("rpc_host", &d);
	if (!&ipc_fastpath_stats)
		return;
	KEXPECT(d.misses[IPC_FP_MISS_KOBJECT] > 0);
	KEXPECT_EQ(FP_HITS(d), 0);
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

/* --- the direct hand-off (sched.h thread_handoff_direct) --- */

static struct waitq hd_wq, hd_back_wq;
static volatile int hd_seq[4], hd_n;
static volatile uint64_t hd_quantum_seen, hd_state_seen;

static void
hd_target(void *arg)
{
	(void)arg;
	/* an untimed wait, as a thread in the fast path's receive waits */
	waitq_wait(&hd_wq, WAIT_FOREVER, true);
	hd_seq[hd_n++] = 2;
	hd_quantum_seen = cpu_self()->quantum_end;
	hd_state_seen = current_thread()->state;
	waitq_wakeup_one(&hd_back_wq, WAIT_AWAKENED);
}

/*
 * The waiter runs at once, though of lower priority than us, never
 * passing through a run queue (its state goes from WAITING straight to
 * RUNNING), on our quantum (quantum_end unchanged), and we run again
 * only when it wakes us.
 */
KTEST(ipc_fastpath_handoff_direct)
{
	struct thread *t;
	uint64_t quantum;
	unsigned long s;

	waitq_init(&hd_wq);
	waitq_init(&hd_back_wq);
	hd_n = 0;
	t = thread_create_kernel("handoff-direct", hd_target, NULL,
	    SCHED_PRI_KERNEL - 5, 0);
	KEXPECT(t != NULL);
	if (!t)
		return;
	thread_reference(t);
	thread_sleep_ns(NSEC_PER_MSEC, false);	/* it waits on hd_wq now */
	KEXPECT_EQ(t->state, THREAD_WAITING);
	s = sched_lock();
	hd_seq[hd_n++] = 1;
	thread_assert_wait_forever(current_thread(), &hd_back_wq);
	quantum = cpu_self()->quantum_end;
	thread_end_wait_untimed(t);
	KEXPECT(waitq_empty(&hd_wq));
	KEXPECT_EQ(t->state, THREAD_WAITING);	/* not made runnable */
	thread_handoff_direct(t);
	hd_seq[hd_n++] = 3;
	sched_unlock(s);
	KEXPECT_EQ(current_thread()->wait_result, WAIT_AWAKENED);
	KEXPECT_EQ(hd_n, 3);
	KEXPECT_EQ(hd_seq[0], 1);
	KEXPECT_EQ(hd_seq[1], 2);
	KEXPECT_EQ(hd_seq[2], 3);
	KEXPECT_EQ(hd_quantum_seen, quantum);	/* it ran on our quantum */
	KEXPECT_EQ(hd_state_seen, THREAD_RUNNING);
	KEXPECT_EQ(thread_wait_terminated(t, clock_monotonic_ns() +
	    NSEC_PER_SEC), KERN_SUCCESS);
	thread_deallocate(t);
}

/* --- the reply-name cache: the LIFO free list's head (ipc_space.h) --- */

/*
 * A name freed (a send-once reply right moved out by a server) is the
 * slot the next allocation gets, under a new generation: the old name no
 * longer denotes anything.  When the free list is empty the quick
 * allocation says so and the ordinary one grows the table.
 */
static mach_port_name_t rn_names[IPC_SPACE_INITIAL_NAMES * 2];
static unsigned rn_n;

/* Give the test's entry a right, and remember its name. */
static void
rn_use(struct ipc_entry *e, mach_port_name_t name)
{
	e->type = MACH_PORT_TYPE_DEAD_NAME;	/* any right, to be looked up */
	e->urefs = 1;
	if (rn_n < ARRAY_SIZE(rn_names))
		rn_names[rn_n++] = name;
}

/* Free a name the test made (the entry holds no object). */
static void
rn_free(struct ipc_space *space, mach_port_name_t name)
{
	struct ipc_entry *e = ipc_entry_lookup_inline(space, name);

	if (!e)
		return;
	e->type = MACH_PORT_TYPE_NONE;
	e->urefs = 0;
	ipc_entry_free_inline(space, name, e);
}

KTEST(ipc_fastpath_reply_name_reuse)
{
	struct ipc_space *space = ipc_space_create();
	struct ipc_entry *e, *e2;
	mach_port_name_t name, name2;
	unsigned in_use, n = 0;

	KEXPECT(space != NULL);
	if (!space)
		return;
	rn_n = 0;
	in_use = space->names_in_use;
	e = ipc_entry_alloc_quick(space, &name);
	KEXPECT(e != NULL);
	if (!e) {
		ipc_space_release(space);
		return;
	}
	rn_use(e, name);
	KEXPECT(ipc_entry_lookup_inline(space, name) == e);
	KEXPECT_EQ(space->names_in_use, in_use + 1);
	for (int round = 0; round < 3; round++) {
		rn_free(space, name);
		rn_n--;
		KEXPECT(ipc_entry_lookup_inline(space, name) == NULL);
		e2 = ipc_entry_alloc_quick(space, &name2);
		KEXPECT(e2 == e);			/* the same slot */
		KEXPECT_EQ(IPC_NAME_INDEX(name2), IPC_NAME_INDEX(name));
		KEXPECT(name2 != name);			/* a new generation */
		rn_use(e, name2);
		KEXPECT(ipc_entry_lookup_inline(space, name) == NULL);
		KEXPECT(ipc_entry_lookup_inline(space, name2) == e);
		name = name2;
	}
	KEXPECT_EQ(space->names_in_use, in_use + 1);
	/* empty the free list: the quick path declines, the table grows */
	while ((e2 = ipc_entry_alloc_quick(space, &name2)) != NULL) {
		rn_use(e2, name2);
		n++;
	}
	KEXPECT(n > 0);
	KEXPECT_EQ(space->free_head, 0);
	KEXPECT_EQ(ipc_entry_alloc(space, &name2, &e2), KERN_SUCCESS);
	rn_use(e2, name2);
	e2 = ipc_entry_alloc_quick(space, &name2);	/* the table grew */
	KEXPECT(e2 != NULL);
	if (e2)
		rn_use(e2, name2);
	while (rn_n > 0)
		rn_free(space, rn_names[--rn_n]);
	KEXPECT_EQ(space->names_in_use, in_use);
	ipc_space_release(space);
}
