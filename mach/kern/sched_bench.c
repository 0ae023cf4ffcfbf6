/*
 * Scheduler benchmarks (`bench` on the command line; kern/kbench.h).
 *
 * thread_switch: two kernel threads of equal priority take turns with
 * sched_yield(); one sample is half a round trip, i.e. one switch,
 * including the scheduler pass (run queue insert and pick).
 * thread_handoff: the same with the direct hand-off primitive the IPC
 * fast path uses: a waiting thread is switched to without a scheduler
 * pass, and it hands back.
 */
#include "kern/arch.h"
#include "kern/cpu.h"
#include "kern/kbench.h"
#include "kern/sched.h"
#include "kern/thread.h"
#include "kern/waitq.h"

static volatile int bench_stop;

static void
yield_partner(void *arg)
{
	(void)arg;
	while (!bench_stop)
		sched_yield();
}

KBENCH(thread_switch)
{
	uint64_t samples[KBENCH_REPS];
	struct thread *partner;

	bench_stop = 0;
	partner = thread_create_kernel("bench-yield", yield_partner, NULL,
	    current_thread()->sched_pri, 0);
	if (!partner) {
		kbench_fail("thread_switch", "no memory for a thread");
		return;
	}
	for (int i = 0; i < KBENCH_WARMUP; i++)
		sched_yield();
	for (int i = 0; i < KBENCH_REPS; i++) {
		uint64_t t0 = arch_cycles();
		sched_yield();
		samples[i] = (arch_cycles() - t0) / 2;
	}
	bench_stop = 1;
	sched_yield();
	kbench_report("thread_switch", samples, KBENCH_REPS);
}

static struct waitq ho_partner_wq, ho_main_wq;
static struct thread *ho_main;

static void
handoff_partner(void *arg)
{
	(void)arg;
	unsigned long s = sched_lock();
	for (;;) {
		waitq_assert_wait(&ho_partner_wq, WAIT_FOREVER, false);
		if (bench_stop)
			break;
		thread_handoff(ho_main);
	}
	sched_unlock(s);
}

KBENCH(thread_handoff)
{
	uint64_t samples[KBENCH_REPS];
	struct thread *partner;
	unsigned long s;

	bench_stop = 0;
	waitq_init(&ho_partner_wq);
	waitq_init(&ho_main_wq);
	ho_main = current_thread();
	partner = thread_create_kernel("bench-handoff", handoff_partner, NULL,
	    current_thread()->sched_pri, 0);
	if (!partner) {
		kbench_fail("thread_handoff", "no memory for a thread");
		return;
	}
	thread_reference(partner);
	s = sched_lock();
	thread_block();		/* let it reach its first wait */
	for (int i = -KBENCH_WARMUP; i < KBENCH_REPS; i++) {
		uint64_t t0 = arch_cycles();
		waitq_assert_wait(&ho_main_wq, WAIT_FOREVER, false);
		thread_handoff(partner);
		if (i >= 0)
			samples[i] = (arch_cycles() - t0) / 2;
	}
	bench_stop = 1;
	waitq_wakeup_one(&ho_partner_wq, WAIT_AWAKENED);
	sched_unlock(s);
	thread_wait_terminated(partner, WAIT_FOREVER);
	thread_deallocate(partner);
	kbench_report("thread_handoff", samples, KBENCH_REPS);
}
