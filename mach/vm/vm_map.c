/*
 * Address maps: creation and destruction, and the entry operations the
 * vm_* calls are built from — lookup, link, clip, simplify (merge),
 * remove, and finding free space.
 *
 * Lock order: the map lock first; then objects; then the pmap; then
 * zones and the page allocator.  Every function here expects the map
 * locked unless it says otherwise.
 */
#include "kern/arch.h"
#include "kern/panic.h"
#include "kern/string.h"
#include "kern/zalloc.h"
#include "vm/pmap.h"
#include "vm/vm_map_impl.h"

static struct zone *vm_map_zone, *vm_map_entry_zone;

void
vm_map_bootstrap(void)
{
	vm_map_zone = zone_create("vm_map", sizeof(struct vm_map));
	vm_map_entry_zone = zone_create("vm_map_entry", sizeof(struct vm_map_entry));
	if (!vm_map_zone || !vm_map_entry_zone)
		panic("vm_map_bootstrap: no zones");
}

unsigned long
vm_map_lock(struct vm_map *map __unused)
{
	return arch_intr_save();
}

void
vm_map_unlock(struct vm_map *map __unused, unsigned long saved)
{
	arch_intr_restore(saved);
}

struct vm_map_entry *
vm_map_entry_alloc(void)
{
	struct vm_map_entry *e = zalloc(vm_map_entry_zone);

	if (e)
		memset(e, 0, sizeof(*e));
	return e;
}

void
vm_map_entry_free(struct vm_map_entry *e)
{
	zfree(vm_map_entry_zone, e);
}

struct vm_map *
vm_map_create(void)
{
	struct vm_map *map = zalloc(vm_map_zone);

	if (!map)
		return NULL;
	memset(map, 0, sizeof(*map));
	map->pmap = pmap_create();
	if (!map->pmap) {
		zfree(vm_map_zone, map);
		return NULL;
	}
	map->header.next = map->header.prev = &map->header;
	map->header.start = map->header.end = VM_MIN_USER_ADDRESS;
	map->min_address = VM_MIN_USER_ADDRESS;
	map->max_address = VM_MAX_USER_ADDRESS;
	map->ref_count = 1;
	return map;
}

void
vm_map_reference(struct vm_map *map)
{
	unsigned long s = vm_map_lock(map);

	assert(map->ref_count > 0);
	map->ref_count++;
	vm_map_unlock(map, s);
}

void
vm_map_deallocate(struct vm_map *map)
{
	unsigned long s;

	if (!map)
		return;
	s = vm_map_lock(map);
	assert(map->ref_count > 0);
	if (--map->ref_count > 0) {
		vm_map_unlock(map, s);
		return;
	}
	/* Tables first: no mapping may outlive the pages freed below. */
	pmap_destroy(map->pmap);
	while (map->header.next != &map->header) {
		struct vm_map_entry *e = map->header.next;
		vm_map_entry_unlink(map, e);
		if (e->object)
			vm_object_deallocate(e->object);
		vm_map_entry_free(e);
	}
	vm_map_unlock(map, s);
	zfree(vm_map_zone, map);
}

void
vm_map_activate(struct vm_map *map)
{
	pmap_activate(map ? map->pmap : NULL);
}

struct pmap *
vm_map_pmap(struct vm_map *map)
{
	return map->pmap;
}

struct vm_map_entry *
vm_map_lookup_entry(struct vm_map *map, vm_address_t addr)
{
	struct vm_map_entry *e = map->hint;

	if (e && addr >= e->start && addr < e->end)
		return e;
	e = vm_map_tree_floor(map, addr);
	if (!e || addr >= e->end)
		return NULL;
	map->hint = e;
	return e;
}

void
vm_map_entry_link(struct vm_map *map, struct vm_map_entry *prev,
    struct vm_map_entry *e)
{
	e->prev = prev;
	e->next = prev->next;
	prev->next->prev = e;
	prev->next = e;
	vm_map_tree_insert(map, e);
	map->nentries++;
	map->size += e->end - e->start;
}

void
vm_map_entry_unlink(struct vm_map *map, struct vm_map_entry *e)
{
	e->prev->next = e->next;
	e->next->prev = e->prev;
	vm_map_tree_remove(map, e);
	map->nentries--;
	map->size -= e->end - e->start;
	if (map->hint == e)
		map->hint = NULL;
}

/* A new entry equal to e (taking its own object reference). */
static struct vm_map_entry *
entry_clone(const struct vm_map_entry *e)
{
	struct vm_map_entry *c = vm_map_entry_alloc();

	if (!c)
		return NULL;
	*c = *e;
	if (c->object)
		vm_object_reference(c->object);
	return c;
}

kern_return_t
vm_map_clip_start(struct vm_map *map, struct vm_map_entry *e, vm_address_t addr)
{
	struct vm_map_entry *front;

	if (addr <= e->start || addr >= e->end)
		return KERN_SUCCESS;
	front = entry_clone(e);
	if (!front)
		return KERN_RESOURCE_SHORTAGE;
	/* e keeps its place in the tree: its new start stays between its
	 * neighbours' (see vm_map_tree.c) */
	front->end = addr;
	e->offset += addr - e->start;
	if (e->physical)
		e->phys_base += addr - e->start;
	map->size -= addr - e->start;
	e->start = addr;
	vm_map_entry_link(map, e->prev, front);
	return KERN_SUCCESS;
}

kern_return_t
vm_map_clip_end(struct vm_map *map, struct vm_map_entry *e, vm_address_t addr)
{
	struct vm_map_entry *back;

	if (addr <= e->start || addr >= e->end)
		return KERN_SUCCESS;
	back = entry_clone(e);
	if (!back)
		return KERN_RESOURCE_SHORTAGE;
	back->start = addr;
	back->offset += addr - e->start;
	if (back->physical)
		back->phys_base += addr - e->start;
	map->size -= e->end - addr;
	e->end = addr;
	vm_map_entry_link(map, e, back);
	return KERN_SUCCESS;
}

/* Whether b can be appended to a (a->end == b->start). */
static bool
entries_mergeable(const struct vm_map_entry *a, const struct vm_map_entry *b)
{
	if (a->end != b->start || a->protection != b->protection ||
	    a->max_protection != b->max_protection ||
	    a->inheritance != b->inheritance ||
	    a->needs_copy != b->needs_copy || a->physical != b->physical)
		return false;
	if (a->physical)
		return a->phys_base + (a->end - a->start) == b->phys_base;
	if (a->object != b->object)
		return false;
	return !a->object || a->offset + (a->end - a->start) == b->offset;
}

/* Append b to a and free b. */
static void
entries_merge(struct vm_map *map, struct vm_map_entry *a, struct vm_map_entry *b)
{
	vm_address_t end = b->end;

	vm_map_entry_unlink(map, b);
	if (b->object)
		vm_object_deallocate(b->object);
	vm_map_entry_free(b);
	map->size += end - a->end;
	a->end = end;
}

void
vm_map_simplify(struct vm_map *map, struct vm_map_entry *e)
{
	if (e->next != &map->header && entries_mergeable(e, e->next))
		entries_merge(map, e, e->next);
	if (e->prev != &map->header && entries_mergeable(e->prev, e))
		entries_merge(map, e->prev, e);
}

void
vm_map_simplify_range(struct vm_map *map, vm_address_t start, vm_address_t end)
{
	struct vm_map_entry *e = vm_map_tree_floor(map, start > 0 ? start - 1 : 0);

	if (!e)
		e = map->header.next;
	while (e != &map->header && e->next != &map->header &&
	    e->next->start <= end) {
		if (entries_mergeable(e, e->next))
			entries_merge(map, e, e->next);
		else
			e = e->next;
	}
}

struct vm_map_entry *
vm_map_range_mapped(struct vm_map *map, vm_address_t start, vm_address_t end)
{
	struct vm_map_entry *first = vm_map_lookup_entry(map, start);
	struct vm_map_entry *e = first;

	if (!first)
		return NULL;
	while (e->end < end) {
		if (e->next == &map->header || e->next->start != e->end)
			return NULL;
		e = e->next;
	}
	return first;
}

kern_return_t
vm_map_clip_range(struct vm_map *map, vm_address_t start, vm_address_t end,
    struct vm_map_entry **first)
{
	struct vm_map_entry *e = vm_map_tree_floor(map, start);
	kern_return_t kr;

	if (!e || e->end <= start)
		e = e ? e->next : map->header.next;
	if (e == &map->header || e->start >= end) {
		*first = e;
		return KERN_SUCCESS;
	}
	kr = vm_map_clip_start(map, e, start);
	for (struct vm_map_entry *x = e; kr == KERN_SUCCESS &&
	    x != &map->header && x->start < end; x = x->next)
		if (x->end > end)
			kr = vm_map_clip_end(map, x, end);
	*first = e;
	return kr;
}

/* Most other references an object may have for the check below. */
#define PRIVATE_CHECK_MAX_REFS	8

/*
 * Whether the pages of e's part of its object can be seen by no one else:
 * every reference to the object is an entry of this map (no other map,
 * no shadow), none of them copy-on-write, none covering e's offsets.
 * Then removing e can free those pages now instead of when the object
 * dies.  Objects with many references are left alone (rare; their pages
 * go with the object).
 */
bool
vm_map_entry_pages_private(struct vm_map *map, const struct vm_map_entry *e)
{
	struct vm_object *obj = e->object;
	vm_offset_t lo = e->offset, hi = e->offset + (e->end - e->start);
	uint32_t seen = 0;

	if (e->needs_copy || obj->ref_count > PRIVATE_CHECK_MAX_REFS)
		return false;
	for (struct vm_map_entry *x = map->header.next; x != &map->header &&
	    seen < obj->ref_count; x = x->next) {
		if (x->object != obj)
			continue;
		seen++;
		if (x != e && (x->needs_copy ||
		    (x->offset < hi && lo < x->offset + (x->end - x->start))))
			return false;
	}
	return seen == obj->ref_count;
}

/* Unlink, unmap (the caller did the pmap) and free one entry. */
static void
entry_delete(struct vm_map *map, struct vm_map_entry *e)
{
	if (e->object && (e->object->ref_count == 1 ||
	    vm_map_entry_pages_private(map, e)))
		vm_object_page_remove(e->object, e->offset,
		    e->offset + (e->end - e->start));
	vm_map_entry_unlink(map, e);
	if (e->object)
		vm_object_deallocate(e->object);
	vm_map_entry_free(e);
}

kern_return_t
vm_map_remove_range(struct vm_map *map, vm_address_t start, vm_address_t end)
{
	struct vm_map_entry *e;
	kern_return_t kr = vm_map_clip_range(map, start, end, &e);

	if (kr != KERN_SUCCESS)
		return kr;
	pmap_remove(map->pmap, start, end);
	while (e != &map->header && e->start < end) {
		struct vm_map_entry *next = e->next;
		entry_delete(map, e);
		e = next;
	}
	return KERN_SUCCESS;
}

kern_return_t
vm_map_find_space(struct vm_map *map, vm_address_t *addr, vm_size_t size,
    vm_address_t mask, struct vm_map_entry **prev)
{
	vm_address_t start = MAX(*addr, map->min_address);
	struct vm_map_entry *e = vm_map_tree_floor(map, start);

	if (!e)
		e = &map->header;
	for (;;) {
		vm_address_t limit;
		if (e != &map->header && start < e->end)
			start = e->end;
		start = (start + mask) & ~mask;
		limit = e->next == &map->header ? map->max_address : e->next->start;
		if (start >= map->max_address || start < map->min_address)
			return KERN_NO_SPACE;
		if (start + size >= start && start + size <= limit) {
			*addr = start;
			*prev = e;
			return KERN_SUCCESS;
		}
		if (e->next == &map->header)
			return KERN_NO_SPACE;
		e = e->next;
	}
}

/*
 * Extend prev's anonymous object instead of adding an entry, when the
 * new range continues prev and only prev uses the object: repeated
 * vm_allocate of adjacent memory then stays one entry.
 */
static bool
extend_previous(struct vm_map *map, struct vm_map_entry *prev,
    const struct vm_map_entry *proto)
{
	struct vm_object *obj = prev->object;
	vm_size_t grow = proto->end - proto->start;

	if (prev == &map->header || prev->end != proto->start || !obj ||
	    obj->ref_count != 1 || obj->shadow || prev->needs_copy ||
	    prev->physical || proto->physical || proto->object ||
	    prev->protection != proto->protection ||
	    prev->max_protection != proto->max_protection ||
	    prev->inheritance != proto->inheritance ||
	    prev->offset + (prev->end - prev->start) != obj->size)
		return false;
	obj->size += grow;
	prev->end += grow;
	map->size += grow;
	return true;
}

kern_return_t
vm_map_insert(struct vm_map *map, struct vm_map_entry *prev,
    const struct vm_map_entry *proto, struct vm_map_entry **out)
{
	struct vm_map_entry *e;

	if (extend_previous(map, prev, proto)) {
		e = prev;
	} else {
		e = vm_map_entry_alloc();
		if (!e)
			return KERN_RESOURCE_SHORTAGE;
		*e = *proto;
		vm_map_entry_link(map, prev, e);
		vm_map_simplify(map, e);
		/* simplify may have merged e into its predecessor */
		e = vm_map_lookup_entry(map, proto->start);
	}
	if (out)
		*out = e;
	return KERN_SUCCESS;
}

kern_return_t
vm_map_entry_resolve_copy(struct vm_map *map __unused, struct vm_map_entry *e)
{
	kern_return_t kr;

	if (!e->needs_copy)
		return KERN_SUCCESS;
	/* The other copies are gone: the object is ours alone again. */
	if (e->object->ref_count == 1) {
		e->needs_copy = false;
		return KERN_SUCCESS;
	}
	kr = vm_object_shadow(&e->object, &e->offset, e->end - e->start);
	if (kr == KERN_SUCCESS)
		e->needs_copy = false;
	return kr;
}
