/*
 * futex_pingpong — two threads of one process hand a token back and forth
 * with FUTEX_WAKE / FUTEX_WAIT.  The cheapest blocking hand-off Linux has:
 * no data is copied and no address space is switched, so it is the floor
 * of what Linux charges to hand control to another thread and get it back.
 * Linux only (Harbor has no futex).
 */
#define _GNU_SOURCE
#include "bench.h"

#include <pthread.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <unistd.h>

/*
 * musl-gcc sees no kernel headers (linux/futex.h), and these values are the
 * stable Linux ABI, so spell them out.
 */
#define FUTEX_WAIT_PRIVATE (0 | 128)
#define FUTEX_WAKE_PRIVATE (1 | 128)

/* Whose turn it is: the main thread waits for PING_MAIN, the partner for PING_PEER. */
enum { PING_MAIN = 0, PING_PEER = 1, PING_STOP = 2 };

static _Atomic int turn = PING_MAIN;

static void futex_wait(_Atomic int *addr, int val)
{
	/* Sleeps only while *addr still equals val; spurious returns are fine. */
	syscall(SYS_futex, addr, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}

static void futex_wake(_Atomic int *addr)
{
	syscall(SYS_futex, addr, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

/* Wait for our turn, hand it straight back; return when told to stop. */
static void *futex_partner(void *arg)
{
	(void)arg;
	for (;;) {
		int t;
		while ((t = atomic_load(&turn)) == PING_MAIN)
			futex_wait(&turn, PING_MAIN);
		if (t == PING_STOP)
			return NULL;
		atomic_store(&turn, PING_MAIN);
		futex_wake(&turn);
	}
}

static void futex_op(void *ctx, uint64_t iters)
{
	(void)ctx;
	for (uint64_t i = 0; i < iters; i++) {
		atomic_store(&turn, PING_PEER);
		futex_wake(&turn);
		while (atomic_load(&turn) == PING_PEER)
			futex_wait(&turn, PING_PEER);
	}
}

int main(void)
{
	const struct bench_spec spec = {
		.name = "futex_pingpong", .iters = 100,
		.reps = BENCH_REPS_DEFAULT, .warmup = BENCH_WARMUP_DEFAULT,
	};
	pthread_t peer;
	int rc;

	if (pthread_create(&peer, NULL, futex_partner, NULL) != 0) {
		bench_fail(spec.name, "pthread_create");
		return 1;
	}
	rc = bench_run(&spec, futex_op, NULL, NULL);
	atomic_store(&turn, PING_STOP);
	futex_wake(&turn);
	pthread_join(peer, NULL);
	return rc == 0 ? 0 : 1;
}
