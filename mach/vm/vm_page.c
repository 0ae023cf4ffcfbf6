/*
 * The page-frame allocator.
 *
 * Every page of physical memory between the lowest and the highest
 * available address has a struct vm_page in one array (vm_page_array),
 * indexed by page frame number minus the first one.  Pages the boot
 * memory map does not call available, and the pages the kernel already
 * uses (low 1 MiB, kernel image, boot modules, multiboot information,
 * the array itself), are marked reserved and never handed out.
 *
 * Free pages sit on one doubly linked list.  Single pages come from its
 * head; the list starts sorted by address, so early allocations (the
 * kernel page tables, made while only the boot map's first 1 GiB is
 * reachable) are low.  Contiguous runs are searched from the top of
 * memory down, where fragmentation by single pages is least.
 *
 * Lock order: the free list is the innermost lock (interrupts off here).
 */
#include "kern/bootinfo.h"
#include "kern/arch.h"
#include "kern/panic.h"
#include "kern/printf.h"
#include "kern/string.h"
#include "vm/pmap.h"
#include "vm/vm_page.h"

/* Only the first 1 GiB is mapped until pmap_bootstrap() runs. */
#define BOOT_MAPPED_LIMIT	(1ul << 30)
#define LOW_MEMORY_END		0x100000ul

struct phys_range {
	paddr_t start, end;
};

#define RESERVED_MAX	(BOOT_MODULES_MAX + 8)

/* protected by: interrupts off (vm_page_lock) */
static struct vm_page *vm_page_array;
static paddr_t first_pfn, last_pfn;		/* array covers [first, last) */
static struct vm_page free_head;		/* sentinel of the free list */
static size_t free_count, total_count;

static unsigned long
vm_page_lock(void)
{
	return arch_intr_save();
}

static void
vm_page_unlock(unsigned long s)
{
	arch_intr_restore(s);
}

static void
free_list_insert_head(struct vm_page *pg)
{
	pg->next = free_head.next;
	pg->prev = &free_head;
	free_head.next->prev = pg;
	free_head.next = pg;
}

static void
free_list_insert_tail(struct vm_page *pg)
{
	pg->prev = free_head.prev;
	pg->next = &free_head;
	free_head.prev->next = pg;
	free_head.prev = pg;
}

static void
free_list_remove(struct vm_page *pg)
{
	pg->prev->next = pg->next;
	pg->next->prev = pg->prev;
	pg->next = pg->prev = NULL;
}

/* The ranges the kernel is already using, from boot_info. */
static unsigned
collect_reserved(struct phys_range *r)
{
	const struct boot_info *bi = &boot_info;
	unsigned n = 0;

	r[n++] = (struct phys_range){ 0, LOW_MEMORY_END };
	r[n++] = (struct phys_range){ bi->kernel_start, bi->kernel_end };
	r[n++] = (struct phys_range){ bi->info_start, bi->info_end };
	for (unsigned i = 0; i < bi->nmodules && n < RESERVED_MAX - 1; i++)
		r[n++] = (struct phys_range){ bi->modules[i].start,
		    bi->modules[i].end };
	for (unsigned i = 0; i < n; i++) {
		r[i].start = trunc_page(r[i].start);
		r[i].end = round_page(r[i].end);
	}
	return n;
}

static bool
overlaps_reserved(const struct phys_range *r, unsigned n, paddr_t s, paddr_t e)
{
	for (unsigned i = 0; i < n; i++)
		if (s < r[i].end && r[i].start < e)
			return true;
	return false;
}

/* The page-aligned part of available region i; false if empty. */
static bool
available_region(unsigned i, paddr_t *s, paddr_t *e)
{
	const struct boot_mem_region *m = &boot_info.mem[i];

	if (m->type != BOOT_MEM_AVAILABLE)
		return false;
	*s = round_page(m->base);
	*e = trunc_page(m->base + m->length);
	return *s < *e;
}

/*
 * Find room for the page array: the lowest place inside an available
 * region, below the boot mapping's limit, that overlaps nothing reserved.
 * Candidates are region starts and the ends of reserved ranges.
 */
static paddr_t
place_page_array(const struct phys_range *r, unsigned n, size_t bytes)
{
	for (unsigned i = 0; i < boot_info.nmem; i++) {
		paddr_t s, e;
		if (!available_region(i, &s, &e))
			continue;
		for (unsigned c = 0; c <= n; c++) {
			paddr_t at = c == n ? s : r[c].end;
			if (at < s || at + bytes > e || at + bytes > BOOT_MAPPED_LIMIT)
				continue;
			if (!overlaps_reserved(r, n, at, at + bytes))
				return at;
		}
	}
	panic("vm_page: no room for the page array (%zu bytes)", bytes);
}

static void
compute_pfn_range(void)
{
	first_pfn = ~0ul;
	last_pfn = 0;
	for (unsigned i = 0; i < boot_info.nmem; i++) {
		paddr_t s, e;
		if (!available_region(i, &s, &e))
			continue;
		first_pfn = MIN(first_pfn, atop(s));
		last_pfn = MAX(last_pfn, atop(e));
	}
	if (last_pfn <= first_pfn)
		panic("vm_page: the memory map has no available memory");
}

void
vm_page_bootstrap(void)
{
	struct phys_range res[RESERVED_MAX];
	unsigned nres = collect_reserved(res);
	size_t npages, bytes;
	paddr_t array_pa;

	compute_pfn_range();
	npages = last_pfn - first_pfn;
	bytes = round_page(npages * sizeof(struct vm_page));
	array_pa = place_page_array(res, nres, bytes);
	res[nres++] = (struct phys_range){ array_pa, array_pa + bytes };
	vm_page_array = PHYS_TO_KVA(array_pa);
	free_head.next = free_head.prev = &free_head;

	for (size_t i = 0; i < npages; i++) {
		struct vm_page *pg = &vm_page_array[i];
		memset(pg, 0, sizeof(*pg));
		pg->flags = VM_PAGE_RESERVED;
	}
	for (unsigned i = 0; i < boot_info.nmem; i++) {
		paddr_t s, e;
		if (!available_region(i, &s, &e))
			continue;
		for (paddr_t pa = s; pa < e; pa += PAGE_SIZE) {
			struct vm_page *pg = &vm_page_array[atop(pa) - first_pfn];
			if (overlaps_reserved(res, nres, pa, pa + PAGE_SIZE))
				continue;
			pg->flags = VM_PAGE_FREE;
			free_list_insert_tail(pg);
			free_count++;
		}
	}
	total_count = free_count;
	kprintf("vm_page: %zu pages free (%zu KiB), page array %zu KiB at %#lx\n",
	    free_count, free_count * (PAGE_SIZE / 1024), bytes / 1024,
	    (unsigned long)array_pa);
}

struct vm_page *
vm_page_lookup_phys(paddr_t pa)
{
	paddr_t pfn = atop(pa);

	if (pfn < first_pfn || pfn >= last_pfn)
		return NULL;
	if (vm_page_array[pfn - first_pfn].flags & VM_PAGE_RESERVED)
		return NULL;
	return &vm_page_array[pfn - first_pfn];
}

paddr_t
vm_page_to_phys(const struct vm_page *pg)
{
	return ptoa((paddr_t)(pg - vm_page_array) + first_pfn);
}

paddr_t
vm_page_alloc(void)
{
	unsigned long s = vm_page_lock();
	struct vm_page *pg = free_head.next;
	paddr_t pa = 0;

	if (pg != &free_head) {
		free_list_remove(pg);
		pg->flags = 0;
		pg->refcount = 0;
		free_count--;
		pa = vm_page_to_phys(pg);
	}
	vm_page_unlock(s);
	return pa;
}

void
vm_page_free(paddr_t pa)
{
	struct vm_page *pg = vm_page_lookup_phys(pa);
	unsigned long s;

	if (!pg || (pg->flags & VM_PAGE_FREE) || !page_aligned(pa))
		panic("vm_page_free: %#lx is not an allocated page",
		    (unsigned long)pa);
	s = vm_page_lock();
	pg->flags = VM_PAGE_FREE;
	pg->object = NULL;
	free_list_insert_head(pg);
	free_count++;
	vm_page_unlock(s);
}

/*
 * Search down from the highest page below max_addr for npages free pages
 * in a row.  Linear in the number of pages looked at; contiguous requests
 * are rare (stacks, DMA) and the top of memory is usually free.
 */
static long
find_contig_run(size_t npages, paddr_t max_pfn)
{
	size_t run = 0;

	for (paddr_t pfn = max_pfn; pfn > first_pfn; pfn--) {
		if (vm_page_array[pfn - 1 - first_pfn].flags & VM_PAGE_FREE) {
			if (++run == npages)
				return (long)(pfn - 1 - first_pfn);
		} else {
			run = 0;
		}
	}
	return -1;
}

paddr_t
vm_page_alloc_contig(size_t npages, paddr_t max_addr)
{
	paddr_t max_pfn = max_addr ? MIN(atop(max_addr), last_pfn) : last_pfn;
	unsigned long s;
	long first;

	if (npages == 0 || max_pfn <= first_pfn)
		return 0;
	s = vm_page_lock();
	first = find_contig_run(npages, max_pfn);
	if (first >= 0) {
		for (size_t i = 0; i < npages; i++) {
			struct vm_page *pg = &vm_page_array[(size_t)first + i];
			free_list_remove(pg);
			pg->flags = 0;
			pg->refcount = 0;
		}
		free_count -= npages;
	}
	vm_page_unlock(s);
	return first < 0 ? 0 : ptoa((paddr_t)first + first_pfn);
}

void
vm_page_free_contig(paddr_t pa, size_t npages)
{
	for (size_t i = 0; i < npages; i++)
		vm_page_free(pa + ptoa(i));
}

size_t
vm_page_free_count(void)
{
	return free_count;
}

size_t
vm_page_total_count(void)
{
	return total_count;
}

void
vm_page_zero(paddr_t pa)
{
	pmap_zero_page(pa);
}

void
vm_page_copy(paddr_t dst, paddr_t src)
{
	pmap_copy_page(src, dst);
}
