/*
 * x86_64 pmap: 4-level page tables (Intel SDM vol. 3A, chapter 4).
 *
 * A user pmap owns the lower half of its PML4 (entries 0..255) and the
 * tables below; entries 256..511 are copied from the kernel pmap when the
 * pmap is made and never change afterwards, because pmap_bootstrap fills
 * every kernel-half PML4 slot the kernel will ever use in advance.
 *
 * Leaf entries carry the rights: PG_W only with VM_PROT_WRITE, PG_NX
 * without VM_PROT_EXECUTE, PG_U on user addresses, PG_G on kernel ones.
 * Intermediate entries allow everything.  Page tables are not freed when
 * they empty, only when the pmap is destroyed.
 *
 * Lock order: callers hold the owning map's lock; table updates run with
 * interrupts off; the only lock below is the page allocator's.
 */
#include "kern/arch.h"
#include "kern/panic.h"
#include "kern/string.h"
#include "kern/zalloc.h"
#include "vm/vm_page.h"
#include "x86_64/cpu.h"
#include "x86_64/pmap_impl.h"

/* More pages than this in one invalidation: flush the whole TLB. */
#define TLB_RANGE_MAX_PAGES	32

struct pmap kernel_pmap_store = { .kernel = true };
static struct zone *pmap_zone;

/* protected by: interrupts off (per CPU with SMP) */
struct pmap *active_pmap;		/* pmap_impl.h */

paddr_t
pmap_alloc_table(void)
{
	paddr_t pa = vm_page_alloc();

	if (pa)
		pmap_zero_page(pa);
	return pa;
}

pt_entry_t *
pmap_next_table(struct pmap *pmap, pt_entry_t *e, bool create, bool user,
    bool *short_of_memory)
{
	paddr_t pa;

	if (!(*e & PG_P)) {
		if (!create)
			return NULL;
		pa = pmap_alloc_table();
		if (!pa) {
			if (short_of_memory)
				*short_of_memory = true;
			return NULL;
		}
		pmap->table_pages++;
		*e = pa | (user ? PG_TABLE_USER : PG_TABLE_KERNEL);
	}
	if (*e & PG_PS)
		return NULL;	/* a large page: no table below */
	return PHYS_TO_KVA(*e & PG_FRAME);
}

pt_entry_t *
pmap_pte(struct pmap *pmap, vaddr_t va, bool create, bool *short_of_memory)
{
	static const unsigned shifts[3] = { PML4_SHIFT, PDPT_SHIFT, PD_SHIFT };
	bool user = va_is_user(va);
	pt_entry_t *table = pmap->pml4;

	for (unsigned level = 0; level < 3; level++) {
		table = pmap_next_table(pmap, &table[PT_INDEX(va, shifts[level])],
		    create, user, short_of_memory);
		if (!table)
			return NULL;
	}
	return &table[PT_INDEX(va, PT_SHIFT)];
}

struct pmap *
pmap_kernel(void)
{
	return &kernel_pmap_store;
}

struct pmap *
pmap_create(void)
{
	struct pmap *pmap;
	paddr_t pa;

	if (!pmap_zone)
		pmap_zone = zone_create("pmap", sizeof(struct pmap));
	pmap = zalloc(pmap_zone);
	if (!pmap)
		return NULL;
	pa = pmap_alloc_table();
	if (!pa) {
		zfree(pmap_zone, pmap);
		return NULL;
	}
	pmap->pml4_pa = pa;
	pmap->pml4 = PHYS_TO_KVA(pa);
	pmap->table_pages = 1;
	pmap->kernel = false;
	memcpy(&pmap->pml4[PML4_KERNEL_FIRST],
	    &kernel_pmap_store.pml4[PML4_KERNEL_FIRST],
	    (PT_ENTRIES - PML4_KERNEL_FIRST) * sizeof(pt_entry_t));
	return pmap;
}

/* Free the table at pa and, above level 1, every table below it. */
static void
free_table_tree(paddr_t pa, unsigned level)
{
	pt_entry_t *t = PHYS_TO_KVA(pa);

	if (level > 1)
		for (unsigned i = 0; i < PT_ENTRIES; i++)
			if ((t[i] & PG_P) && !(t[i] & PG_PS))
				free_table_tree(t[i] & PG_FRAME, level - 1);
	vm_page_free(pa);
}

void
pmap_destroy(struct pmap *pmap)
{
	assert(pmap && !pmap->kernel);
	if (active_pmap == pmap)
		pmap_activate(NULL);
	for (unsigned i = 0; i < PML4_KERNEL_FIRST; i++)
		if (pmap->pml4[i] & PG_P)
			free_table_tree(pmap->pml4[i] & PG_FRAME, 3);
	vm_page_free(pmap->pml4_pa);
	zfree(pmap_zone, pmap);
}

static pt_entry_t
make_pte(vaddr_t va, paddr_t pa, vm_prot_t prot, unsigned flags)
{
	pt_entry_t pte = (pa & PG_FRAME) | PG_P;

	if (prot & VM_PROT_WRITE)
		pte |= PG_W;
	if (!(prot & VM_PROT_EXECUTE))
		pte |= PG_NX;
	if (va_is_user(va))
		pte |= PG_U;
	else
		pte |= PG_G;
	if (flags & PMAP_NOCACHE)
		pte |= PG_PCD | PG_PWT;
	return pte;
}

kern_return_t
pmap_enter(struct pmap *pmap, vaddr_t va, paddr_t pa, vm_prot_t prot,
    unsigned flags)
{
	bool short_of_memory = false;
	unsigned long s;
	pt_entry_t *pte, old;

	assert(page_aligned(va) && page_aligned(pa) && prot != VM_PROT_NONE);
	assert(va_is_user(va) != pmap->kernel);
	s = arch_intr_save();
	pte = pmap_pte(pmap, va, true, &short_of_memory);
	if (!pte) {
		arch_intr_restore(s);
		assert(short_of_memory);
		return KERN_RESOURCE_SHORTAGE;
	}
	old = *pte;
	*pte = make_pte(va, pa, prot, flags);
	if (old & PG_P)
		pmap_tlb_invalidate_page(pmap, va);
	arch_intr_restore(s);
	return KERN_SUCCESS;
}

/*
 * Apply fn to every present leaf entry in [start, end), skipping absent
 * tables a whole table's span at a time.
 */
static void
for_each_pte(struct pmap *pmap, vaddr_t start, vaddr_t end,
    void (*fn)(pt_entry_t *pte, vm_prot_t prot), vm_prot_t prot)
{
	for (vaddr_t va = start; va < end && va >= start;) {
		pt_entry_t *pml4e = &pmap->pml4[PT_INDEX(va, PML4_SHIFT)];
		pt_entry_t *pdpt = pmap_next_table(pmap, pml4e, false, false, NULL);
		if (!pdpt) {
			va = ALIGN_DOWN(va, 1ul << PML4_SHIFT) + (1ul << PML4_SHIFT);
			continue;
		}
		pt_entry_t *pd = pmap_next_table(pmap,
		    &pdpt[PT_INDEX(va, PDPT_SHIFT)], false, false, NULL);
		if (!pd) {
			va = ALIGN_DOWN(va, 1ul << PDPT_SHIFT) + (1ul << PDPT_SHIFT);
			continue;
		}
		pt_entry_t *pt = pmap_next_table(pmap,
		    &pd[PT_INDEX(va, PD_SHIFT)], false, false, NULL);
		if (!pt) {
			va = ALIGN_DOWN(va, 1ul << PD_SHIFT) + (1ul << PD_SHIFT);
			continue;
		}
		vaddr_t table_end = ALIGN_DOWN(va, 1ul << PD_SHIFT) + (1ul << PD_SHIFT);
		for (; va < end && va < table_end; va += PAGE_SIZE) {
			pt_entry_t *pte = &pt[PT_INDEX(va, PT_SHIFT)];
			if (*pte & PG_P)
				fn(pte, prot);
		}
	}
}

static void
pte_clear(pt_entry_t *pte, vm_prot_t prot __unused)
{
	*pte = 0;
}

static void
pte_reduce(pt_entry_t *pte, vm_prot_t prot)
{
	if (!(prot & VM_PROT_WRITE))
		*pte &= ~PG_W;
	if (!(prot & VM_PROT_EXECUTE))
		*pte |= PG_NX;
}

void
pmap_remove(struct pmap *pmap, vaddr_t start, vaddr_t end)
{
	unsigned long s = arch_intr_save();

	for_each_pte(pmap, start, end, pte_clear, VM_PROT_NONE);
	pmap_tlb_invalidate_range(pmap, start, end);
	arch_intr_restore(s);
}

void
pmap_protect(struct pmap *pmap, vaddr_t start, vaddr_t end, vm_prot_t prot)
{
	unsigned long s;

	if (prot == VM_PROT_NONE) {
		pmap_remove(pmap, start, end);
		return;
	}
	s = arch_intr_save();
	for_each_pte(pmap, start, end, pte_reduce, prot);
	pmap_tlb_invalidate_range(pmap, start, end);
	arch_intr_restore(s);
}

/* The leaf entry mapping va, large pages included; NULL if none. */
static pt_entry_t *
lookup_leaf(struct pmap *pmap, vaddr_t va, size_t *page_size)
{
	static const unsigned shifts[4] = { PML4_SHIFT, PDPT_SHIFT, PD_SHIFT, PT_SHIFT };
	pt_entry_t *table = pmap->pml4;

	for (unsigned level = 0; level < 4; level++) {
		pt_entry_t *e = &table[PT_INDEX(va, shifts[level])];
		if (!(*e & PG_P))
			return NULL;
		if (level == 3 || (*e & PG_PS)) {
			*page_size = 1ul << shifts[level];
			return e;
		}
		table = PHYS_TO_KVA(*e & PG_FRAME);
	}
	return NULL;
}

bool
pmap_extract(struct pmap *pmap, vaddr_t va, paddr_t *pa)
{
	size_t size;
	pt_entry_t *e = lookup_leaf(pmap, va, &size);

	if (!e)
		return false;
	if (pa)
		*pa = (*e & PG_FRAME & ~(size - 1)) | (va & (size - 1));
	return true;
}

vm_prot_t
pmap_prot(struct pmap *pmap, vaddr_t va)
{
	size_t size;
	pt_entry_t *e = lookup_leaf(pmap, va, &size);
	vm_prot_t prot = VM_PROT_READ;

	if (!e)
		return VM_PROT_NONE;
	if (*e & PG_W)
		prot |= VM_PROT_WRITE;
	if (!(*e & PG_NX))
		prot |= VM_PROT_EXECUTE;
	return prot;
}

paddr_t
pmap_cr3(const struct pmap *pmap)
{
	return pmap->pml4_pa;
}

static void
load_cr3(paddr_t pa)
{
	__asm__ volatile("mov %0, %%cr3" :: "r"(pa) : "memory");
}

void
pmap_activate(struct pmap *pmap)
{
	uint64_t flags = read_rflags();	/* arch_intr_save, inline */

	cli();
	if (!pmap)
		pmap = &kernel_pmap_store;
	if (pmap != active_pmap) {
		active_pmap = pmap;
		load_cr3(pmap->pml4_pa);
	}
	if (flags & RFLAGS_IF)
		sti();
}

struct pmap *
pmap_current(void)
{
	return active_pmap == &kernel_pmap_store ? NULL : active_pmap;
}

size_t
pmap_table_pages(const struct pmap *pmap)
{
	return pmap->table_pages;
}

/* Whether this CPU's TLB may hold entries of pmap. */
static bool
tlb_may_hold(struct pmap *pmap)
{
	return pmap->kernel || pmap == active_pmap;
}

void
pmap_tlb_invalidate_page(struct pmap *pmap, vaddr_t va)
{
	if (tlb_may_hold(pmap))
		tlb_invlpg(va);
}

void
pmap_tlb_invalidate_range(struct pmap *pmap, vaddr_t start, vaddr_t end)
{
	if (!tlb_may_hold(pmap))
		return;
	if ((end - start) / PAGE_SIZE > TLB_RANGE_MAX_PAGES) {
		pmap_tlb_invalidate_all(pmap);
		return;
	}
	for (vaddr_t va = start; va < end; va += PAGE_SIZE)
		tlb_invlpg(va);
}

void
pmap_tlb_invalidate_all(struct pmap *pmap)
{
	uint64_t cr4;

	if (!tlb_may_hold(pmap))
		return;
	if (!pmap->kernel) {
		load_cr3(active_pmap->pml4_pa);	/* drops non-global entries */
		return;
	}
	/* Global entries survive a CR3 load; toggling CR4.PGE drops them. */
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	__asm__ volatile("mov %0, %%cr4" :: "r"(cr4 & ~(1ul << 7)) : "memory");
	__asm__ volatile("mov %0, %%cr4" :: "r"(cr4) : "memory");
}

void
pmap_zero_page(paddr_t pa)
{
	void *p = PHYS_TO_KVA(pa);
	size_t n = PAGE_SIZE / 8;

	__asm__ volatile("rep stosq" : "+D"(p), "+c"(n) : "a"(0ul) : "memory");
}

void
pmap_copy_page(paddr_t src, paddr_t dst)
{
	void *d = PHYS_TO_KVA(dst);
	const void *s = PHYS_TO_KVA(src);
	size_t n = PAGE_SIZE / 8;

	__asm__ volatile("rep movsq" : "+D"(d), "+S"(s), "+c"(n) :: "memory");
}
