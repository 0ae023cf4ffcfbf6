/*
 * unix_pingpong — round trips between two processes over one AF_UNIX
 * stream socketpair, with 1 B, 64 B and 4 KiB messages.  The other common
 * Linux IPC a Mach RPC is compared with; the socket layer costs more per
 * message than a pipe, which shows how much of a round trip is plumbing
 * rather than the context switch.
 */
#include "bench.h"
#include "pingpong.h"

#include <sys/socket.h>

struct unix_case {
	const char *name;
	size_t size;
	uint64_t iters;
};

static int unix_pingpong_run(const struct unix_case *c)
{
	struct bench_spec spec = {
		.name = c->name, .iters = c->iters,
		.reps = BENCH_REPS_DEFAULT, .warmup = BENCH_WARMUP_DEFAULT,
	};
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
		bench_fail(c->name, "socketpair");
		return -1;
	}
	return pingpong_measure(&spec, sv[0], sv[0], sv[1], sv[1], c->size,
				c->size);
}

int main(void)
{
	static const struct unix_case cases[] = {
		{ "unix_pingpong_1", 1, 100 },
		{ "unix_pingpong_64", 64, 100 },
		{ "unix_pingpong_4k", 4096, 50 },
	};
	int failed = 0;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		failed |= unix_pingpong_run(&cases[i]) != 0;
	return failed;
}
