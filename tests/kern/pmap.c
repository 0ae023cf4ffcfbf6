/*
 * Self-tests of the x86_64 pmap: the kernel's own tables (W^X image,
 * NX direct map, nothing in the lower half) and user pmaps activated
 * for a moment on the boot CPU.
 */
#include "kern/ktest.h"
#include "kern/string.h"
#include "kern/zalloc.h"
#include "vm/pmap.h"
#include "vm/vm_page.h"
#include "x86_64/pmap.h"

static const char pmap_test_rodata[] = "read only";
extern const struct ktest __ktests_start[];
static char pmap_test_data[64];

KTEST(pmap_kernel_wx)
{
	struct pmap *k = pmap_kernel();

	KEXPECT_EQ(pmap_prot(k, (vaddr_t)ktest_run), VM_PROT_READ | VM_PROT_EXECUTE);
	KEXPECT_EQ(pmap_prot(k, (vaddr_t)pmap_test_rodata), VM_PROT_READ);
	KEXPECT_EQ(pmap_prot(k, (vaddr_t)pmap_test_data), VM_PROT_READ | VM_PROT_WRITE);
	KEXPECT_EQ(pmap_prot(k, (vaddr_t)__ktests_start), VM_PROT_READ);
	/* the direct map is data: never executable */
	KEXPECT_EQ(pmap_prot(k, (vaddr_t)PHYS_TO_KVA(0x200000)),
	    VM_PROT_READ | VM_PROT_WRITE);
	/* no identity map any more, and nothing in the user half */
	KEXPECT_EQ(pmap_prot(k, 0x100000), VM_PROT_NONE);
	KEXPECT_EQ(pmap_prot(k, 0x7ff000000000ul), VM_PROT_NONE);
	KEXPECT(pmap_current() == NULL);
}

KTEST(pmap_direct_map_covers_ram)
{
	paddr_t pa = 0;

	KEXPECT(pmap_direct_map_end() >= ptoa(vm_page_total_count()));
	KEXPECT(pmap_extract(pmap_kernel(), (vaddr_t)PHYS_TO_KVA(0x345678), &pa));
	KEXPECT_EQ(pa, 0x345678);
	KEXPECT(pmap_extract(pmap_kernel(), (vaddr_t)pmap_test_data, &pa));
	KEXPECT_EQ(pa, (vaddr_t)pmap_test_data - ARCH_KERNEL_IMAGE_BASE);
}

/* Enter, touch through the new mapping, protect, remove, destroy. */
KTEST(pmap_user_enter_remove)
{
	size_t before;
	struct pmap *p;
	paddr_t pg, got = 0;
	const vaddr_t va = 0x40000000ul;
	volatile uint64_t *uva = (volatile uint64_t *)va;

	zone_gc();
	before = vm_page_free_count();
	p = pmap_create();
	pg = vm_page_alloc();
	KEXPECT(p != NULL && pg != 0);
	KEXPECT_EQ(pmap_table_pages(p), 1);
	KEXPECT_EQ(pmap_enter(p, va, pg, VM_PROT_READ | VM_PROT_WRITE, 0), KERN_SUCCESS);
	KEXPECT_EQ(pmap_table_pages(p), 4);
	KEXPECT(pmap_extract(p, va + 8, &got));
	KEXPECT_EQ(got, pg + 8);
	KEXPECT_EQ(pmap_prot(p, va), VM_PROT_READ | VM_PROT_WRITE);

	pmap_activate(p);
	KEXPECT(pmap_current() == p);
	*uva = 0x1234567890abcdefull;	/* the kernel half is still there */
	pmap_activate(NULL);
	KEXPECT_EQ(*(uint64_t *)PHYS_TO_KVA(pg), 0x1234567890abcdefull);

	pmap_protect(p, va, va + PAGE_SIZE, VM_PROT_READ);
	KEXPECT_EQ(pmap_prot(p, va), VM_PROT_READ);
	pmap_protect(p, va, va + PAGE_SIZE, VM_PROT_ALL);	/* never adds */
	KEXPECT_EQ(pmap_prot(p, va), VM_PROT_READ);
	pmap_remove(p, 0, 0x800000000000ul);	/* the whole user half */
	KEXPECT(!pmap_extract(p, va, NULL));
	KEXPECT_EQ(pmap_prot(pmap_kernel(), va), VM_PROT_NONE);
	pmap_destroy(p);
	vm_page_free(pg);
	zone_gc();
	KEXPECT_EQ(vm_page_free_count(), before);
}

/* Entries far apart each get their own tables; destroy frees them all. */
KTEST(pmap_sparse_destroy)
{
	static const vaddr_t vas[] = { 0x1000, 0x200000, 0x40000000,
	    0x8000000000ul, 0x7fffffffe000ul };
	struct pmap *p;
	paddr_t pg = vm_page_alloc();
	size_t before;

	zone_gc();
	before = vm_page_free_count();
	p = pmap_create();
	for (size_t i = 0; i < ARRAY_SIZE(vas); i++)
		KEXPECT_EQ(pmap_enter(p, vas[i], pg, VM_PROT_READ, 0), KERN_SUCCESS);
	KEXPECT(pmap_table_pages(p) > 8);
	for (size_t i = 0; i < ARRAY_SIZE(vas); i++)
		KEXPECT_EQ(pmap_prot(p, vas[i]), VM_PROT_READ);
	KEXPECT_EQ(pmap_prot(p, 0x2000), VM_PROT_NONE);
	pmap_protect(p, 0x1000, 0x2000, VM_PROT_NONE);
	KEXPECT_EQ(pmap_prot(p, 0x1000), VM_PROT_NONE);
	KEXPECT_EQ(pmap_prot(p, 0x200000), VM_PROT_READ);
	pmap_destroy(p);
	zone_gc();
	KEXPECT_EQ(vm_page_free_count(), before);
	vm_page_free(pg);
}

/* Device registers: the local APIC's version register reads sensibly. */
KTEST(pmap_map_device_lapic)
{
	volatile uint32_t *lapic = pmap_map_device(0xfee00000, PAGE_SIZE);
	uint32_t version;

	KEXPECT(lapic != NULL);
	if (!lapic)
		return;
	version = lapic[0x30 / 4];
	KEXPECT((version & 0xff) >= 0x10);	/* an integrated APIC */
	KEXPECT(((version >> 16) & 0xff) >= 2);	/* some LVT entries */
	KEXPECT(pmap_map_device(0, 0) == NULL);
}
