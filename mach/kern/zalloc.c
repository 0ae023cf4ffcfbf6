/*
 * Zones: per-type caches of fixed-size kernel objects, and kalloc.
 *
 * A zone's memory is whole pages from the page-frame allocator, used
 * through the direct map.  The bookkeeping of each page lives in its
 * struct vm_page (zone, first free element, count in use), not in the
 * page, so a 2 KiB size class gets two elements per page and zfree finds
 * the page of an element by arithmetic.  Each zone keeps its pages on
 * three lists — partly used, full, empty — so zalloc is O(1): take from a
 * partial page, else an empty one, else a new page.  Free elements are
 * linked through their own first word.
 *
 * Zones live in a fixed table (they are never destroyed), so creating
 * one needs no allocation and works before anything else.
 *
 * Lock order: a zone (interrupts off) is taken after VM locks and before
 * the page allocator's.
 */
#include "kern/arch.h"
#include "kern/panic.h"
#include "kern/printf.h"
#include "kern/string.h"
#include "kern/zalloc.h"
#include "vm/vm_page.h"

#define ZONE_MAX	64
#define ZONE_ALIGN	16

struct page_list {
	struct vm_page head;	/* sentinel: only next/prev are used */
};

struct zone {
	const char *name;
	size_t elem_size;
	size_t per_page;
	/* protected by: interrupts off (zone_lock) */
	struct page_list partial, full, empty;
	size_t in_use, free, pages, allocs;
};

static struct zone zone_table[ZONE_MAX];
static unsigned zone_count;

/* kalloc size classes: 16, 32, … KALLOC_MAX_ZONED. */
#define KALLOC_MIN_SHIFT	4
#define KALLOC_CLASSES		8
static struct zone *kalloc_zones[KALLOC_CLASSES];

static unsigned long
zone_lock(void)
{
	return arch_intr_save();
}

static void
zone_unlock(unsigned long s)
{
	arch_intr_restore(s);
}

static void
list_init(struct page_list *l)
{
	l->head.next = l->head.prev = &l->head;
}

static bool
list_empty(const struct page_list *l)
{
	return l->head.next == &l->head;
}

static void
list_remove(struct vm_page *pg)
{
	pg->prev->next = pg->next;
	pg->next->prev = pg->prev;
}

static void
list_push(struct page_list *l, struct vm_page *pg)
{
	pg->next = l->head.next;
	pg->prev = &l->head;
	l->head.next->prev = pg;
	l->head.next = pg;
}

struct zone *
zone_create(const char *name, size_t elem_size)
{
	unsigned long s = zone_lock();
	struct zone *z = NULL;

	if (elem_size == 0 || elem_size > PAGE_SIZE)
		panic("zone_create(%s): bad element size %zu", name, elem_size);
	if (zone_count < ZONE_MAX) {
		z = &zone_table[zone_count++];
		z->name = name;
		z->elem_size = ALIGN_UP(MAX(elem_size, sizeof(void *)),
		    (size_t)ZONE_ALIGN);
		z->per_page = PAGE_SIZE / z->elem_size;
		list_init(&z->partial);
		list_init(&z->full);
		list_init(&z->empty);
	}
	zone_unlock(s);
	return z;
}

/* Carve a fresh page into a free list of elements; NULL on shortage. */
static struct vm_page *
zone_grow(struct zone *z)
{
	paddr_t pa = vm_page_alloc();
	struct vm_page *pg;
	char *base;

	if (pa == 0)
		return NULL;
	pg = vm_page_lookup_phys(pa);
	base = PHYS_TO_KVA(pa);
	pg->flags = VM_PAGE_ZONE;
	pg->zone = z;
	pg->zone_used = 0;
	pg->zone_free = NULL;
	for (size_t i = z->per_page; i-- > 0;) {
		void **elem = (void **)(base + i * z->elem_size);
		*elem = pg->zone_free;
		pg->zone_free = elem;
	}
	z->pages++;
	z->free += z->per_page;
	return pg;
}

void *
zalloc(struct zone *z)
{
	unsigned long s = zone_lock();
	struct vm_page *pg;
	void **elem = NULL;

	if (!list_empty(&z->partial)) {
		pg = z->partial.head.next;
		list_remove(pg);
	} else if (!list_empty(&z->empty)) {
		pg = z->empty.head.next;
		list_remove(pg);
	} else {
		pg = zone_grow(z);
	}
	if (pg) {
		elem = pg->zone_free;
		pg->zone_free = *elem;
		pg->zone_used++;
		list_push(pg->zone_used == z->per_page ? &z->full : &z->partial, pg);
		z->in_use++;
		z->free--;
		z->allocs++;
	}
	zone_unlock(s);
	return elem;
}

void
zfree(struct zone *z, void *ptr)
{
	struct vm_page *pg = vm_page_lookup_phys(KVA_TO_PHYS(ptr));
	void **elem = ptr;
	unsigned long s;

	if (!pg || !(pg->flags & VM_PAGE_ZONE) || pg->zone != z ||
	    (KVA_TO_PHYS(ptr) & PAGE_MASK) % z->elem_size != 0)
		panic("zfree(%s): %p is not an element of this zone", z->name, ptr);
	s = zone_lock();
	list_remove(pg);
	*elem = pg->zone_free;
	pg->zone_free = elem;
	pg->zone_used--;
	list_push(pg->zone_used == 0 ? &z->empty : &z->partial, pg);
	z->in_use--;
	z->free++;
	zone_unlock(s);
}

void
zone_get_info(const struct zone *z, struct zone_info *info)
{
	unsigned long s = zone_lock();

	info->name = z->name;
	info->elem_size = z->elem_size;
	info->in_use = z->in_use;
	info->free = z->free;
	info->pages = z->pages;
	info->allocs = z->allocs;
	zone_unlock(s);
}

size_t
zone_total_in_use(void)
{
	size_t n = 0;

	for (unsigned i = 0; i < zone_count; i++)
		n += zone_table[i].in_use;
	return n;
}

void
zone_gc(void)
{
	for (unsigned i = 0; i < zone_count; i++) {
		struct zone *z = &zone_table[i];
		unsigned long s = zone_lock();
		while (!list_empty(&z->empty)) {
			struct vm_page *pg = z->empty.head.next;
			list_remove(pg);
			pg->flags = 0;
			z->pages--;
			z->free -= z->per_page;
			vm_page_free(vm_page_to_phys(pg));
		}
		zone_unlock(s);
	}
}

void
zone_print_all(void)
{
	for (unsigned i = 0; i < zone_count; i++) {
		struct zone_info zi;
		zone_get_info(&zone_table[i], &zi);
		kprintf("zone %-16s size %4zu in use %6zu free %6zu pages %4zu\n",
		    zi.name, zi.elem_size, zi.in_use, zi.free, zi.pages);
	}
}

void
zone_bootstrap(void)
{
	static const char *const names[KALLOC_CLASSES] = {
		"kalloc.16", "kalloc.32", "kalloc.64", "kalloc.128",
		"kalloc.256", "kalloc.512", "kalloc.1024", "kalloc.2048",
	};

	for (unsigned i = 0; i < KALLOC_CLASSES; i++)
		kalloc_zones[i] = zone_create(names[i],
		    (size_t)1 << (KALLOC_MIN_SHIFT + i));
}

/* The size class of size (size <= KALLOC_MAX_ZONED). */
static struct zone *
kalloc_zone(size_t size)
{
	unsigned i = 0;

	while (((size_t)1 << (KALLOC_MIN_SHIFT + i)) < size)
		i++;
	return kalloc_zones[i];
}

void *
kalloc(size_t size)
{
	paddr_t pa;

	if (size == 0)
		return NULL;
	if (size <= KALLOC_MAX_ZONED)
		return zalloc(kalloc_zone(size));
	pa = vm_page_alloc_contig(atop(round_page(size)), 0);
	return pa ? PHYS_TO_KVA(pa) : NULL;
}

void *
kzalloc(size_t size)
{
	void *p = kalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void
kfree(void *ptr, size_t size)
{
	if (!ptr)
		return;
	if (size <= KALLOC_MAX_ZONED)
		zfree(kalloc_zone(size), ptr);
	else
		vm_page_free_contig(KVA_TO_PHYS(ptr), atop(round_page(size)));
}
