/*
 * Building the kernel's own page tables (pmap_bootstrap) and mapping
 * device registers.
 *
 * boot.S maps the first 1 GiB three times with 2 MiB pages.  Here we
 * build the real tables and switch to them:
 *   - the direct map: every region of the boot memory map (all types
 *     below 4 GiB, so that ACPI tables and firmware areas stay readable;
 *     reserved ranges above are address holes), with 2 MiB
 *     pages, global, writable, never executable;
 *   - the kernel image with 4 KiB pages and W^X: text read+execute,
 *     rodata read-only, data, bss and the symbol table read+write NX;
 *   - nothing in the lower half: low memory is no longer identity
 *     mapped, so a stray user-half access from the kernel faults.
 * Every kernel-half PML4 slot the kernel uses is filled here, once, so
 * that user pmaps can copy the kernel half when they are made.
 *
 * Runs before zones exist and while only the boot map's first 1 GiB is
 * reachable: its tables come from vm_page_alloc, whose first pages are
 * low (see vm_page.c).
 */
#include "kern/bootinfo.h"
#include "kern/panic.h"
#include "kern/printf.h"
#include "vm/vm_page.h"
#include "x86_64/pmap_impl.h"

extern char _kernel_start[], _etext[], _kernel_end[];
/* The end of read-only data (kernel.ld). */
extern char _erodata[];

static paddr_t direct_map_end;

/* A table for a kernel slot that must exist; panics at boot if not. */
static pt_entry_t *
boot_table(pt_entry_t *e)
{
	pt_entry_t *t = pmap_next_table(&kernel_pmap_store, e, true, false, NULL);

	if (!t)
		panic("pmap_bootstrap: out of memory for page tables");
	return t;
}

/* Map [start, end) physical with 2 MiB pages in the direct map. */
static void
map_direct_range(paddr_t start, paddr_t end)
{
	pt_entry_t *pml4 = kernel_pmap_store.pml4;

	start = ALIGN_DOWN(start, LARGE_PAGE_SIZE);
	for (paddr_t pa = start; pa < end; pa += LARGE_PAGE_SIZE) {
		vaddr_t va = (vaddr_t)PHYS_TO_KVA(pa);
		pt_entry_t *pdpt = boot_table(&pml4[PT_INDEX(va, PML4_SHIFT)]);
		pt_entry_t *pd = boot_table(&pdpt[PT_INDEX(va, PDPT_SHIFT)]);
		pt_entry_t *pde = &pd[PT_INDEX(va, PD_SHIFT)];
		if (!(*pde & PG_P))
			*pde = pa | PG_P | PG_W | PG_PS | PG_G | PG_NX;
	}
	direct_map_end = MAX(direct_map_end, ALIGN_UP(end, LARGE_PAGE_SIZE));
}

static void
map_image_range(const char *start, const char *end, vm_prot_t prot)
{
	for (vaddr_t va = (vaddr_t)start; va < (vaddr_t)end; va += PAGE_SIZE) {
		pt_entry_t *pte = pmap_pte(&kernel_pmap_store, va, true, NULL);
		if (!pte)
			panic("pmap_bootstrap: out of memory for page tables");
		*pte = (va - ARCH_KERNEL_IMAGE_BASE) | PG_P | PG_G |
		    ((prot & VM_PROT_WRITE) ? PG_W : 0) |
		    ((prot & VM_PROT_EXECUTE) ? 0 : PG_NX);
	}
}

/*
 * The image's sections, from kernel.ld: text up to _etext; rodata from
 * the next page to _erodata; .data starts at the page after that (kernel.ld
 * aligns each section to a page); everything from there to _kernel_end
 * (data, bss, the symbol table) is writable.  A variable known to be in
 * .data checks the guess.
 */
static void
map_kernel_image(void)
{
	const char *rodata = (const char *)round_page(_etext);
	const char *data = (const char *)round_page(_erodata);
	const char *known_data = (const char *)&kernel_pmap_store;

	if (!page_aligned(_kernel_start) || data < rodata ||
	    (const char *)_kernel_end < data || known_data < data)
		panic("pmap_bootstrap: unexpected kernel image layout");
	map_image_range((const char *)trunc_page(_kernel_start), rodata,
	    VM_PROT_READ | VM_PROT_EXECUTE);
	map_image_range(rodata, data, VM_PROT_READ);
	map_image_range(data, (const char *)round_page(_kernel_end),
	    VM_PROT_READ | VM_PROT_WRITE);
}

void
pmap_bootstrap(void)
{
	struct pmap *k = &kernel_pmap_store;
	paddr_t pa = pmap_alloc_table();

	if (!pa)
		panic("pmap_bootstrap: no page for the PML4");
	k->pml4_pa = pa;
	k->pml4 = PHYS_TO_KVA(pa);
	k->table_pages = 1;
	for (unsigned i = 0; i < PML4_DIRECT_SLOTS; i++)
		boot_table(&k->pml4[PML4_KERNEL_FIRST + i]);
	boot_table(&k->pml4[PML4_IMAGE]);

	map_direct_range(0, LARGE_PAGE_SIZE);
	for (unsigned i = 0; i < boot_info.nmem; i++) {
		const struct boot_mem_region *r = &boot_info.mem[i];
		/* Reserved ranges above 4 GiB are address holes, not firmware. */
		if (r->base + r->length > ARCH_DIRECT_MAP_MAX ||
		    (r->type == BOOT_MEM_RESERVED && r->base >= (4ul << 30)))
			continue;
		map_direct_range(r->base, r->base + r->length);
	}
	map_kernel_image();
	pmap_activate(k);
	kprintf("pmap: direct map of %lu MiB, %zu page-table pages\n",
	    (unsigned long)(direct_map_end >> 20), k->table_pages);
}

paddr_t
pmap_direct_map_end(void)
{
	return direct_map_end;
}

/*
 * Split the 2 MiB direct-map page *pde into 512 small ones with the same
 * rights, so that part of it can become uncached.
 */
static bool
split_large_page(pt_entry_t *pde, vaddr_t va)
{
	paddr_t pt_pa = pmap_alloc_table();
	pt_entry_t *pt, base;

	if (!pt_pa)
		return false;
	pt = PHYS_TO_KVA(pt_pa);
	base = *pde & ~(PG_PS | PG_FRAME);
	for (unsigned i = 0; i < PT_ENTRIES; i++)
		pt[i] = ((*pde & PG_FRAME) + i * PAGE_SIZE) | base;
	*pde = pt_pa | PG_TABLE_KERNEL;
	kernel_pmap_store.table_pages++;
	pmap_tlb_invalidate_range(&kernel_pmap_store, ALIGN_DOWN(va, LARGE_PAGE_SIZE),
	    ALIGN_DOWN(va, LARGE_PAGE_SIZE) + LARGE_PAGE_SIZE);
	return true;
}

static bool
map_device_page(paddr_t pa)
{
	vaddr_t va = (vaddr_t)PHYS_TO_KVA(pa);
	pt_entry_t *pml4e = &kernel_pmap_store.pml4[PT_INDEX(va, PML4_SHIFT)];
	pt_entry_t *pdpt, *pd, *pde;

	pdpt = pmap_next_table(&kernel_pmap_store, pml4e, false, false, NULL);
	if (!pdpt)
		return false;	/* beyond the pre-made slots */
	pd = pmap_next_table(&kernel_pmap_store, &pdpt[PT_INDEX(va, PDPT_SHIFT)],
	    true, false, NULL);
	if (!pd)
		return false;
	pde = &pd[PT_INDEX(va, PD_SHIFT)];
	if ((*pde & PG_P) && (*pde & PG_PS) && !split_large_page(pde, va))
		return false;
	return pmap_enter(&kernel_pmap_store, va, pa,
	    VM_PROT_READ | VM_PROT_WRITE, PMAP_NOCACHE) == KERN_SUCCESS;
}

void *
pmap_map_device(paddr_t pa, size_t size)
{
	paddr_t end = round_page(pa + size);

	if (size == 0 || end < pa || end > ARCH_DIRECT_MAP_MAX)
		return NULL;
	for (paddr_t p = trunc_page(pa); p < end; p += PAGE_SIZE)
		if (!map_device_page(p))
			return NULL;
	return PHYS_TO_KVA(pa);
}
