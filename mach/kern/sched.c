/*
 * The scheduler (sched.h): run queues, context switches, the idle
 * thread, preemption, hand-off and thread_switch.
 *
 * Protected by the scheduler lock (interrupts off on this CPU): the run
 * queues and bitmap, every thread's state/sched_pri/sched_link, and
 * struct cpu.  Lock order: innermost; nothing here sleeps or allocates.
 */
#include <mach/kern_return.h>

#include "kern/arch.h"
#include "kern/arch_inline.h"
#include "kern/arch_thread.h"
#include "kern/clock.h"
#include "kern/cpu.h"
#include "kern/panic.h"
#include "kern/printf.h"
#include "kern/sched.h"
#include "kern/sched_handoff.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "kern/timer.h"
#include "kern/waitq.h"
#include "vm/vm_map.h"

struct cpu cpu0;

static dlist_head_t runq[SCHED_NPRI];
static uint32_t runq_bitmap;		/* bit p set: runq[p] not empty */

static void
runq_insert(struct thread *t)
{
	int p = t->sched_pri;

	dlist_push_tail(&runq[p], &t->sched_link);
	runq_bitmap |= 1u << p;
}

static void
runq_remove(struct thread *t)
{
	int p = t->sched_pri;

	dlist_remove(&t->sched_link);
	if (dlist_empty(&runq[p]))
		runq_bitmap &= ~(1u << p);
}

/* The highest non-empty priority, or -1. */
static int
runq_highest(void)
{
	return runq_bitmap ? 31 - __builtin_clz(runq_bitmap) : -1;
}

static struct thread *
runq_pick(void)
{
	int p = runq_highest();
	struct thread *t;

	if (p < 0)
		return NULL;
	t = dlist_entry(runq[p].next, struct thread, sched_link);
	runq_remove(t);
	return t;
}

/*
 * Ask for a switch at the next safe point.  The running thread's AST bit
 * is what its way back to user mode tests (thread.h); the flag is what
 * kernel safe points (sched_preempt_check) and thread_ast test.
 */
static void
request_resched(struct cpu *c)
{
	c->need_resched = true;
	thread_ast_set(c->current, AST_RESCHED);
}

void
sched_setrun(struct thread *t)
{
	assert(t->state != THREAD_RUNNABLE && t->state != THREAD_TERMINATED);
	t->state = THREAD_RUNNABLE;
	runq_insert(t);
	if (t->sched_pri > cpu_self()->current->sched_pri ||
	    (cpu_self()->current->flags & THREAD_IDLE))
		request_resched(cpu_self());
}

/* A user thread's address space, NULL for kernel threads. */
static struct vm_map *
thread_map(const struct thread *t)
{
	return (t->flags & THREAD_KERNEL) ? NULL : t->task->map;
}

/* Run whatever the thread we replaced left for us to do. */
static void
switch_tail(struct thread *prev)
{
	if (prev->state == THREAD_TERMINATED)
		thread_reap(prev);
}

/*
 * Switch from the current thread, which the caller already queued,
 * parked or terminated, to `to`.  Kernel threads run on whatever user
 * map is loaded (they use only the kernel half), which saves a page
 * table switch on every user -> kernel thread -> same user round trip.
 */
static void
switch_to(struct thread *to)
{
	struct cpu *c = cpu_self();
	struct thread *from = c->current, *prev;
	uint64_t ticks = arch_clock_ticks_inline(), old_end;
	uint64_t now = arch_clock_ns_at(ticks);

	c->need_resched = false;
	to->state = THREAD_RUNNING;
	if (to == from)
		return;
	from->run_ticks += ticks - from->last_start;
	to->last_start = ticks;
	c->current = to;
	old_end = c->quantum_end;
	c->quantum_end = (to->flags & THREAD_IDLE) ? 0 : now + SCHED_QUANTUM_NS;
	/*
	 * A quantum ending no earlier than the last one cannot bring the
	 * next timer interrupt forward (timer_reprogram takes the earliest
	 * of the armed timers, the quantum and the idle tick, and everything
	 * that arms a timer reprograms): skip its second clock read.
	 */
	if (!old_end || c->quantum_end < old_end)
		timer_reprogram();
	if (!(to->flags & THREAD_KERNEL) && thread_map(to) != c->active_map) {
		vm_map_activate(thread_map(to));
		c->active_map = thread_map(to);
	}
	prev = arch_switch(from, to);
	switch_tail(prev);
}

/* Leaving the CPU while runnable: back on the tail of the run queue. */
static void
requeue_current(struct thread *self)
{
	if (self->state == THREAD_RUNNING && !(self->flags & THREAD_IDLE)) {
		self->state = THREAD_RUNNABLE;
		runq_insert(self);
	}
}

int
thread_block(void)
{
	struct thread *self = current_thread();
	struct thread *next;

	requeue_current(self);
	next = runq_pick();
	if (!next)
		next = cpu_self()->idle;
	switch_to(next);
	return self->wait_result;
}

void
sched_yield(void)
{
	unsigned long s = sched_lock();

	thread_block();
	sched_unlock(s);
}

void
sched_preempt_check(void)
{
	if (cpu_self()->need_resched)
		thread_block();
}

void
thread_handoff(struct thread *to)
{
	struct thread *self = current_thread();

	if (to->state == THREAD_RUNNABLE)
		runq_remove(to);
	else if (to->state == THREAD_WAITING)
		waitq_clear_wait(to, WAIT_AWAKENED, true);
	/* a wait cleared on a non-current thread made it runnable: take it back */
	if (to->state == THREAD_RUNNABLE)
		runq_remove(to);
	assert(to != self && to->state == THREAD_RUNNABLE);
	requeue_current(self);
	switch_to(to);
}

void
thread_handoff_direct(struct thread *to)
{
	assert(to->state == THREAD_WAITING && !to->waitq);
	thread_handoff_direct_inline(to);
}

void
sched_requeue_current(struct thread *self)
{
	requeue_current(self);
}

void
sched_switch_tail(struct thread *prev)
{
	switch_tail(prev);
}

void
sched_clock_tick(uint64_t now)
{
	struct cpu *c = cpu_self();

	if (!c->quantum_end || now < c->quantum_end)
		return;
	if (runq_highest() >= c->current->sched_pri)
		request_resched(c);
	/*
	 * Move the quantum end forward even when a switch is now due: the
	 * switch waits for a safe point (the kernel is not preemptive), and
	 * a quantum end left in the past made timer_reprogram ask for the
	 * next interrupt "now" (one LAPIC tick, 32 ns) on every interrupt.
	 * A thread in a system call with interrupts on then took a timer
	 * interrupt per return from the last one; under QEMU -icount
	 * shift=0 the next one is due before the handler's iretq, so the
	 * system call never advanced to the return to user mode that would
	 * have switched (a livelock).  switch_to sets the next quantum.
	 */
	c->quantum_end = now + SCHED_QUANTUM_NS;
}

static void
set_sched_pri(struct thread *t, int pri)
{
	if (t->state == THREAD_RUNNABLE) {
		runq_remove(t);
		t->sched_pri = pri;
		runq_insert(t);
	} else {
		t->sched_pri = pri;
	}
	if (pri > current_thread()->sched_pri && t->state == THREAD_RUNNABLE)
		request_resched(cpu_self());
}

void
sched_set_priority(struct thread *t, int pri)
{
	unsigned long s = sched_lock();

	t->base_pri = pri;
	if (!timer_armed(&t->depress_timer))
		set_sched_pri(t, pri);
	sched_unlock(s);
}

static void
depress_end(struct timer *tm, void *arg)
{
	struct thread *t = arg;

	(void)tm;
	set_sched_pri(t, t->base_pri);
}

int
sched_thread_switch(struct thread *hint, int option, uint64_t ms)
{
	struct thread *self = current_thread();
	uint64_t deadline = clock_monotonic_ns() + ms * NSEC_PER_MSEC;
	unsigned long s;

	if (option != SWITCH_OPTION_NONE && option != SWITCH_OPTION_DEPRESS &&
	    option != SWITCH_OPTION_WAIT)
		return KERN_INVALID_ARGUMENT;
	s = sched_lock();
	if (option == SWITCH_OPTION_DEPRESS) {
		set_sched_pri(self, 1);
		timer_arm(&self->depress_timer, deadline);
	} else if (option == SWITCH_OPTION_WAIT) {
		waitq_assert_wait(NULL, deadline, true);
	}
	if (hint && hint != self && hint->state == THREAD_RUNNABLE)
		thread_handoff(hint);
	else
		thread_block();
	sched_unlock(s);
	return KERN_SUCCESS;
}

/* Sets the depress timer up; thread.c calls it for every new thread. */
void sched_thread_init(struct thread *t);

void
sched_thread_init(struct thread *t)
{
	timer_init(&t->depress_timer, depress_end, t);
}

static void
idle_main(void *arg)
{
	(void)arg;
	sched_lock();
	for (;;) {
		if (runq_highest() >= 0)
			thread_block();
		else
			arch_idle_wait();
	}
}

void
sched_bootstrap(void)
{
	struct cpu *c = cpu_self();

	for (int p = 0; p < SCHED_NPRI; p++)
		dlist_init(&runq[p]);
	arch_sched_init();
	task_bootstrap();
	thread_bootstrap();	/* the boot context is now a thread */
	c->idle = thread_create_kernel("idle", idle_main, NULL, SCHED_PRI_IDLE,
	    THREAD_PREEMPTIBLE | THREAD_IDLE);
	if (!c->idle)
		panic("sched_bootstrap: no memory for the idle thread");
	clock_init();
	timer_reprogram();
	arch_intr_restore(1);
	kprintf("sched: running, %d priorities, quantum %lu ms\n", SCHED_NPRI,
	    (unsigned long)(SCHED_QUANTUM_NS / NSEC_PER_MSEC));
}
