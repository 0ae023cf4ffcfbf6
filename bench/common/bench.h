/*
 * bench.h — the harness every Harbor benchmark program links against.
 *
 * A benchmark is a function that performs one operation `iters` times.  The
 * harness times it with rdtsc, which under `qemu -icount shift=0,sleep=off`
 * reads the guest's executed-instruction count, so every figure it prints is
 * "guest instructions per operation".  It runs a warm-up (page faults, first
 * scheduling of the peer, lazy binding of anything), then `reps` timed
 * samples, and prints one line to stdout:
 *
 *     BENCH <name> median=<N> min=<N> max=<N> reps=<N>
 *
 * That line is the whole protocol between a guest and bench/tools: Harbor's
 * in-kernel benchmarks print it too, so one parser reads both systems.
 *
 * The same source builds for Linux (musl-gcc -static) and, once it exists,
 * for Harbor (harbor-cc); nothing here may depend on either kernel.
 */
#ifndef HARBOR_BENCH_H
#define HARBOR_BENCH_H

#include <stdint.h>

/* Defaults chosen so one full program stays well under a second of TCG time. */
#define BENCH_REPS_DEFAULT   101
#define BENCH_WARMUP_DEFAULT 5
#define BENCH_REPS_MAX       1001

/* Performs the measured operation `iters` times; `ctx` is the caller's. */
typedef void bench_op_fn(void *ctx, uint64_t iters);

struct bench_spec {
	const char *name;   /* BENCH name: [a-z0-9_]+, matched in bench/pairs.txt */
	uint64_t iters;     /* operations per timed sample; amortises rdtsc itself */
	unsigned reps;      /* timed samples; odd, so the median is one sample */
	unsigned warmup;    /* untimed samples run first */
};

/* Result of one benchmark, in instructions per operation. */
struct bench_result {
	uint64_t median;
	uint64_t min;
	uint64_t max;
	unsigned reps;
};

/* Reads the time-stamp counter (an instruction count under icount). */
static inline uint64_t bench_rdtsc(void)
{
	uint32_t lo, hi;

	/*
	 * No lfence: under TCG instructions retire in order, so serialising
	 * would only add an instruction to every sample.
	 */
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/*
 * Runs `spec`, prints its BENCH line and fills `out` (which may be NULL).
 * Returns 0, or -1 if the spec is unusable (the reason goes to stderr).
 */
int bench_run(const struct bench_spec *spec, bench_op_fn *op, void *ctx,
	      struct bench_result *out);

/*
 * For benchmarks that time each sample themselves (one fork, with setup
 * between samples that must not be measured): sorts `samples` (n of them,
 * each the cost of one operation) and prints the BENCH line.
 */
void bench_report(const char *name, uint64_t *samples, unsigned n,
		  struct bench_result *out);

/* Prints "BENCH-FAIL <name> <why>" so the host tools can report it. */
void bench_fail(const char *name, const char *why);

#endif /* HARBOR_BENCH_H */
