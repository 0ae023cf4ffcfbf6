/*
 * thread_handoff_direct (sched.h), inline: the IPC fast path calls it on
 * every RPC half, and the call with its frame cost as much as its body.
 * Only sched.c (the out-of-line thread_handoff_direct, for the other
 * callers and the kernel tests) and ipc/ipc_fastpath.c include this.
 */
#ifndef KERN_SCHED_HANDOFF_H
#define KERN_SCHED_HANDOFF_H

#include "kern/arch_inline.h"
#include "kern/arch_switch.h"
#include "kern/arch_thread.h"
#include "kern/cpu.h"
#include "kern/panic.h"
#include "kern/sched.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "vm/vm_map.h"

/* sched.c's requeue_current and switch_tail, for the rare cases below. */
void sched_requeue_current(struct thread *self);
void sched_switch_tail(struct thread *prev);

/*
 * The first half of a hand-off: `to` becomes the current thread and its
 * address space and processor state (kernel stack pointer for traps, TLS,
 * FPU, I/O bitmap) are loaded; only the kernel stack is still the
 * caller's.  The caller ends it with thread_handoff_finish_inline (switch
 * stacks: `to` resumes where it blocked) or thread_handoff_to_user_inline
 * (`to` resumes in user mode, its system call done).  Lock held, from
 * here to that end: nothing in between may block.  `to` waits without a
 * timeout and is off its wait queue (thread_end_wait_untimed), as the
 * IPC fast path has just made it; thread_handoff_direct (sched.c), for
 * every other caller, asserts it.
 */
static inline __attribute__((always_inline)) void
thread_handoff_begin_inline(struct thread *to)
{
	struct cpu *c = cpu_self();
	struct thread *from = c->current;
	uint64_t now = arch_clock_ticks_inline();	/* accounting only */
	struct vm_map *map;

	if (from->state == THREAD_RUNNING)	/* its wait ended at once */
		sched_requeue_current(from);
	to->state = THREAD_RUNNING;
	from->run_ticks += now - from->last_start;
	to->last_start = now;
	c->current = to;
	/* a pending reschedule stays pending (sched.h): now for `to` */
	thread_ast_switch_in(to, c->need_resched);
	if (!(to->flags & THREAD_KERNEL)) {	/* else nothing to load */
		if ((map = to->task->map) != c->active_map) {
			if (to->pmap)	/* set at creation: the map's */
				arch_pmap_switch_inline(to->pmap);
			else
				vm_map_activate(map);
			c->active_map = map;
		}
		arch_switch_prepare_user_inline(to);
	}
}

/* What a thread resumed by a switch does first: free a dead predecessor. */
static inline __attribute__((always_inline)) void
thread_handoff_tail_inline(struct thread *prev)
{
	if (prev->state == THREAD_TERMINATED)
		sched_switch_tail(prev);
}

/* Second half, the usual one: switch kernel stacks to `to`. */
static inline __attribute__((always_inline)) void
thread_handoff_finish_inline(struct thread *from, struct thread *to)
{
	thread_handoff_tail_inline(arch_context_switch_inline(from, to));
}

/*
 * Second half, for a user thread blocked in a system call whose result is
 * already complete (the IPC fast path copied its message out for it):
 * `to` leaves the kernel straight from its trap frame with `result` as the
 * call's return value; whatever it had on its kernel stack below the
 * frame is abandoned, so the caller must have released anything `to`
 * held there.  `from` is saved as by a switch and, when resumed by any
 * switch, returns from here.
 */
static inline __attribute__((always_inline)) void
thread_handoff_to_user_inline(struct thread *from, struct thread *to,
    uint64_t result)
{
	thread_handoff_tail_inline(arch_switch_to_user_inline(from, to, result));
}

static inline __attribute__((always_inline)) void
thread_handoff_direct_inline(struct thread *to)
{
	struct thread *from = cpu_self()->current;

	thread_handoff_begin_inline(to);
	thread_handoff_finish_inline(from, to);
}

#endif
