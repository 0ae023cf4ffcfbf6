/*
 * bench.c — timing loop, statistics and the BENCH output line.
 * See bench.h for the protocol.
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>

static int bench_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a;
	uint64_t y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static int bench_check_spec(const struct bench_spec *spec)
{
	if (spec->iters == 0) {
		fprintf(stderr, "bench %s: iters must be at least 1\n", spec->name);
		return -1;
	}
	if (spec->reps == 0 || spec->reps > BENCH_REPS_MAX) {
		fprintf(stderr, "bench %s: reps must be 1..%d\n", spec->name,
			BENCH_REPS_MAX);
		return -1;
	}
	return 0;
}

int bench_run(const struct bench_spec *spec, bench_op_fn *op, void *ctx,
	      struct bench_result *out)
{
	/* Static: a 1001-entry array is too big for a thread's small stack. */
	static uint64_t samples[BENCH_REPS_MAX];

	if (bench_check_spec(spec) != 0) {
		bench_fail(spec->name, "bad spec");
		return -1;
	}

	for (unsigned i = 0; i < spec->warmup; i++)
		op(ctx, spec->iters);

	for (unsigned i = 0; i < spec->reps; i++) {
		uint64_t t0 = bench_rdtsc();
		op(ctx, spec->iters);
		uint64_t t1 = bench_rdtsc();

		/*
		 * Round to nearest rather than truncate, so that a benchmark of
		 * a few instructions per op does not always read low.
		 */
		samples[i] = (t1 - t0 + spec->iters / 2) / spec->iters;
	}

	bench_report(spec->name, samples, spec->reps, out);
	return 0;
}

void bench_report(const char *name, uint64_t *samples, unsigned n,
		  struct bench_result *out)
{
	struct bench_result r;

	if (n == 0) {
		bench_fail(name, "no samples");
		return;
	}
	qsort(samples, n, sizeof samples[0], bench_cmp_u64);
	r.median = samples[n / 2];
	r.min = samples[0];
	r.max = samples[n - 1];
	r.reps = n;

	printf("BENCH %s median=%llu min=%llu max=%llu reps=%u\n", name,
	       (unsigned long long)r.median, (unsigned long long)r.min,
	       (unsigned long long)r.max, r.reps);
	/* The peer process may be killed right after; do not leave it buffered. */
	fflush(stdout);

	if (out != NULL)
		*out = r;
}

void bench_fail(const char *name, const char *why)
{
	printf("BENCH-FAIL %s %s\n", name, why);
	fflush(stdout);
}
