/*
 * The Mach VM calls on a map: vm_allocate, vm_map (anonymous),
 * vm_deallocate, vm_protect, vm_inherit, vm_region, and the physical
 * mappings the kernel makes for boot modules and devices.  Each call
 * validates everything first (one error exit), then acts.  The data
 * transfer calls are in vm_copy.c.
 */
#include "kern/panic.h"
#include "vm/pmap.h"
#include "vm/vm_map_impl.h"
#include "vm/vm_page.h"

bool
vm_map_check_range(struct vm_map *map, vm_address_t addr, vm_size_t size,
    vm_address_t *start, vm_address_t *end)
{
	if (addr + size < addr || addr + size > VM_MAX_USER_ADDRESS)
		return false;
	*start = trunc_page(addr);
	*end = round_page(addr + size);
	return *start >= map->min_address && *end <= map->max_address;
}

static bool
prot_valid(vm_prot_t p)
{
	return (p & ~VM_PROT_ALL) == 0;
}

/* Place proto's range per flags; on success proto holds the range. */
static kern_return_t
place_range(struct vm_map *map, struct vm_map_entry *proto, vm_address_t addr,
    vm_size_t size, vm_address_t mask, int flags, struct vm_map_entry **prev)
{
	vm_address_t start, end;
	struct vm_map_entry *e;
	kern_return_t kr;

	if (flags & VM_FLAGS_ANYWHERE) {
		start = map->min_address;
		kr = vm_map_find_space(map, &start, size, mask | PAGE_MASK, prev);
		end = start + size;
	} else {
		if (!vm_map_check_range(map, addr, size, &start, &end))
			return KERN_INVALID_ADDRESS;
		if (start & mask)
			return KERN_INVALID_ARGUMENT;
		e = vm_map_tree_floor(map, end - 1);
		kr = KERN_SUCCESS;
		if (e && e->end > start) {	/* something is mapped there */
			if (!(flags & VM_FLAGS_OVERWRITE))
				return KERN_NO_SPACE;
			kr = vm_map_remove_range(map, start, end);
		}
		e = vm_map_tree_floor(map, start);
		*prev = e ? e : &map->header;
	}
	proto->start = start;
	proto->end = end;
	return kr;
}

kern_return_t
vm_map_anon(struct vm_map *map, vm_address_t *addr, vm_size_t size,
    vm_address_t mask, int flags, vm_prot_t cur_prot, vm_prot_t max_prot,
    vm_inherit_t inheritance)
{
	struct vm_map_entry proto = { 0 }, *prev;
	unsigned long s;
	kern_return_t kr;

	if (!map || !addr || size == 0 || (flags & ~VM_FLAGS_USER_MAP) ||
	    !prot_valid(cur_prot) || !prot_valid(max_prot) ||
	    (cur_prot & ~max_prot) || inheritance > VM_INHERIT_LAST_VALID)
		return KERN_INVALID_ARGUMENT;
	size = round_page(size);
	if (size == 0)
		return KERN_INVALID_ARGUMENT;	/* rounding overflowed */
	proto.protection = cur_prot;
	proto.max_protection = max_prot;
	proto.inheritance = inheritance;
	s = vm_map_lock(map);
	kr = place_range(map, &proto, *addr, size, mask, flags, &prev);
	if (kr == KERN_SUCCESS)
		kr = vm_map_insert(map, prev, &proto, NULL);
	if (kr == KERN_SUCCESS)
		*addr = proto.start;
	vm_map_unlock(map, s);
	return kr;
}

kern_return_t
vm_allocate(struct vm_map *map, vm_address_t *addr, vm_size_t size, int flags)
{
	if (flags & ~VM_FLAGS_USER_ALLOCATE)
		return KERN_INVALID_ARGUMENT;
	return vm_map_anon(map, addr, size, 0, flags, VM_PROT_DEFAULT,
	    VM_PROT_ALL, VM_INHERIT_DEFAULT);
}

kern_return_t
vm_map_physical(struct vm_map *map, vm_address_t *addr, paddr_t pa,
    vm_size_t size, vm_prot_t prot, int flags)
{
	struct vm_map_entry proto = { 0 }, *prev;
	unsigned long s;
	kern_return_t kr;

	if (!map || !addr || size == 0 || !page_aligned(pa) ||
	    !page_aligned(size) || !prot_valid(prot) ||
	    (flags & ~VM_FLAGS_USER_ALLOCATE))
		return KERN_INVALID_ARGUMENT;
	proto.protection = proto.max_protection = prot;
	proto.inheritance = VM_INHERIT_SHARE;
	proto.physical = true;
	proto.phys_base = pa;
	s = vm_map_lock(map);
	kr = place_range(map, &proto, *addr, size, 0, flags, &prev);
	if (kr == KERN_SUCCESS)
		kr = vm_map_insert(map, prev, &proto, NULL);
	if (kr == KERN_SUCCESS)
		*addr = proto.start;
	vm_map_unlock(map, s);
	return kr;
}

/*
 * Map all of obj (its pages already resident, e.g. DMA memory from
 * kern/device.c) at *addr; the entry takes the caller's reference.
 */
kern_return_t
vm_map_object(struct vm_map *map, vm_address_t *addr, struct vm_object *obj,
    vm_size_t size, vm_prot_t prot, vm_inherit_t inheritance, int flags)
{
	struct vm_map_entry proto = { 0 }, *prev;
	unsigned long s;
	kern_return_t kr;

	if (!map || !addr || !obj || size == 0 || !page_aligned(size) ||
	    !prot_valid(prot) || inheritance > VM_INHERIT_LAST_VALID ||
	    (flags & ~VM_FLAGS_USER_ALLOCATE))
		return KERN_INVALID_ARGUMENT;
	proto.protection = proto.max_protection = prot;
	proto.inheritance = inheritance;
	proto.object = obj;
	s = vm_map_lock(map);
	kr = place_range(map, &proto, *addr, size, 0, flags, &prev);
	if (kr == KERN_SUCCESS)
		kr = vm_map_insert(map, prev, &proto, NULL);
	if (kr == KERN_SUCCESS)
		*addr = proto.start;
	vm_map_unlock(map, s);
	return kr;
}

kern_return_t
vm_deallocate(struct vm_map *map, vm_address_t addr, vm_size_t size)
{
	vm_address_t start, end;
	unsigned long s;
	kern_return_t kr;

	if (!map)
		return KERN_INVALID_ARGUMENT;
	if (size == 0)
		return KERN_SUCCESS;
	if (!vm_map_check_range(map, addr, size, &start, &end))
		return KERN_INVALID_ADDRESS;
	s = vm_map_lock(map);
	kr = vm_map_remove_range(map, start, end);
	vm_map_unlock(map, s);
	return kr;
}

/* Whether every entry of [start, end) allows new_prot as current. */
static bool
range_allows(struct vm_map *map, struct vm_map_entry *e, vm_address_t end,
    vm_prot_t prot)
{
	for (; e != &map->header && e->start < end; e = e->next)
		if (prot & ~e->max_protection)
			return false;
	return true;
}

kern_return_t
vm_protect(struct vm_map *map, vm_address_t addr, vm_size_t size,
    boolean_t set_maximum, vm_prot_t new_prot)
{
	vm_address_t start, end;
	struct vm_map_entry *e;
	unsigned long s;
	kern_return_t kr = KERN_SUCCESS;

	if (!map || !prot_valid(new_prot))
		return KERN_INVALID_ARGUMENT;
	if (size == 0)
		return KERN_SUCCESS;
	if (!vm_map_check_range(map, addr, size, &start, &end))
		return KERN_INVALID_ADDRESS;
	s = vm_map_lock(map);
	e = vm_map_range_mapped(map, start, end);
	if (!e)
		kr = KERN_INVALID_ADDRESS;
	else if (!set_maximum && !range_allows(map, e, end, new_prot))
		kr = KERN_PROTECTION_FAILURE;
	if (kr == KERN_SUCCESS)
		kr = vm_map_clip_range(map, start, end, &e);
	for (; kr == KERN_SUCCESS && e != &map->header && e->start < end;
	    e = e->next) {
		if (set_maximum) {
			e->max_protection = new_prot;
			e->protection &= new_prot;
		} else {
			e->protection = new_prot;
		}
		pmap_protect(map->pmap, e->start, e->end, e->protection);
	}
	if (kr == KERN_SUCCESS)
		vm_map_simplify_range(map, start, end);
	vm_map_unlock(map, s);
	return kr;
}

kern_return_t
vm_inherit(struct vm_map *map, vm_address_t addr, vm_size_t size,
    vm_inherit_t new_inheritance)
{
	vm_address_t start, end;
	struct vm_map_entry *e;
	unsigned long s;
	kern_return_t kr = KERN_SUCCESS;

	if (!map || new_inheritance > VM_INHERIT_LAST_VALID)
		return KERN_INVALID_ARGUMENT;
	if (size == 0)
		return KERN_SUCCESS;
	if (!vm_map_check_range(map, addr, size, &start, &end))
		return KERN_INVALID_ADDRESS;
	s = vm_map_lock(map);
	if (!vm_map_range_mapped(map, start, end))
		kr = KERN_INVALID_ADDRESS;
	if (kr == KERN_SUCCESS)
		kr = vm_map_clip_range(map, start, end, &e);
	for (; kr == KERN_SUCCESS && e != &map->header && e->start < end;
	    e = e->next)
		e->inheritance = new_inheritance;
	if (kr == KERN_SUCCESS)
		vm_map_simplify_range(map, start, end);
	vm_map_unlock(map, s);
	return kr;
}

kern_return_t
vm_region(struct vm_map *map, vm_address_t *addr, vm_size_t *size,
    struct vm_region_basic_info *info)
{
	struct vm_map_entry *e;
	unsigned long s;
	kern_return_t kr = KERN_SUCCESS;

	if (!map || !addr || !size || !info)
		return KERN_INVALID_ARGUMENT;
	s = vm_map_lock(map);
	e = vm_map_tree_floor(map, *addr);
	if (!e || e->end <= *addr)
		e = e ? e->next : map->header.next;
	if (e == &map->header) {
		kr = KERN_INVALID_ADDRESS;
	} else {
		*addr = e->start;
		*size = e->end - e->start;
		*info = (struct vm_region_basic_info){
			.protection = e->protection,
			.max_protection = e->max_protection,
			.inheritance = e->inheritance,
			.shared = e->physical ||
			    (e->object && e->object->ref_count > 1),
			.offset = e->physical ? e->phys_base : e->offset,
		};
	}
	vm_map_unlock(map, s);
	return kr;
}

void
vm_map_get_stats(struct vm_map *map, struct vm_map_stats *st)
{
	unsigned long s = vm_map_lock(map);

	st->entries = map->nentries;
	st->virtual_size = map->size;
	st->resident_pages = 0;
	for (struct vm_map_entry *e = map->header.next; e != &map->header;
	    e = e->next)
		if (e->object && !e->needs_copy)
			st->resident_pages += e->object->resident_count;
	vm_map_unlock(map, s);
}

void
vm_statistics_get(struct vm_statistics *st)
{
	*st = (struct vm_statistics){
		.pagesize = PAGE_SIZE,
		.free_count = (natural_t)vm_page_free_count(),
		.total_count = (natural_t)vm_page_total_count(),
		.wire_count = (natural_t)(vm_page_total_count() -
		    vm_page_free_count()),
		.faults = vm_stat_faults,
		.zero_fill_count = vm_stat_zero_fill,
		.cow_faults = vm_stat_cow,
	};
}
