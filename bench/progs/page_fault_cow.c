/*
 * page_fault_cow — the cost of a copy-on-write fault: the first write to a
 * page that a fork() left shared with a child.  The region is written
 * once, a child that only waits keeps every page shared, and each
 * operation writes the next shared page, which copies it.
 *
 * Harbor's nearest figure is the kernel's vm_trap_fault_cow.
 */
#define _DEFAULT_SOURCE	/* madvise, MADV_NOHUGEPAGE, pause */
#include "bench.h"

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE	4096
#define ITERS	64
#define REPS	BENCH_REPS_DEFAULT
#define WARMUP	BENCH_WARMUP_DEFAULT

struct region {
	volatile char *base;
	uint64_t next;		/* next page still shared with the child */
};

static void write_op(void *ctx, uint64_t iters)
{
	struct region *r = ctx;

	for (uint64_t i = 0; i < iters; i++, r->next++)
		r->base[r->next * PAGE] = 2;
}

int main(void)
{
	const struct bench_spec spec = {
		.name = "page_fault_cow", .iters = ITERS, .reps = REPS, .warmup = WARMUP,
	};
	size_t size = (size_t)(REPS + WARMUP) * ITERS * PAGE;
	struct region r = { 0 };
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	pid_t child;
	int rc;

	if (p == MAP_FAILED) {
		bench_fail(spec.name, "mmap failed");
		return 1;
	}
	(void)madvise(p, size, MADV_NOHUGEPAGE);
	r.base = p;
	for (size_t off = 0; off < size; off += PAGE)
		r.base[off] = 1;
	child = fork();
	if (child < 0) {
		bench_fail(spec.name, "fork failed");
		return 1;
	}
	if (child == 0) {
		for (;;)
			pause();	/* keeps the pages shared until killed */
	}
	rc = bench_run(&spec, write_op, &r, NULL);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	return rc == 0 ? 0 : 1;
}
