/*
 * Wait queues: where threads block until an event, with an optional
 * timeout.  The Mach two-step protocol avoids lost wake-ups: with the
 * scheduler lock held, check the condition, then waitq_assert_wait()
 * (the thread is now "waiting" but still running), then thread_block()
 * (kern/sched.h), which switches away unless a wake-up already came.
 * waitq_wait() does both for the common case.
 *
 * Protected by the scheduler lock: the queue of waiters and each
 * waiting thread's wait fields.  Waiters are woken in FIFO order.
 */
#ifndef KERN_WAITQ_H
#define KERN_WAITQ_H

#include "kern/dlist.h"
#include "kern/types.h"

struct thread;

struct waitq {
	dlist_head_t waiters;
};

/* Why a wait ended. */
enum wait_result {
	WAIT_AWAKENED = 0,	/* the event happened */
	WAIT_TIMED_OUT,		/* the deadline passed first */
	WAIT_INTERRUPTED,	/* thread_abort() or termination */
};

/* Deadline meaning "no timeout". */
#define WAIT_FOREVER	0

void waitq_init(struct waitq *wq);

/*
 * Put the current thread on wq (or on no queue if wq is NULL: a pure
 * sleep) until woken or until the monotonic `deadline` (WAIT_FOREVER for
 * none).  An interruptible wait can be ended by thread_abort().  The
 * caller holds the scheduler lock and calls thread_block() next.
 */
void waitq_assert_wait(struct waitq *wq, uint64_t deadline, bool interruptible);

/* assert + block; takes and releases the scheduler lock itself. */
enum wait_result waitq_wait(struct waitq *wq, uint64_t deadline, bool interruptible);

/* Sleep for `ns` nanoseconds (uninterruptible unless `interruptible`). */
enum wait_result thread_sleep_ns(uint64_t ns, bool interruptible);

/* Wake the first waiter / every waiter / one given thread.  Lock held or not. */
struct thread *waitq_wakeup_one(struct waitq *wq, enum wait_result r);
unsigned waitq_wakeup_all(struct waitq *wq, enum wait_result r);
bool waitq_wakeup_thread(struct waitq *wq, struct thread *t, enum wait_result r);

/*
 * End t's wait, whatever it waits on, with result r; for interruptible
 * waits only unless `force`.  Scheduler lock held.  Returns whether t
 * was waiting.
 */
bool waitq_clear_wait(struct thread *t, enum wait_result r, bool force);

static inline bool
waitq_empty(const struct waitq *wq)
{
	return dlist_empty(&wq->waiters);
}

#endif
