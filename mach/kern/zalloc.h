/*
 * Kernel object allocation: zones (one per object type, slab style) and
 * kalloc (general sizes, on top of a zone per power-of-two size class).
 *
 * A zone hands out elements of one size carved from whole pages taken
 * from the page-frame allocator and reached through the direct map, so
 * an element's kernel address is also a direct-map address.  Empty pages
 * stay with the zone until zone_gc() returns them (leak tests call it
 * before counting free pages).
 *
 * Both return NULL when memory is exhausted: the caller reports
 * KERN_RESOURCE_SHORTAGE; nothing here panics on a user's behalf.
 *
 * Lock order: each zone is protected by interrupts off (one CPU; a spin
 * lock per zone with SMP), taken after any VM lock and before the page
 * allocator's.  zalloc/zfree never sleep, so they may be called anywhere,
 * including interrupt handlers.
 */
#ifndef KERN_ZALLOC_H
#define KERN_ZALLOC_H

#include "kern/types.h"

struct zone;

/* Counters of one zone, for statistics and leak tests. */
struct zone_info {
	const char *name;
	size_t elem_size;	/* rounded up to the alignment (16) */
	size_t in_use;		/* elements allocated and not freed */
	size_t free;		/* elements free in the zone's pages */
	size_t pages;		/* pages the zone holds */
	size_t allocs;		/* total successful zalloc calls */
};

/*
 * A zone for elements of elem_size bytes (zones are never destroyed).
 * name must outlive the zone (a string literal).  NULL on shortage.
 */
struct zone *zone_create(const char *name, size_t elem_size);

void *zalloc(struct zone *z);
void zfree(struct zone *z, void *elem);

void zone_get_info(const struct zone *z, struct zone_info *info);

/* Elements in use summed over every zone (leak tests). */
size_t zone_total_in_use(void);

/* Return every zone's completely free pages to the page allocator. */
void zone_gc(void);

/* Print one line per zone to the kernel log. */
void zone_print_all(void);

/*
 * General allocation.  kfree must get the size given to kalloc.  Sizes
 * above KALLOC_MAX_ZONED come as whole contiguous pages.  Memory is not
 * zeroed; kzalloc zeroes it.  kalloc(0) returns NULL.
 */
#define KALLOC_MAX_ZONED	2048
void *kalloc(size_t size);
void *kzalloc(size_t size);
void kfree(void *ptr, size_t size);

/* Set up the zone of zones and the kalloc size classes (vm_bootstrap). */
void zone_bootstrap(void);

#endif
