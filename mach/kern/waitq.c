/*
 * Wait queues (waitq.h).  A waiting thread is on its queue through
 * thread.sched_link (a waiting thread is never on a run queue), and its
 * wait timer, if any, is armed.  Whatever ends the wait first — a
 * wake-up, the timer, an abort — unlinks both and records the result.
 *
 * Protected by the scheduler lock.
 */
#include "kern/clock.h"
#include "kern/cpu.h"
#include "kern/panic.h"
#include "kern/sched.h"
#include "kern/thread.h"
#include "kern/waitq.h"

void
waitq_init(struct waitq *wq)
{
	dlist_init(&wq->waiters);
}

/* End t's wait with r: off the queue, timer off, runnable again. */
static void
wait_end(struct thread *t, enum wait_result r)
{
	if (!dlist_unlinked(&t->sched_link))
		dlist_remove(&t->sched_link);
	timer_cancel(&t->wait_timer);
	t->waitq = NULL;
	t->wait_result = r;
	if (t == current_thread())
		t->state = THREAD_RUNNING;	/* asserted but not yet blocked */
	else
		sched_setrun(t);
}

/* Timer callback of thread.wait_timer. */
void waitq_timeout(struct timer *tm, void *arg);

void
waitq_timeout(struct timer *tm, void *arg)
{
	struct thread *t = arg;

	(void)tm;
	if (t->state == THREAD_WAITING)
		wait_end(t, WAIT_TIMED_OUT);
}

void
waitq_assert_wait(struct waitq *wq, uint64_t deadline, bool interruptible)
{
	struct thread *t = current_thread();

	assert(t->state == THREAD_RUNNING && !(t->flags & THREAD_IDLE));
	t->state = THREAD_WAITING;
	t->waitq = wq;
	t->wait_interruptible = interruptible;
	t->wait_result = WAIT_AWAKENED;
	if (wq)
		dlist_push_tail(&wq->waiters, &t->sched_link);
	if (deadline != WAIT_FOREVER)
		timer_arm(&t->wait_timer, deadline);
	/* a thread being terminated must not start a long wait */
	if (interruptible && (t->flags & THREAD_TERMINATING))
		wait_end(t, WAIT_INTERRUPTED);
}

enum wait_result
waitq_wait(struct waitq *wq, uint64_t deadline, bool interruptible)
{
	unsigned long s = sched_lock();
	enum wait_result r;

	waitq_assert_wait(wq, deadline, interruptible);
	r = (enum wait_result)thread_block();
	sched_unlock(s);
	return r;
}

enum wait_result
thread_sleep_ns(uint64_t ns, bool interruptible)
{
	return waitq_wait(NULL, clock_monotonic_ns() + ns, interruptible);
}

struct thread *
waitq_wakeup_one(struct waitq *wq, enum wait_result r)
{
	unsigned long s = sched_lock();
	struct thread *t = NULL;

	if (!dlist_empty(&wq->waiters)) {
		t = dlist_entry(wq->waiters.next, struct thread, sched_link);
		wait_end(t, r);
	}
	sched_unlock(s);
	return t;
}

unsigned
waitq_wakeup_all(struct waitq *wq, enum wait_result r)
{
	unsigned long s = sched_lock();
	unsigned n = 0;

	while (!dlist_empty(&wq->waiters)) {
		wait_end(dlist_entry(wq->waiters.next, struct thread, sched_link), r);
		n++;
	}
	sched_unlock(s);
	return n;
}

bool
waitq_wakeup_thread(struct waitq *wq, struct thread *t, enum wait_result r)
{
	unsigned long s = sched_lock();
	bool woke = t->state == THREAD_WAITING && t->waitq == wq;

	if (woke)
		wait_end(t, r);
	sched_unlock(s);
	return woke;
}

bool
waitq_clear_wait(struct thread *t, enum wait_result r, bool force)
{
	if (t->state != THREAD_WAITING || (!force && !t->wait_interruptible))
		return false;
	wait_end(t, r);
	return true;
}
