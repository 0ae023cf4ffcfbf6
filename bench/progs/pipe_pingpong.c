/*
 * pipe_pingpong — round trips between two processes over a pair of pipes,
 * with 1 B, 64 B and 4 KiB messages each way.  Linux's nearest peer to a
 * Mach RPC with that much inline data: two copies and two context switches
 * (each an address-space switch) per round trip.
 */
#include "bench.h"
#include "pingpong.h"

#include <unistd.h>

struct pipe_case {
	const char *name;
	size_t size;
	uint64_t iters;
};

static int pipe_pingpong_run(const struct pipe_case *c)
{
	struct bench_spec spec = {
		.name = c->name, .iters = c->iters,
		.reps = BENCH_REPS_DEFAULT, .warmup = BENCH_WARMUP_DEFAULT,
	};
	int to_child[2], to_parent[2];

	if (pipe(to_child) != 0 || pipe(to_parent) != 0) {
		bench_fail(c->name, "pipe");
		return -1;
	}
	return pingpong_measure(&spec, to_parent[0], to_child[1], to_child[0],
				to_parent[1], c->size, c->size);
}

int main(void)
{
	static const struct pipe_case cases[] = {
		{ "pipe_pingpong_1", 1, 100 },
		{ "pipe_pingpong_64", 64, 100 },
		{ "pipe_pingpong_4k", 4096, 100 },
	};
	int failed = 0;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		failed |= pipe_pingpong_run(&cases[i]) != 0;
	return failed;
}
