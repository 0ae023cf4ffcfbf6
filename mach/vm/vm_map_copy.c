/*
 * Copy objects (vm_map_copy.h): out-of-line memory in transit.
 *
 * A copy is one of two kinds:
 *  - BUFFER: fewer than PAGE_SIZE bytes, copied into a kalloc buffer;
 *  - ENTRIES: a list of map entries that cover the copy's own range
 *    [0, round_page(offset + size)) in order, without holes, each
 *    holding a reference to its object (or none: untouched memory, all
 *    zeros).  copyout links them into the destination map as they are,
 *    shifted to where it found room, so mapping N pages costs one entry
 *    per source entry, not one operation per page.
 *
 * How a source entry's pages get into a copy entry (copy_entry_cow):
 *  - copy-on-write when the source entry is already copy-on-write or its
 *    object is its alone: vm_fork.c's entry copy (both sides needs_copy,
 *    the source write-protected);
 *  - the entry is one piece of a clipped entry (its object's other
 *    references are the other pieces, in this map, at other offsets —
 *    vm_map_entry_pages_private): its pages are first split off into an
 *    object of its own (vm_object_split: the page structures move, no
 *    data), then as above.  Copy-on-write of the shared object would be
 *    correct too, but would keep the range's pages in the shared object
 *    for as long as the other pieces live, long after both copies let
 *    go;
 *  - the object is really shared (VM_INHERIT_SHARE with another task):
 *    the sharers may write to it at any time, so the copy is a snapshot
 *    of the resident pages (vm_object_copy_eager), as for fork;
 *  - physical frames (boot modules, devices) are copied into pages.
 * The partly covered first and last pages are copied (copy_edge): see
 * vm_map_copy.h.
 *
 * Invariants of vm/DESIGN.md kept: copy entries are never mapped while
 * in transit; after copyout they are ordinary needs_copy entries (or
 * private ones), so "a pmap maps the top object's page, or read-only a
 * backing page of an object its map alone uses" still holds, and a
 * split moves pages only between objects that one map's entries use.
 *
 * Lock order: the map lock (interrupts off on one CPU) is held across
 * the whole copyin of a range and the whole copyout, so the source
 * cannot change in between; objects are covered by it.  A copy's own
 * objects are touched outside any map under "interrupts off" as well
 * (vm_object.h: the object lock).
 */
#include "kern/arch.h"
#include "kern/panic.h"
#include "kern/string.h"
#include "kern/zalloc.h"
#include "vm/pmap.h"
#include "vm/vm_map_copy.h"
#include "vm/vm_map_impl.h"
#include "vm/vm_page.h"

enum vm_map_copy_type {
	VM_MAP_COPY_BUFFER,
	VM_MAP_COPY_ENTRIES,
};

struct vm_map_copy {
	enum vm_map_copy_type type;
	vm_size_t size;			/* bytes of data */
	vm_offset_t offset;		/* ENTRIES: of the data in page 0 */
	struct vm_map_entry header;	/* ENTRIES: list sentinel */
	void *buffer;			/* BUFFER: size bytes (kalloc) */
};

static struct zone *vm_map_copy_zone;
static size_t vm_map_copies;		/* protected by: interrupts off */

void
vm_map_copy_bootstrap(void)
{
	vm_map_copy_zone = zone_create("vm_map_copy", sizeof(struct vm_map_copy));
	if (!vm_map_copy_zone)
		panic("vm_map_copy_bootstrap: no zone");
}

size_t
vm_map_copy_count(void)
{
	return vm_map_copies;
}

vm_size_t
vm_map_copy_size(const struct vm_map_copy *copy)
{
	return copy ? copy->size : 0;
}

static struct vm_map_copy *
copy_alloc(enum vm_map_copy_type type, vm_size_t size)
{
	struct vm_map_copy *copy = zalloc(vm_map_copy_zone);

	if (!copy)
		return NULL;
	memset(copy, 0, sizeof(*copy));
	copy->type = type;
	copy->size = size;
	copy->header.next = copy->header.prev = &copy->header;
	if (type == VM_MAP_COPY_BUFFER) {
		copy->buffer = kalloc(size);
		if (!copy->buffer) {
			zfree(vm_map_copy_zone, copy);
			return NULL;
		}
	}
	vm_map_copies++;
	return copy;
}

/* Free the copy itself; its entries are gone (or there were none). */
static void
copy_free(struct vm_map_copy *copy)
{
	assert(copy->header.next == &copy->header);
	if (copy->type == VM_MAP_COPY_BUFFER)
		kfree(copy->buffer, copy->size);
	vm_map_copies--;
	zfree(vm_map_copy_zone, copy);
}

void
vm_map_copy_discard(struct vm_map_copy *copy)
{
	unsigned long s;

	if (!copy)
		return;
	s = arch_intr_save();
	while (copy->header.next != &copy->header) {
		struct vm_map_entry *e = copy->header.next;
		e->prev->next = e->next;
		e->next->prev = e->prev;
		if (e->object)
			vm_object_deallocate(e->object);
		vm_map_entry_free(e);
	}
	arch_intr_restore(s);
	copy_free(copy);
}

/* A new entry [start, end) of copy, appended to its list. */
static struct vm_map_entry *
copy_append(struct vm_map_copy *copy, vm_address_t start, vm_address_t end)
{
	struct vm_map_entry *e = vm_map_entry_alloc();

	if (!e)
		return NULL;
	e->start = start;
	e->end = end;
	e->protection = VM_PROT_DEFAULT;
	e->max_protection = VM_PROT_ALL;
	e->inheritance = VM_INHERIT_DEFAULT;
	e->prev = copy->header.prev;
	e->next = &copy->header;
	copy->header.prev->next = e;
	copy->header.prev = e;
	return e;
}

/* Fixed physical frames (boot modules, devices) copied into pages. */
static kern_return_t
copy_frames(const struct vm_map_entry *e, struct vm_map_entry *c)
{
	c->object = vm_object_allocate(c->end - c->start);
	if (!c->object)
		return KERN_RESOURCE_SHORTAGE;
	c->offset = 0;
	for (vm_size_t o = 0; o < c->end - c->start; o += PAGE_SIZE) {
		paddr_t pa = vm_page_alloc();
		if (!pa)
			return KERN_RESOURCE_SHORTAGE;
		vm_page_copy(pa, e->phys_base + o);
		vm_object_page_insert(c->object, o, pa);
	}
	return KERN_SUCCESS;
}

/* Make c (same length as e) a copy of source entry e (file comment). */
static kern_return_t
copy_entry_cow(struct vm_map *map, struct vm_map_entry *e,
    struct vm_map_entry *c)
{
	struct vm_object *obj = e->object, *split;
	kern_return_t kr;

	if (e->physical)
		return copy_frames(e, c);
	if (!obj)
		return KERN_SUCCESS;		/* untouched: zeros */
	if (!e->needs_copy && obj->ref_count > 1 &&
	    vm_map_entry_pages_private(map, e)) {
		split = vm_object_split(obj, e->offset, e->end - e->start);
		if (!split)
			return KERN_RESOURCE_SHORTAGE;
		e->object = split;
		e->offset = 0;
		vm_object_deallocate(obj);	/* others still hold it */
	}
	c->offset = e->offset;
	kr = vm_map_entry_copy(map, e, c);
	c->inheritance = VM_INHERIT_DEFAULT;
	return kr;
}

/*
 * A partly covered first or last page: the bytes [from, to) of the
 * source page at va go into a fresh page of the copy (at rel), zeros
 * elsewhere.
 */
static kern_return_t
copy_edge(struct vm_map *map, struct vm_map_copy *copy, vm_address_t rel,
    vm_address_t va, vm_offset_t from, vm_offset_t to)
{
	struct vm_map_entry *c = copy_append(copy, rel, rel + PAGE_SIZE);
	paddr_t src, pa;
	kern_return_t kr;

	if (!c)
		return KERN_RESOURCE_SHORTAGE;
	kr = vm_fault_page_locked(map, va, VM_PROT_READ, false, &src);
	if (kr != KERN_SUCCESS)
		return kr;
	c->object = vm_object_allocate(PAGE_SIZE);
	pa = c->object ? vm_page_alloc() : 0;
	if (!pa)
		return KERN_RESOURCE_SHORTAGE;
	vm_page_zero(pa);
	memcpy((char *)PHYS_TO_KVA(pa) + from, (char *)PHYS_TO_KVA(src) + from,
	    to - from);
	vm_object_page_insert(c->object, 0, pa);
	return KERN_SUCCESS;
}

/* The whole pages [start, end) of map into copy at rel (file comment). */
static kern_return_t
copy_middle(struct vm_map *map, struct vm_map_copy *copy, vm_address_t rel,
    vm_address_t start, vm_address_t end)
{
	struct vm_map_entry *e, *c;
	kern_return_t kr = vm_map_clip_range(map, start, end, &e);

	for (; kr == KERN_SUCCESS && e != &map->header && e->start < end;
	    e = e->next) {
		c = copy_append(copy, rel + (e->start - start),
		    rel + (e->end - start));
		if (!c)
			return KERN_RESOURCE_SHORTAGE;
		kr = copy_entry_cow(map, e, c);
	}
	return kr;
}

/* Is [start, end) mapped without holes, and readable throughout? */
static kern_return_t
range_readable(struct vm_map *map, vm_address_t start, vm_address_t end)
{
	struct vm_map_entry *e = vm_map_range_mapped(map, start, end);

	if (!e)
		return KERN_INVALID_ADDRESS;
	for (; e != &map->header && e->start < end; e = e->next)
		if (!(e->protection & VM_PROT_READ))
			return KERN_PROTECTION_FAILURE;
	return KERN_SUCCESS;
}

/* A range of at least a page: edges copied, the middle shared. */
static kern_return_t
copyin_entries(struct vm_map *map, vm_address_t addr, vm_size_t size,
    struct vm_map_copy *copy)
{
	vm_address_t start = trunc_page(addr), end = round_page(addr + size);
	vm_address_t mid_start = round_page(addr);
	vm_address_t mid_end = trunc_page(addr + size);
	kern_return_t kr = range_readable(map, start, end);

	if (kr == KERN_SUCCESS && addr != start)
		kr = copy_edge(map, copy, 0, start, addr - start, PAGE_SIZE);
	if (kr == KERN_SUCCESS && mid_start < mid_end)
		kr = copy_middle(map, copy, mid_start - start, mid_start,
		    mid_end);
	if (kr == KERN_SUCCESS && mid_end < end)
		kr = copy_edge(map, copy, mid_end - start, mid_end, 0,
		    addr + size - mid_end);
	return kr;
}

kern_return_t
vm_map_copyin(struct vm_map *map, vm_address_t addr, vm_size_t size,
    bool src_destroy, struct vm_map_copy **copyp)
{
	vm_address_t start, end;
	struct vm_map_copy *copy;
	kern_return_t kr;
	unsigned long s;

	if (!map || !copyp || size > VM_MAP_COPY_MAX_SIZE)
		return KERN_INVALID_ARGUMENT;
	*copyp = NULL;
	if (size == 0)
		return KERN_SUCCESS;
	if (!vm_map_check_range(map, addr, size, &start, &end))
		return KERN_INVALID_ADDRESS;
	copy = copy_alloc(size < PAGE_SIZE ? VM_MAP_COPY_BUFFER :
	    VM_MAP_COPY_ENTRIES, size);
	if (!copy)
		return KERN_RESOURCE_SHORTAGE;
	if (copy->type == VM_MAP_COPY_BUFFER) {
		kr = vm_map_copyin_kernel(map, addr, copy->buffer, size);
	} else {
		copy->offset = addr - start;
		s = vm_map_lock(map);
		kr = copyin_entries(map, addr, size, copy);
		vm_map_simplify_range(map, start, end);
		vm_map_unlock(map, s);
	}
	if (kr != KERN_SUCCESS) {
		vm_map_copy_discard(copy);
		return kr;
	}
	/* A move: the source range goes (rounded out, like vm_deallocate).
	 * Should that fail for lack of memory, the source simply keeps it. */
	if (src_destroy)
		(void)vm_deallocate(map, addr, size);
	*copyp = copy;
	return KERN_SUCCESS;
}

static kern_return_t
copyout_buffer(struct vm_map *map, vm_address_t *addrp,
    struct vm_map_copy *copy)
{
	vm_address_t a = 0;
	kern_return_t kr = vm_allocate(map, &a, PAGE_SIZE, VM_FLAGS_ANYWHERE);

	if (kr != KERN_SUCCESS)
		return kr;
	kr = vm_map_copyout_kernel(map, a, copy->buffer, copy->size, false);
	if (kr != KERN_SUCCESS) {
		(void)vm_deallocate(map, a, PAGE_SIZE);
		return kr;
	}
	*addrp = a;
	copy_free(copy);
	return KERN_SUCCESS;
}

static kern_return_t
copyout_entries(struct vm_map *map, vm_address_t *addrp,
    struct vm_map_copy *copy)
{
	vm_size_t len = round_page(copy->offset + copy->size);
	vm_address_t a = map->min_address;
	struct vm_map_entry *prev, *e;
	unsigned long s = vm_map_lock(map);
	kern_return_t kr = vm_map_find_space(map, &a, len, PAGE_MASK, &prev);

	if (kr == KERN_SUCCESS) {
		while ((e = copy->header.next) != &copy->header) {
			copy->header.next = e->next;
			e->next->prev = &copy->header;
			e->start += a;
			e->end += a;
			vm_map_entry_link(map, prev, e);
			prev = e;
		}
		vm_map_simplify_range(map, a, a + len);
	}
	vm_map_unlock(map, s);
	if (kr != KERN_SUCCESS)
		return kr;
	*addrp = a + copy->offset;
	copy_free(copy);
	return KERN_SUCCESS;
}

kern_return_t
vm_map_copyout(struct vm_map *map, vm_address_t *addrp,
    struct vm_map_copy *copy)
{
	if (!map || !addrp)
		return KERN_INVALID_ARGUMENT;
	if (!copy) {
		*addrp = 0;
		return KERN_SUCCESS;
	}
	if (copy->type == VM_MAP_COPY_BUFFER)
		return copyout_buffer(map, addrp, copy);
	return copyout_entries(map, addrp, copy);
}

/* size bytes of buf into fresh pages of one entry of copy. */
static kern_return_t
from_kernel_pages(struct vm_map_copy *copy, const char *buf, vm_size_t size)
{
	vm_size_t len = round_page(size);
	struct vm_map_entry *c = copy_append(copy, 0, len);

	if (!c)
		return KERN_RESOURCE_SHORTAGE;
	c->object = vm_object_allocate(len);
	if (!c->object)
		return KERN_RESOURCE_SHORTAGE;
	for (vm_size_t o = 0; o < len; o += PAGE_SIZE) {
		vm_size_t n = MIN(PAGE_SIZE, size - o);
		paddr_t pa = vm_page_alloc();
		if (!pa)
			return KERN_RESOURCE_SHORTAGE;
		if (n < PAGE_SIZE)
			vm_page_zero(pa);
		memcpy(PHYS_TO_KVA(pa), buf + o, n);
		vm_object_page_insert(c->object, o, pa);
	}
	return KERN_SUCCESS;
}

kern_return_t
vm_map_copy_from_kernel(const void *buf, vm_size_t size,
    struct vm_map_copy **copyp)
{
	struct vm_map_copy *copy;
	kern_return_t kr = KERN_SUCCESS;
	unsigned long s;

	if (!copyp || size > VM_MAP_COPY_MAX_SIZE || (size && !buf))
		return KERN_INVALID_ARGUMENT;
	*copyp = NULL;
	if (size == 0)
		return KERN_SUCCESS;
	copy = copy_alloc(size < PAGE_SIZE ? VM_MAP_COPY_BUFFER :
	    VM_MAP_COPY_ENTRIES, size);
	if (!copy)
		return KERN_RESOURCE_SHORTAGE;
	if (copy->type == VM_MAP_COPY_BUFFER) {
		memcpy(copy->buffer, buf, size);
	} else {
		s = arch_intr_save();
		kr = from_kernel_pages(copy, buf, size);
		arch_intr_restore(s);
	}
	if (kr != KERN_SUCCESS) {
		vm_map_copy_discard(copy);
		return kr;
	}
	*copyp = copy;
	return KERN_SUCCESS;
}

/* Bytes of an ENTRIES copy at copy-relative position pos (one page). */
static void
entries_read(const struct vm_map_copy *copy, vm_offset_t pos, char *dst,
    vm_size_t n)
{
	const struct vm_map_entry *e = copy->header.next;
	struct vm_page *pg = NULL;

	while (e != &copy->header && e->end <= pos)
		e = e->next;
	assert(e != &copy->header && pos >= e->start);
	if (e->object)
		pg = vm_object_chain_page(e->object,
		    e->offset + (trunc_page(pos) - e->start));
	if (pg)
		memcpy(dst, (char *)PHYS_TO_KVA(vm_page_to_phys(pg)) +
		    (pos & PAGE_MASK), n);
	else
		memset(dst, 0, n);
}

kern_return_t
vm_map_copy_to_kernel(const struct vm_map_copy *copy, vm_offset_t offset,
    void *buf, vm_size_t size)
{
	vm_size_t have = vm_map_copy_size(copy);
	char *dst = buf;
	unsigned long s;

	if (offset > have || size > have - offset || (size && !buf))
		return KERN_INVALID_ARGUMENT;
	if (size == 0)
		return KERN_SUCCESS;
	if (copy->type == VM_MAP_COPY_BUFFER) {
		memcpy(dst, (const char *)copy->buffer + offset, size);
		return KERN_SUCCESS;
	}
	s = arch_intr_save();
	for (vm_offset_t pos = copy->offset + offset; size > 0;) {
		vm_size_t n = MIN(size, PAGE_SIZE - (pos & PAGE_MASK));
		entries_read(copy, pos, dst, n);
		pos += n;
		dst += n;
		size -= n;
	}
	arch_intr_restore(s);
	return KERN_SUCCESS;
}
