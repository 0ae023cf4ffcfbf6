/*
 * fork_16m — fork() of a process with 16 MiB of written anonymous memory:
 * the kernel half of fork, as the parent sees it (from the call to its
 * return).  Between samples, outside the measurement, the child exits and
 * is reaped and the parent writes every page again, so that each fork
 * starts from the same state: all 4096 pages private and writable.
 *
 * Harbor's nearest figure is the kernel's task_create_16m (task_create
 * with inherited memory, without fork's user-mode entry and exit).
 */
#define _DEFAULT_SOURCE	/* madvise, MADV_NOHUGEPAGE, pause */
#include "bench.h"

#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE	4096
#define SIZE	(16u << 20)
#define REPS	21
#define WARMUP	BENCH_WARMUP_DEFAULT

static void touch(volatile char *base, char v)
{
	for (size_t off = 0; off < SIZE; off += PAGE)
		base[off] = v;
}

int main(void)
{
	static uint64_t samples[REPS];
	void *p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		bench_fail("fork_16m", "mmap failed");
		return 1;
	}
	(void)madvise(p, SIZE, MADV_NOHUGEPAGE);
	for (int i = 0; i < WARMUP + REPS; i++) {
		touch(p, (char)i);
		uint64_t t0 = bench_rdtsc();
		pid_t child = fork();
		uint64_t t1 = bench_rdtsc();

		if (child < 0) {
			bench_fail("fork_16m", "fork failed");
			return 1;
		}
		if (child == 0)
			_exit(0);
		waitpid(child, NULL, 0);
		if (i >= WARMUP)
			samples[i - WARMUP] = t1 - t0;
	}
	bench_report("fork_16m", samples, REPS, NULL);
	return 0;
}
