/*
 * The benchmark runner: benchmarks are found through the .kbench.*
 * sections, like self-tests (kern/ktest.c), and print the line protocol
 * of bench/README.md.
 */
#include "kern/kbench.h"
#include "kern/printf.h"

extern const struct kbench __kbench_start[], __kbench_end[];

/* Insertion sort: n is about a hundred, and this runs once per benchmark. */
static void
sort_samples(uint64_t *s, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		uint64_t v = s[i];
		size_t j = i;
		for (; j > 0 && s[j - 1] > v; j--)
			s[j] = s[j - 1];
		s[j] = v;
	}
}

void
kbench_report(const char *name, uint64_t *samples, size_t n)
{
	if (n == 0) {
		kbench_fail(name, "no samples");
		return;
	}
	sort_samples(samples, n);
	kprintf("BENCH %s median=%lu min=%lu max=%lu reps=%zu\n", name,
	    (unsigned long)samples[n / 2], (unsigned long)samples[0],
	    (unsigned long)samples[n - 1], n);
}

void
kbench_fail(const char *name, const char *why)
{
	kprintf("BENCH-FAIL %s %s\n", name, why);
}

void
kbench_run(void)
{
	unsigned n = 0;

	kprintf("BENCH-START harbor-kernel\n");
	for (const struct kbench *b = __kbench_start; b < __kbench_end; b++, n++)
		b->fn();
	kprintf("BENCH-DONE failed=0 benchmarks=%u\n", n);
}
