/*
 * Self-tests of the page-frame allocator (mach/vm/vm_page.c).
 */
#include "kern/bootinfo.h"
#include "kern/ktest.h"
#include "kern/string.h"
#include "vm/vm_page.h"

/* Pages come back, are distinct, aligned, and the count is exact. */
KTEST(vm_page_alloc_free)
{
	enum { N = 64 };
	paddr_t pages[N];
	size_t before = vm_page_free_count();

	for (int i = 0; i < N; i++) {
		pages[i] = vm_page_alloc();
		KEXPECT(pages[i] != 0);
		KEXPECT(page_aligned(pages[i]));
		for (int j = 0; j < i; j++)
			KEXPECT(pages[i] != pages[j]);
	}
	KEXPECT_EQ(vm_page_free_count(), before - N);
	for (int i = 0; i < N; i++)
		vm_page_free(pages[i]);
	KEXPECT_EQ(vm_page_free_count(), before);
}

/* Nothing the kernel already uses is ever handed out. */
KTEST(vm_page_reserved_ranges)
{
	const struct boot_info *bi = &boot_info;
	paddr_t kstart = trunc_page(bi->kernel_start);

	KEXPECT(vm_page_lookup_phys(0) == NULL);	/* low 1 MiB */
	KEXPECT(vm_page_lookup_phys(0x9f000) == NULL);
	KEXPECT(vm_page_lookup_phys(kstart) == NULL);
	KEXPECT(vm_page_lookup_phys(trunc_page(bi->kernel_end - 1)) == NULL);
	KEXPECT(vm_page_lookup_phys(trunc_page(bi->info_start)) == NULL);
	for (unsigned i = 0; i < bi->nmodules; i++)
		KEXPECT(vm_page_lookup_phys(trunc_page(bi->modules[i].start)) == NULL);
	for (int i = 0; i < 16; i++) {
		paddr_t pa = vm_page_alloc();
		KEXPECT(pa >= 0x100000);
		KEXPECT(pa + PAGE_SIZE <= bi->kernel_start || pa >= bi->kernel_end);
		KEXPECT(pa + PAGE_SIZE <= bi->info_start || pa >= bi->info_end);
		vm_page_free(pa);
	}
	KEXPECT(vm_page_total_count() > (200ul << 20) / PAGE_SIZE);
}

/* Contiguous runs respect max_addr and are really contiguous & free. */
KTEST(vm_page_contig)
{
	size_t before = vm_page_free_count();
	paddr_t a = vm_page_alloc_contig(16, 0);
	paddr_t b = vm_page_alloc_contig(4, 16ul << 20);

	KEXPECT(a != 0 && b != 0);
	KEXPECT(b + 4 * PAGE_SIZE <= (16ul << 20));
	for (size_t i = 0; i < 16; i++) {
		struct vm_page *pg = vm_page_lookup_phys(a + ptoa(i));
		KEXPECT(pg && !(pg->flags & VM_PAGE_FREE));
	}
	memset(PHYS_TO_KVA(a), 0xa5, 16 * PAGE_SIZE);	/* all reachable */
	KEXPECT_EQ(vm_page_free_count(), before - 20);
	KEXPECT_EQ(vm_page_alloc_contig(0, 0), 0);
	KEXPECT_EQ(vm_page_alloc_contig(vm_page_total_count() + 1, 0), 0);
	vm_page_free_contig(a, 16);
	vm_page_free_contig(b, 4);
	KEXPECT_EQ(vm_page_free_count(), before);
}

/*
 * Exhaustion returns 0 instead of failing hard, and every page comes
 * back.  The pages are chained through their own first word so the test
 * needs no memory of its own.
 */
KTEST(vm_page_exhaustion)
{
	size_t before = vm_page_free_count(), got = 0;
	paddr_t head = 0, pa;

	while ((pa = vm_page_alloc()) != 0) {
		*(paddr_t *)PHYS_TO_KVA(pa) = head;
		head = pa;
		got++;
	}
	KEXPECT_EQ(got, before);
	KEXPECT_EQ(vm_page_free_count(), 0);
	KEXPECT_EQ(vm_page_alloc_contig(1, 0), 0);
	while (head) {
		pa = head;
		head = *(paddr_t *)PHYS_TO_KVA(pa);
		vm_page_free(pa);
	}
	KEXPECT_EQ(vm_page_free_count(), before);
}

KTEST(vm_page_zero_copy)
{
	paddr_t a = vm_page_alloc(), b = vm_page_alloc();
	const unsigned char *pb = PHYS_TO_KVA(b);
	bool ok = true;

	memset(PHYS_TO_KVA(a), 0x5a, PAGE_SIZE);
	vm_page_copy(b, a);
	for (size_t i = 0; i < PAGE_SIZE; i++)
		ok = ok && pb[i] == 0x5a;
	KEXPECT(ok);
	vm_page_zero(b);
	for (size_t i = 0; i < PAGE_SIZE; i++)
		ok = ok && pb[i] == 0;
	KEXPECT(ok);
	vm_page_free(a);
	vm_page_free(b);
}
