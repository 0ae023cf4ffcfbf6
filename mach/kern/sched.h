/*
 * The scheduler: preemptive, priority round robin on one CPU.
 *
 * Priorities run from 0 (lowest) to SCHED_NPRI - 1; each has a FIFO run
 * queue and a bit in a bitmap, so picking the next thread is a
 * find-first-set.  A thread runs until it blocks, yields, or its
 * quantum (SCHED_QUANTUM_NS) ends while another thread of equal or
 * higher priority is runnable; a thread made runnable at a higher
 * priority than the running one preempts it.  The idle thread runs when
 * no queue holds anything.
 *
 * Where preemption happens: the kernel is not preemptive.  A pending
 * reschedule is acted on when returning to user mode, when a thread
 * blocks or yields, and when an interrupt hits a kernel thread marked
 * THREAD_PREEMPTIBLE (the idle thread and long computations).  Kernel
 * code therefore only needs the scheduler lock for data that interrupt
 * handlers also touch (run queues, wait queues, timers, thread states).
 *
 * The scheduler lock is "interrupts off on this CPU" (sched_lock /
 * sched_unlock); with SMP it becomes a spin lock taken with interrupts
 * off.  Lock order: the scheduler lock is the innermost kernel lock;
 * nothing that can block or allocate is called while holding it.
 */
#ifndef KERN_SCHED_H
#define KERN_SCHED_H

#include "kern/arch_inline.h"
#include "kern/types.h"

struct thread;

#define SCHED_NPRI		32
#define SCHED_PRI_IDLE		0	/* only the idle thread */
#define SCHED_PRI_USER		10	/* user threads by default */
#define SCHED_PRI_KERNEL	20	/* kernel service threads */
#define SCHED_PRI_MAX		(SCHED_NPRI - 1)
#define SCHED_QUANTUM_NS	10000000ull	/* 10 ms */

/* Turn the boot context into the first thread, start idle and the clock. */
void sched_bootstrap(void);

/*
 * Inline (the lock is taken several times per IPC; a call to
 * arch_intr_save and back cost more than the cli): the same semantics
 * as arch_intr_save/arch_intr_restore.
 */
static inline unsigned long
sched_lock(void)
{
	return arch_intr_save_inline();
}

/*
 * sched_lock where the caller knows interrupts are on — a system call's
 * handler (the entry turns them on) — without reading the flags.
 */
static inline unsigned long
sched_lock_intr_on(void)
{
	arch_intr_disable_inline();
	return 1;
}

/*
 * The mach_msg trap is entered with interrupts off (the system-call
 * entry leaves them off for it): the scheduler lock, held from the
 * entry, which the trap releases with sched_unlock(SCHED_LOCK_HELD_BY_TRAP)
 * before anything that may wait.
 */
#define SCHED_LOCK_HELD_BY_TRAP	1ul

static inline void
sched_unlock(unsigned long saved)
{
	arch_intr_restore_inline(saved);
}

/*
 * The IPC fast path's hand-off (a true hand-off, as in L4/seL4 IPC): the
 * current thread has asserted its wait, and `to`, waiting without a
 * timeout, has been taken off its wait queue by the caller
 * (thread_end_wait_untimed).  Switch to
 * `to` now: no run queue, no scheduler pass; `to` runs on what is left of
 * the current quantum (no timer reprogramming), and a pending reschedule
 * stays pending for its way back to user mode.  If the current thread's
 * wait ended at once (a terminating thread), it stays runnable on its
 * run queue.  Lock held; returns when the current thread runs again.
 */
void thread_handoff_direct(struct thread *to);

/* Make a thread that is neither running nor queued runnable (lock held). */
void sched_setrun(struct thread *t);

/*
 * Give up the CPU: the current thread blocks if it asserted a wait,
 * else it goes to the tail of its run queue.  Lock held; returns with it
 * held, when the thread runs again.  Returns the thread's wait result.
 */
int thread_block(void);

/* Let other threads of the same priority run. */
void sched_yield(void);

/* If a reschedule is pending, take it (safe points call this; lock held). */
void sched_preempt_check(void);

/*
 * Direct hand-off: switch to `to` now, without a scheduler pass, as the
 * IPC fast path does after giving `to` its message.  `to` must be
 * runnable or waiting (its wait then ends with WAIT_AWAKENED).  If the
 * current thread asserted a wait it blocks; else it stays runnable at the
 * tail of its run queue.  Lock held.
 */
void thread_handoff(struct thread *to);

/* thread_switch() options (Mach). */
#define SWITCH_OPTION_NONE	0
#define SWITCH_OPTION_DEPRESS	1	/* run at the lowest priority for a time */
#define SWITCH_OPTION_WAIT	2	/* block for a time */

/*
 * Mach's thread_switch: a hint that `hint` (may be NULL) should run
 * next, with an option applying to the caller for `ms` milliseconds.
 */
int sched_thread_switch(struct thread *hint, int option, uint64_t ms);

/* Change a thread's base priority (0..SCHED_PRI_MAX). */
void sched_set_priority(struct thread *t, int pri);

/* Called from the timer interrupt: quantum accounting (lock held). */
void sched_clock_tick(uint64_t now);

#endif
