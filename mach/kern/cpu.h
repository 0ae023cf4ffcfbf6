/*
 * What the scheduler keeps per processor.  One CPU for now: cpu_self()
 * is the boot CPU.  With SMP it becomes a per-CPU pointer read through
 * the arch per-CPU area, and every field stays private to its CPU except
 * need_resched, which other CPUs may set (with an IPI).
 */
#ifndef KERN_CPU_H
#define KERN_CPU_H

#include "kern/types.h"

struct thread;
struct vm_map;

/* Protected by the scheduler lock (interrupts off on this CPU). */
struct cpu {
	struct thread *current;		/* the running thread */
	struct thread *idle;		/* runs when nothing else can */
	struct vm_map *active_map;	/* user map loaded (NULL: kernel only) */
	uint64_t quantum_end;		/* monotonic ns; 0 when not timed */
	bool need_resched;		/* switch at the next safe point */
};

extern struct cpu cpu0;

static inline struct cpu *
cpu_self(void)
{
	return &cpu0;
}

static inline struct thread *
current_thread(void)
{
	return cpu0.current;
}

#endif
