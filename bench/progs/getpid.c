/*
 * getpid — the cheapest call into the system: the floor under every other
 * figure.  On Linux it is one syscall; on Harbor it is whatever the POSIX
 * personality makes of it (a cached value or an RPC to proc), which is
 * exactly what this benchmark is meant to show.
 */
#include "bench.h"

#include <unistd.h>

static void getpid_op(void *ctx, uint64_t iters)
{
	(void)ctx;
	for (uint64_t i = 0; i < iters; i++)
		(void)getpid();
}

int main(void)
{
	const struct bench_spec spec = {
		.name = "getpid", .iters = 3000,
		.reps = BENCH_REPS_DEFAULT, .warmup = BENCH_WARMUP_DEFAULT,
	};

	return bench_run(&spec, getpid_op, NULL, NULL) == 0 ? 0 : 1;
}
