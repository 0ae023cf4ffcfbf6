/*
 * Self-tests of clocks, timers, sleeps and wait timeouts.
 */
#include <mach/kern_return.h>

#include "kern/clock.h"
#include "kern/ktest.h"
#include "kern/sched.h"
#include "kern/thread.h"
#include "kern/timer.h"
#include "kern/waitq.h"
#include "x86_64/rtc.h"

KTEST(clock_monotonic)
{
	uint64_t prev = clock_monotonic_ns(), start = prev;
	bool ok = true;

	for (int i = 0; i < 10000; i++) {
		uint64_t now = clock_monotonic_ns();
		ok = ok && now >= prev;
		prev = now;
	}
	KEXPECT(ok);
	KEXPECT(prev > start);
}

KTEST(clock_wall_plausible)
{
	uint64_t sec = clock_wall_ns() / NSEC_PER_SEC;

	KEXPECT(sec > 1577836800ull);		/* after 2020-01-01 */
	KEXPECT(sec < 4102444800ull);		/* before 2100-01-01 */
	KEXPECT_EQ(rtc_days_from_civil(1970, 1, 1), 0);
	KEXPECT_EQ(rtc_days_from_civil(2000, 3, 1), 11017);
	KEXPECT_EQ(rtc_days_from_civil(2024, 2, 29), 19782);
}

KTEST(clock_sleep_duration)
{
	uint64_t t0 = clock_monotonic_ns();

	KEXPECT_EQ(thread_sleep_ns(10 * NSEC_PER_MSEC, false), WAIT_TIMED_OUT);
	uint64_t dt = clock_monotonic_ns() - t0;
	KEXPECT(dt >= 10 * NSEC_PER_MSEC);
	KEXPECT(dt < 500 * NSEC_PER_MSEC);
}

KTEST(waitq_timeout_and_wakeup)
{
	struct waitq wq;
	uint64_t t0 = clock_monotonic_ns();

	waitq_init(&wq);
	KEXPECT_EQ(waitq_wait(&wq, t0 + 5 * NSEC_PER_MSEC, false), WAIT_TIMED_OUT);
	KEXPECT(clock_monotonic_ns() - t0 >= 5 * NSEC_PER_MSEC);
	KEXPECT(waitq_empty(&wq));
	/* a wake-up with nobody waiting is lost, by design */
	KEXPECT(waitq_wakeup_one(&wq, WAIT_AWAKENED) == NULL);
}

static int fired[4], nfired;

static void
record(struct timer *tm, void *arg)
{
	(void)tm;
	fired[nfired++] = (int)(uintptr_t)arg;
}

KTEST(timer_order_and_cancel)
{
	struct timer t[4];
	uint64_t now = clock_monotonic_ns();
	unsigned long s;

	nfired = 0;
	for (int i = 0; i < 4; i++)
		timer_init(&t[i], record, (void *)(uintptr_t)i);
	s = sched_lock();
	timer_arm(&t[0], now + 4 * NSEC_PER_MSEC);
	timer_arm(&t[1], now + 2 * NSEC_PER_MSEC);
	timer_arm(&t[2], now + 3 * NSEC_PER_MSEC);
	timer_arm(&t[3], now + 1 * NSEC_PER_MSEC);
	KEXPECT(timer_cancel(&t[2]));
	KEXPECT(!timer_cancel(&t[2]));
	sched_unlock(s);
	thread_sleep_ns(10 * NSEC_PER_MSEC, false);
	KEXPECT_EQ(nfired, 3);
	KEXPECT_EQ(fired[0], 3);
	KEXPECT_EQ(fired[1], 1);
	KEXPECT_EQ(fired[2], 0);
}
