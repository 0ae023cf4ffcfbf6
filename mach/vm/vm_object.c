/*
 * Anonymous VM objects, shadow chains and their collapse (vm_object.h).
 *
 * Resident pages are found by (object, offset) in one hash table shared
 * by all objects, as in Mach: a fault looks a page up in each object of
 * a chain, so lookup must be O(1); each object also links its pages in a
 * list, so that freeing or collapsing an object visits only its pages.
 */
#include "kern/panic.h"
#include "kern/zalloc.h"
#include "vm/vm_object.h"
#include "vm/vm_page.h"

#define PAGE_HASH_BUCKETS	4096	/* power of two */

static struct zone *vm_object_zone;
/* protected by: the lock of the object each page belongs to */
static struct vm_page *page_hash[PAGE_HASH_BUCKETS];
static size_t object_count;

static struct vm_page **
hash_bucket(const struct vm_object *obj, vm_offset_t offset)
{
	uintptr_t h = ((uintptr_t)obj >> 4) * 0x9e3779b97f4a7c15ull;

	h ^= atop(offset) * 0xc2b2ae3d27d4eb4full;
	return &page_hash[(h >> 32) & (PAGE_HASH_BUCKETS - 1)];
}

void
vm_object_bootstrap(void)
{
	vm_object_zone = zone_create("vm_object", sizeof(struct vm_object));
	if (!vm_object_zone)
		panic("vm_object_bootstrap: no zone");
}

struct vm_object *
vm_object_allocate(vm_size_t size)
{
	struct vm_object *obj = zalloc(vm_object_zone);

	if (!obj)
		return NULL;
	*obj = (struct vm_object){ .ref_count = 1, .size = size };
	object_count++;
	return obj;
}

void
vm_object_reference(struct vm_object *obj)
{
	assert(obj->ref_count > 0);
	obj->ref_count++;
}

struct vm_page *
vm_object_page_lookup(struct vm_object *obj, vm_offset_t offset)
{
	for (struct vm_page *pg = *hash_bucket(obj, offset); pg; pg = pg->hash_next)
		if (pg->object == obj && pg->offset == offset)
			return pg;
	return NULL;
}

void
vm_object_page_insert(struct vm_object *obj, vm_offset_t offset, paddr_t pa)
{
	struct vm_page *pg = vm_page_lookup_phys(pa);
	struct vm_page **bucket = hash_bucket(obj, offset);

	assert(pg && page_aligned(offset) && offset < obj->size);
	pg->flags = VM_PAGE_OBJECT;
	pg->object = obj;
	pg->offset = offset;
	pg->hash_next = *bucket;
	*bucket = pg;
	pg->prev = NULL;
	pg->next = obj->pages;
	if (obj->pages)
		obj->pages->prev = pg;
	obj->pages = pg;
	obj->resident_count++;
}

/* Unlink pg from its object's list and the hash; the page stays allocated. */
static void
page_remove(struct vm_page *pg)
{
	struct vm_object *obj = pg->object;
	struct vm_page **pp = hash_bucket(obj, pg->offset);

	while (*pp != pg)
		pp = &(*pp)->hash_next;
	*pp = pg->hash_next;
	if (pg->prev)
		pg->prev->next = pg->next;
	else
		obj->pages = pg->next;
	if (pg->next)
		pg->next->prev = pg->prev;
	obj->resident_count--;
	pg->object = NULL;
	pg->flags = 0;
}

void
vm_object_page_free(struct vm_page *pg)
{
	page_remove(pg);
	vm_page_free(vm_page_to_phys(pg));
}

/*
 * Drop a reference; objects whose count reaches zero free their pages
 * and pass the drop on to their backing object (a loop, not recursion:
 * chains may be long before they collapse).
 */
void
vm_object_deallocate(struct vm_object *obj)
{
	while (obj) {
		struct vm_object *backing;

		assert(obj->ref_count > 0);
		if (--obj->ref_count > 0)
			return;
		while (obj->pages)
			vm_object_page_free(obj->pages);
		backing = obj->shadow;
		zfree(vm_object_zone, obj);
		object_count--;
		obj = backing;
	}
}

void
vm_object_page_remove(struct vm_object *obj, vm_offset_t start, vm_offset_t end)
{
	/* Walk whichever is shorter: the range or the resident list. */
	if ((end - start) / PAGE_SIZE < obj->resident_count) {
		for (vm_offset_t off = start; off < end; off += PAGE_SIZE) {
			struct vm_page *pg = vm_object_page_lookup(obj, off);
			if (pg)
				vm_object_page_free(pg);
		}
		return;
	}
	for (struct vm_page *pg = obj->pages, *next; pg; pg = next) {
		next = pg->next;
		if (pg->offset >= start && pg->offset < end)
			vm_object_page_free(pg);
	}
}

kern_return_t
vm_object_shadow(struct vm_object **obj, vm_offset_t *offset, vm_size_t size)
{
	struct vm_object *s = vm_object_allocate(size);

	if (!s)
		return KERN_RESOURCE_SHORTAGE;
	s->shadow = *obj;		/* takes over the caller's reference */
	s->shadow_offset = *offset;
	*obj = s;
	*offset = 0;
	return KERN_SUCCESS;
}

/*
 * Move the pages of obj's backing object (whose only reference is obj)
 * into obj, then splice the backing object out of the chain.
 */
static void
collapse_one(struct vm_object *obj)
{
	struct vm_object *backing = obj->shadow;

	while (backing->pages) {
		struct vm_page *pg = backing->pages;
		vm_offset_t off = pg->offset;
		bool visible = off >= obj->shadow_offset &&
		    off - obj->shadow_offset < obj->size;

		if (!visible || vm_object_page_lookup(obj, off - obj->shadow_offset)) {
			vm_object_page_free(pg);
			continue;
		}
		page_remove(pg);
		vm_object_page_insert(obj, off - obj->shadow_offset,
		    vm_page_to_phys(pg));
	}
	obj->shadow = backing->shadow;		/* inherits backing's reference */
	obj->shadow_offset += backing->shadow_offset;
	zfree(vm_object_zone, backing);
	object_count--;
}

void
vm_object_collapse(struct vm_object *obj)
{
	while (obj->shadow && obj->shadow->ref_count == 1)
		collapse_one(obj);
}

/* The page obj shows at offset, looking down its chain; NULL = zeros. */
static struct vm_page *
chain_lookup(struct vm_object *obj, vm_offset_t offset)
{
	for (; obj; obj = obj->shadow) {
		struct vm_page *pg = vm_object_page_lookup(obj, offset);
		if (pg)
			return pg;
		offset += obj->shadow_offset;
	}
	return NULL;
}

struct vm_object *
vm_object_copy_eager(struct vm_object *obj, vm_offset_t offset, vm_size_t size)
{
	struct vm_object *copy = vm_object_allocate(size);

	if (!copy)
		return NULL;
	for (vm_offset_t off = 0; off < size; off += PAGE_SIZE) {
		struct vm_page *src = chain_lookup(obj, offset + off);
		paddr_t pa;
		if (!src)
			continue;	/* still zero: stays demand zero */
		pa = vm_page_alloc();
		if (!pa) {
			vm_object_deallocate(copy);
			return NULL;
		}
		vm_page_copy(pa, vm_page_to_phys(src));
		vm_object_page_insert(copy, off, pa);
	}
	return copy;
}

/* --- for copy objects (vm_map_copy.c) --- */

struct vm_object *
vm_object_split(struct vm_object *obj, vm_offset_t offset, vm_size_t size)
{
	struct vm_object *split = vm_object_allocate(size);
	struct vm_page *pg, *next;

	if (!split)
		return NULL;
	split->shadow = obj->shadow;
	split->shadow_offset = obj->shadow_offset + offset;
	if (split->shadow)
		vm_object_reference(split->shadow);
	/* Walk whichever is shorter: the range or the resident list. */
	if (size / PAGE_SIZE < obj->resident_count) {
		for (vm_offset_t off = 0; off < size; off += PAGE_SIZE) {
			pg = vm_object_page_lookup(obj, offset + off);
			if (!pg)
				continue;
			page_remove(pg);
			vm_object_page_insert(split, off, vm_page_to_phys(pg));
		}
		return split;
	}
	for (pg = obj->pages; pg; pg = next) {
		vm_offset_t off = pg->offset;
		next = pg->next;
		if (off < offset || off - offset >= size)
			continue;
		page_remove(pg);
		vm_object_page_insert(split, off - offset, vm_page_to_phys(pg));
	}
	return split;
}

struct vm_page *
vm_object_chain_page(struct vm_object *obj, vm_offset_t offset)
{
	return chain_lookup(obj, offset);
}

unsigned
vm_object_chain_length(const struct vm_object *obj)
{
	unsigned n = 0;

	for (; obj; obj = obj->shadow)
		n++;
	return n;
}

size_t
vm_object_count(void)
{
	return object_count;
}
