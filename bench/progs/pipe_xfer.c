/*
 * pipe_xfer — moving a block of 4 KiB to 4 MiB from one process to another
 * through a pipe, answered by a 1-byte acknowledgement.  Linux's peer to a
 * Mach message with that much out-of-line memory plus its reply.
 *
 * The two are not the same mechanism, and that is the point of the row:
 * Linux copies the bytes twice (into the pipe, out of it) through a 64 KiB
 * pipe buffer, so a large block also costs a context switch per 64 KiB;
 * Harbor remaps the pages copy-on-write and touches none of the data.  The
 * pipe keeps its default size because that is what programs get.
 */
#include "bench.h"
#include "pingpong.h"

#include <unistd.h>

struct xfer_case {
	const char *name;
	size_t size;
	uint64_t iters;
};

static int pipe_xfer_run(const struct xfer_case *c)
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
				to_parent[1], c->size, 1);
}

int main(void)
{
	/*
	 * Fewer iterations as blocks grow, so each sample is about a million
	 * instructions (see README.md on choosing iters).
	 */
	static const struct xfer_case cases[] = {
		{ "pipe_xfer_4k", 4096, 100 },
		{ "pipe_xfer_16k", 16384, 50 },
		{ "pipe_xfer_64k", 65536, 20 },
		{ "pipe_xfer_256k", 262144, 5 },
		{ "pipe_xfer_1m", 1048576, 2 },
		{ "pipe_xfer_4m", 4194304, 1 },
	};
	int failed = 0;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		failed |= pipe_xfer_run(&cases[i]) != 0;
	return failed;
}
