/*
 * In-kernel benchmarks, run when the kernel command line has `bench`.
 *
 * A benchmark is a function registered with KBENCH(name).  It measures
 * one operation repeatedly with arch_cycles() — an instruction count
 * under `qemu -icount shift=0`, see docs/performance.md — and reports the
 * samples with kbench_report(), which prints the line bench/ reads:
 *   BENCH <name> median=<N> min=<N> max=<N> reps=<N>
 * Benchmarks are measurements, never tests: nothing here fails a run.
 */
#ifndef KERN_KBENCH_H
#define KERN_KBENCH_H

#include "kern/types.h"

struct kbench {
	const char *name;
	void (*fn)(void);
};

#define KBENCH(bname)							\
	static void kbench_fn_##bname(void);				\
	static const struct kbench kbench_##bname			\
	    __attribute__((used, section(".kbench." #bname), aligned(8))) = \
	    { #bname, kbench_fn_##bname };				\
	static void kbench_fn_##bname(void)

/* Samples per benchmark, after KBENCH_WARMUP unrecorded runs. */
#define KBENCH_REPS	101
#define KBENCH_WARMUP	5

/*
 * Print the median, minimum and maximum of n samples (sorted in place).
 * Each sample is the cost of one operation, in cycles.
 */
void kbench_report(const char *name, uint64_t *samples, size_t n);

/* Report that a benchmark could not run (BENCH-FAIL line). */
void kbench_fail(const char *name, const char *why);

/* Run every registered benchmark; prints BENCH-START and BENCH-DONE. */
void kbench_run(void);

#endif
