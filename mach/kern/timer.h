/*
 * One-shot kernel timers on the monotonic clock.  A timer runs its
 * function from the timer interrupt, with the scheduler lock held, so the
 * function may only do what an interrupt handler may: wake threads, set
 * flags, re-arm timers.  Wait timeouts and sleeps use them.
 *
 * Protected by the scheduler lock: every field, and the queue of armed
 * timers (sorted by deadline; a sorted list is enough while there are a
 * few dozen armed timers — replace it with a heap when there are more).
 */
#ifndef KERN_TIMER_H
#define KERN_TIMER_H

#include "kern/dlist.h"
#include "kern/types.h"

struct timer {
	struct dlist_node link;		/* on the armed queue, or unlinked */
	uint64_t deadline;		/* monotonic ns */
	void (*fn)(struct timer *tm, void *arg);
	void *arg;
};

void timer_init(struct timer *tm, void (*fn)(struct timer *, void *), void *arg);

/* Arm (or re-arm) for `deadline` ns on clock_monotonic_ns(). */
void timer_arm(struct timer *tm, uint64_t deadline);

/* Disarm; harmless if not armed.  Returns whether it was armed. */
bool timer_cancel(struct timer *tm);

static inline bool
timer_armed(const struct timer *tm)
{
	return !dlist_unlinked(&tm->link);
}

/* Called by the arch timer interrupt: run what expired, re-program. */
void timer_interrupt(void);

/*
 * Re-program the hardware for the earliest of the next timer and the
 * running thread's quantum end (sched.c calls it when that moves).
 */
void timer_reprogram(void);

#endif
