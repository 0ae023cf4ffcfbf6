/*
 * page_fault_zero — the cost of a demand-zero page fault: the first write
 * to a page of fresh anonymous memory.  Each operation writes one byte to
 * the next untouched page of a region mapped once beforehand, so a sample
 * holds nothing but faults (and the loop around them).
 *
 * Harbor's nearest figure is the kernel's own vm_trap_fault_zero (a fault
 * taken in the kernel, without the user-mode entry and exit Linux pays
 * here); once POSIX programs run on Harbor this program measures the same
 * thing there.
 */
#define _DEFAULT_SOURCE	/* madvise, MADV_NOHUGEPAGE, pause */
#include "bench.h"

#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>

#define PAGE	4096
#define ITERS	64
#define REPS	BENCH_REPS_DEFAULT
#define WARMUP	BENCH_WARMUP_DEFAULT

struct region {
	volatile char *base;
	uint64_t next;		/* next untouched page */
};

static void touch_op(void *ctx, uint64_t iters)
{
	struct region *r = ctx;

	for (uint64_t i = 0; i < iters; i++, r->next++)
		r->base[r->next * PAGE] = 1;
}

int main(void)
{
	const struct bench_spec spec = {
		.name = "page_fault_zero", .iters = ITERS, .reps = REPS, .warmup = WARMUP,
	};
	size_t size = (size_t)(REPS + WARMUP) * ITERS * PAGE;
	struct region r = { 0 };
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		bench_fail(spec.name, "mmap failed");
		return 1;
	}
	/* 4 KiB faults only: a transparent huge page would fill 512 at once. */
	(void)madvise(p, size, MADV_NOHUGEPAGE);
	r.base = p;
	return bench_run(&spec, touch_op, &r, NULL) == 0 ? 0 : 1;
}
