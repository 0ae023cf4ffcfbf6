/*
 * Kernel timers (timer.h) over the one-shot hardware timer.
 *
 * The hardware is asked for one interrupt at the earliest of the first
 * armed timer and the running thread's quantum end.  `programmed`
 * remembers what was asked so that arming a later timer, or a context
 * switch that moves the quantum end later, costs no hardware access.
 *
 * Protected by the scheduler lock: armed, programmed, every timer.
 */
#include "kern/arch_thread.h"
#include "kern/clock.h"
#include "kern/cpu.h"
#include "kern/sched.h"
#include "kern/timer.h"

/* With nothing to wait for, still wake up now and then (cheap, safe). */
#define TIMER_IDLE_NS	(1000ull * 1000 * 1000)

static dlist_head_t armed = { &armed, &armed };
static uint64_t programmed = UINT64_MAX;	/* hardware deadline asked for */

void
timer_init(struct timer *tm, void (*fn)(struct timer *, void *), void *arg)
{
	dlist_init(&tm->link);
	tm->deadline = 0;
	tm->fn = fn;
	tm->arg = arg;
}

static void
program(uint64_t deadline)
{
	programmed = deadline;
	arch_timer_set(deadline);
}

void
timer_arm(struct timer *tm, uint64_t deadline)
{
	struct dlist_node *pos;

	if (timer_armed(tm))
		dlist_remove(&tm->link);
	tm->deadline = deadline;
	dlist_foreach(pos, &armed)
		if (dlist_entry(pos, struct timer, link)->deadline > deadline)
			break;
	dlist_insert_before(pos, &tm->link);
	if (deadline < programmed)
		program(deadline);
}

bool
timer_cancel(struct timer *tm)
{
	if (!timer_armed(tm))
		return false;
	dlist_remove(&tm->link);
	return true;
}

void
timer_reprogram(void)
{
	uint64_t next = clock_monotonic_ns() + TIMER_IDLE_NS;
	uint64_t q = cpu_self()->quantum_end;

	if (!dlist_empty(&armed))
		next = MIN(next, dlist_entry(armed.next, struct timer, link)->deadline);
	if (q)
		next = MIN(next, q);
	if (next < programmed)
		program(next);
}

void
timer_interrupt(void)
{
	uint64_t now = clock_monotonic_ns();
	struct dlist_node *n;

	programmed = UINT64_MAX;	/* the request was used up */
	while ((n = armed.next) != &armed) {
		struct timer *tm = dlist_entry(n, struct timer, link);
		if (tm->deadline > now)
			break;
		dlist_remove(n);
		tm->fn(tm, tm->arg);
	}
	sched_clock_tick(now);
	timer_reprogram();
}
