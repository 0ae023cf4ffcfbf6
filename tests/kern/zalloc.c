/*
 * Self-tests of zones and kalloc (mach/kern/zalloc.c).
 */
#include "kern/ktest.h"
#include "kern/string.h"
#include "kern/zalloc.h"
#include "vm/vm_page.h"

struct ztest_obj {
	uint64_t a, b, c;	/* 24 bytes: rounds up to 32 */
};

KTEST(zone_alloc_free)
{
	static struct zone *z;
	enum { N = 300 };		/* more than one page's worth */
	void *objs[N];
	struct zone_info zi;

	if (!z)
		z = zone_create("ktest.obj", sizeof(struct ztest_obj));
	KEXPECT(z != NULL);
	zone_get_info(z, &zi);
	KEXPECT_EQ(zi.elem_size, 32);
	KEXPECT_EQ(zi.in_use, 0);
	for (int i = 0; i < N; i++) {
		objs[i] = zalloc(z);
		KEXPECT(objs[i] != NULL);
		KEXPECT(((uintptr_t)objs[i] & 15) == 0);
		memset(objs[i], i & 0xff, sizeof(struct ztest_obj));
	}
	for (int i = 0; i < N; i++)	/* no two elements overlap */
		KEXPECT(((unsigned char *)objs[i])[31 - 8] == (i & 0xff));
	zone_get_info(z, &zi);
	KEXPECT_EQ(zi.in_use, N);
	KEXPECT_EQ(zi.pages, (N * 32 + PAGE_SIZE - 1) / PAGE_SIZE);
	for (int i = 0; i < N; i += 2)
		zfree(z, objs[i]);
	for (int i = 1; i < N; i += 2)
		zfree(z, objs[i]);
	zone_get_info(z, &zi);
	KEXPECT_EQ(zi.in_use, 0);
	KEXPECT_EQ(zi.free, zi.pages * (PAGE_SIZE / 32));
}

/* zone_gc returns empty pages, so a zone leaks nothing when idle. */
KTEST(zone_gc_returns_pages)
{
	struct zone *z = zone_create("ktest.gc", 512);
	size_t before;
	void *objs[40];
	struct zone_info zi;

	KEXPECT(z != NULL);
	zone_gc();
	before = vm_page_free_count();
	for (int i = 0; i < 40; i++)
		objs[i] = zalloc(z);
	KEXPECT_EQ(vm_page_free_count(), before - 5);
	for (int i = 0; i < 40; i++)
		zfree(z, objs[i]);
	zone_gc();
	zone_get_info(z, &zi);
	KEXPECT_EQ(zi.pages, 0);
	KEXPECT_EQ(vm_page_free_count(), before);
}

KTEST(kalloc_sizes)
{
	static const size_t sizes[] = { 1, 15, 16, 17, 100, 1000, 2048, 2049,
	    4096, 10000, 65536 };
	void *p[ARRAY_SIZE(sizes)];
	size_t in_use = zone_total_in_use();

	zone_gc();
	size_t free_before = vm_page_free_count();
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		p[i] = kalloc(sizes[i]);
		KEXPECT(p[i] != NULL);
		memset(p[i], (int)i, sizes[i]);
	}
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++)
		KEXPECT(((unsigned char *)p[i])[sizes[i] - 1] == i);
	KEXPECT(kalloc(0) == NULL);
	unsigned char *z = kzalloc(300);
	KEXPECT(z && z[0] == 0 && z[299] == 0);
	kfree(z, 300);
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++)
		kfree(p[i], sizes[i]);
	KEXPECT_EQ(zone_total_in_use(), in_use);
	zone_gc();
	KEXPECT_EQ(vm_page_free_count(), free_before);
}

/* A zone that cannot grow returns NULL; it recovers when pages return. */
KTEST(zone_exhaustion)
{
	struct zone *z = zone_create("ktest.exh", 2048);
	paddr_t head = 0, pa;
	void *e;

	KEXPECT(z != NULL);
	zone_gc();
	while ((pa = vm_page_alloc()) != 0) {
		*(paddr_t *)PHYS_TO_KVA(pa) = head;
		head = pa;
	}
	KEXPECT(zalloc(z) == NULL);
	KEXPECT(kalloc(100000) == NULL);
	while (head) {
		pa = head;
		head = *(paddr_t *)PHYS_TO_KVA(pa);
		vm_page_free(pa);
	}
	e = zalloc(z);
	KEXPECT(e != NULL);
	zfree(z, e);
	zone_gc();
}
