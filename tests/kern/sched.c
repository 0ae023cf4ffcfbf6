/*
 * Self-tests of kernel threads and the scheduler: ping-pong through a
 * wait queue, preemption of busy kernel threads, direct hand-off,
 * priorities, thread_switch, and that threads give back their memory.
 */
#include <mach/kern_return.h>

#include "kern/clock.h"
#include "kern/cpu.h"
#include "kern/ktest.h"
#include "kern/sched.h"
#include "kern/thread.h"
#include "kern/waitq.h"
#include "kern/zalloc.h"
#include "vm/vm_page.h"

#define SECOND	NSEC_PER_SEC

/* Wait (sleeping) until *flag is set, at most `ms`; returns whether it was. */
static bool
wait_flag(volatile int *flag, unsigned ms)
{
	uint64_t end = clock_monotonic_ns() + ms * NSEC_PER_MSEC;

	while (!*flag && clock_monotonic_ns() < end)
		thread_sleep_ns(NSEC_PER_MSEC, false);
	return *flag != 0;
}

/* --- ping-pong: two threads take turns through two wait queues --- */

#define PINGPONG_ROUNDS	200

static struct waitq ping_wq, pong_wq;
static volatile int ping_turn;		/* 0: ping's turn, 1: pong's */
static int pp_log[2 * PINGPONG_ROUNDS];
static volatile int pp_len, pp_done;

static void
pingpong_side(int me, struct waitq *mine, struct waitq *other)
{
	for (int i = 0; i < PINGPONG_ROUNDS; i++) {
		unsigned long s = sched_lock();
		while (ping_turn != me) {
			waitq_assert_wait(mine, WAIT_FOREVER, false);
			thread_block();
		}
		pp_log[pp_len++] = me;
		ping_turn = !me;
		sched_unlock(s);
		waitq_wakeup_one(other, WAIT_AWAKENED);
	}
	pp_done++;
}

static void ping_main(void *arg) { (void)arg; pingpong_side(0, &ping_wq, &pong_wq); }
static void pong_main(void *arg) { (void)arg; pingpong_side(1, &pong_wq, &ping_wq); }

KTEST(sched_pingpong_waitq)
{
	waitq_init(&ping_wq);
	waitq_init(&pong_wq);
	ping_turn = 0;
	pp_len = pp_done = 0;
	KEXPECT(thread_create_kernel("pong", pong_main, NULL, SCHED_PRI_KERNEL, 0));
	KEXPECT(thread_create_kernel("ping", ping_main, NULL, SCHED_PRI_KERNEL, 0));
	while (pp_done < 2)
		thread_sleep_ns(NSEC_PER_MSEC, false);
	KEXPECT_EQ(pp_len, 2 * PINGPONG_ROUNDS);
	for (int i = 0; i < pp_len; i++)
		if (pp_log[i] != (i & 1)) {
			KEXPECT_EQ(pp_log[i], i & 1);
			break;
		}
}

/* --- preemption: two busy threads that never yield both make progress --- */

static volatile uint64_t busy_count[2];
static volatile int busy_stop, busy_exited;

static void
busy_main(void *arg)
{
	int me = (int)(uintptr_t)arg;

	while (!busy_stop)
		busy_count[me]++;
	busy_exited++;
}

KTEST(sched_preempt_busy_threads)
{
	busy_count[0] = busy_count[1] = 0;
	busy_stop = busy_exited = 0;
	for (int i = 0; i < 2; i++)
		KEXPECT(thread_create_kernel("busy", busy_main, (void *)(uintptr_t)i,
		    SCHED_PRI_KERNEL - 1, THREAD_PREEMPTIBLE));
	/* Sleep across several quanta: both spinners must get turns. */
	thread_sleep_ns(5 * SCHED_QUANTUM_NS, false);
	uint64_t a = busy_count[0], b = busy_count[1];
	KEXPECT(a > 0);
	KEXPECT(b > 0);
	busy_stop = 1;
	for (int i = 0; i < 1000 && busy_exited < 2; i++)
		thread_sleep_ns(NSEC_PER_MSEC, false);
	KEXPECT_EQ(busy_exited, 2);
}

/* --- a higher-priority thread made runnable preempts a busy lower one --- */

static volatile int hi_ran, lo_stop;
static volatile uint64_t lo_count_when_hi_ran;
static volatile uint64_t lo_count;
static struct waitq hi_wq;

static void
hi_main(void *arg)
{
	(void)arg;
	waitq_wait(&hi_wq, WAIT_FOREVER, false);
	lo_count_when_hi_ran = lo_count;
	hi_ran = 1;
}

static void
lo_main(void *arg)
{
	(void)arg;
	while (!lo_stop) {
		lo_count++;
		/* the wake-up comes from an interrupt (a timer) while we spin */
	}
}

static struct timer wake_timer;

static void
wake_hi(struct timer *tm, void *arg)
{
	(void)tm;
	(void)arg;
	waitq_wakeup_one(&hi_wq, WAIT_AWAKENED);
}

KTEST(sched_priority_preempts)
{
	waitq_init(&hi_wq);
	hi_ran = lo_stop = 0;
	lo_count = 0;
	KEXPECT(thread_create_kernel("hi", hi_main, NULL, SCHED_PRI_KERNEL + 2, 0));
	thread_sleep_ns(NSEC_PER_MSEC, false);	/* hi is waiting now */
	KEXPECT(thread_create_kernel("lo", lo_main, NULL, SCHED_PRI_KERNEL - 2,
	    THREAD_PREEMPTIBLE));
	/*
	 * Arm the wake-up only once lo spins: under TCG on a loaded host,
	 * virtual time follows the wall clock, and a fixed delay could run
	 * out before lo's first iteration.
	 */
	for (unsigned i = 0; i < 1000 && lo_count == 0; i++)
		thread_sleep_ns(NSEC_PER_MSEC, false);
	KEXPECT(lo_count > 0);
	uint64_t armed_at = lo_count;
	timer_init(&wake_timer, wake_hi, NULL);
	unsigned long s = sched_lock();
	timer_arm(&wake_timer, clock_monotonic_ns() + 3 * NSEC_PER_MSEC);
	sched_unlock(s);
	KEXPECT(wait_flag(&hi_ran, 1000));
	/* lo went on spinning after the timer was armed, and was preempted */
	KEXPECT(lo_count_when_hi_ran > armed_at);
	lo_stop = 1;
	thread_sleep_ns(2 * NSEC_PER_MSEC, false);
}

/* --- direct hand-off: a waiting thread runs at once, no scheduler pass --- */

static struct waitq ho_wq, ho_back_wq;
static volatile int ho_seq[4], ho_n;
static struct thread *ho_thread;

static void
handoff_target(void *arg)
{
	(void)arg;
	waitq_wait(&ho_wq, WAIT_FOREVER, false);
	ho_seq[ho_n++] = 2;
	waitq_wakeup_one(&ho_back_wq, WAIT_AWAKENED);
}

KTEST(sched_handoff)
{
	waitq_init(&ho_wq);
	waitq_init(&ho_back_wq);
	ho_n = 0;
	ho_thread = thread_create_kernel("handoff", handoff_target, NULL,
	    SCHED_PRI_KERNEL - 5, 0);
	KEXPECT(ho_thread != NULL);
	thread_reference(ho_thread);
	thread_sleep_ns(NSEC_PER_MSEC, false);	/* it waits on ho_wq now */
	KEXPECT_EQ(ho_thread->state, THREAD_WAITING);
	unsigned long s = sched_lock();
	ho_seq[ho_n++] = 1;
	waitq_assert_wait(&ho_back_wq, clock_monotonic_ns() + SECOND, false);
	/* lower priority than us, yet it runs now: that is the hand-off */
	thread_handoff(ho_thread);
	ho_seq[ho_n++] = 3;
	sched_unlock(s);
	KEXPECT_EQ(ho_n, 3);
	KEXPECT_EQ(ho_seq[0], 1);
	KEXPECT_EQ(ho_seq[1], 2);
	KEXPECT_EQ(ho_seq[2], 3);
	KEXPECT_EQ(thread_wait_terminated(ho_thread, clock_monotonic_ns() + SECOND),
	    KERN_SUCCESS);
	thread_deallocate(ho_thread);
}

/* --- thread_switch with depress lets a lower-priority thread run --- */

static volatile int sw_ran;

static void
sw_main(void *arg)
{
	(void)arg;
	sw_ran = 1;
}

KTEST(sched_thread_switch_depress)
{
	sw_ran = 0;
	KEXPECT(thread_create_kernel("low", sw_main, NULL, SCHED_PRI_KERNEL - 3, 0));
	/* busy for the runnable lower thread unless we step aside */
	KEXPECT_EQ(sched_thread_switch(NULL, SWITCH_OPTION_DEPRESS, 5), KERN_SUCCESS);
	KEXPECT_EQ(sw_ran, 1);
	KEXPECT_EQ(current_thread()->sched_pri, 1);	/* still depressed */
	thread_sleep_ns(10 * NSEC_PER_MSEC, false);
	KEXPECT_EQ(current_thread()->sched_pri, SCHED_PRI_KERNEL);
	KEXPECT_EQ(sched_thread_switch(NULL, 99, 0), KERN_INVALID_ARGUMENT);
}

/* --- creating and ending many threads gives every page back --- */

static volatile int leak_done;

static void
leak_main(void *arg)
{
	(void)arg;
	leak_done++;
}

KTEST(sched_thread_lifecycle_no_leak)
{
	size_t pages, elems;
	unsigned alive = thread_count_alive();

	zone_gc();
	pages = vm_page_free_count();
	elems = zone_total_in_use();
	leak_done = 0;
	for (int i = 0; i < 100; i++) {
		KEXPECT(thread_create_kernel("leak", leak_main, NULL, SCHED_PRI_KERNEL, 0));
		if (i % 10 == 9)
			thread_sleep_ns(NSEC_PER_MSEC, false);
	}
	while (leak_done < 100)
		thread_sleep_ns(NSEC_PER_MSEC, false);
	thread_sleep_ns(NSEC_PER_MSEC, false);	/* the last one is reaped */
	KEXPECT_EQ(thread_count_alive(), alive);
	zone_gc();
	KEXPECT_EQ(vm_page_free_count(), pages);
	KEXPECT_EQ(zone_total_in_use(), elems);
}
