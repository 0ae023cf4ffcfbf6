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

/*
 * pmap_activate of a user thread's pmap with interrupts already off (the
 * scheduler lock), without the vm_map_activate call and the interrupt
 * save around it; x86_64/pmap.c.
 */
void arch_pmap_switch_locked(struct pmap *pmap);

/* sched.c's requeue_current and switch_tail, for the rare cases below. */
void sched_requeue_current(struct thread *self);
void sched_switch_tail(struct thread *prev);

static inline __attribute__((always_inline)) void
thread_handoff_direct_inline(struct thread *to)
{
	struct cpu *c = cpu_self();
	struct thread *from = c->current, *prev;
	uint64_t now = arch_clock_ns_inline();
	struct vm_map *map;

	assert(to->state == THREAD_WAITING && !to->waitq);
	if (from->state == THREAD_RUNNING)	/* its wait ended at once */
		sched_requeue_current(from);
	to->state = THREAD_RUNNING;
	from->run_ns += now - from->last_start;
	to->last_start = now;
	c->current = to;
	c->switches++;
	/* a pending reschedule stays pending (sched.h): now for `to` */
	thread_ast_switch_in(to, c->need_resched);
	if (!(to->flags & THREAD_KERNEL) &&
	    (map = to->task->map) != c->active_map) {
		if (to->pmap)		/* set at creation: the map's */
			arch_pmap_switch_locked(to->pmap);
		else
			vm_map_activate(map);
		c->active_map = map;
	}
	prev = arch_switch_inline(from, to);
	if (prev->state == THREAD_TERMINATED)
		sched_switch_tail(prev);
}

#endif
