/*
 * Page faults: find the entry, check the access, find or make the page,
 * and enter it in the pmap.
 *
 *  - Demand zero: no object in the chain has the page: a zeroed page is
 *    put into the entry's own (top) object.
 *  - Copy-on-write: an entry marked needs_copy first gets a shadow object
 *    of its own (vm_map_entry_resolve_copy).  A write that finds the page
 *    in a backing object copies it up into the top object.  A read of a
 *    backing page maps it read-only, so the write that follows faults.
 *  - Shared top objects (VM_INHERIT_SHARE) map only pages of their own:
 *    a read that finds a backing page copies it up too.  Otherwise a
 *    sharer that later copied the page up could leave another sharer
 *    mapping the stale backing page, and there is no reverse map to find
 *    it.  (vm_fork.c removes a parent's mappings when it starts sharing.)
 *  - Failures are reported, never fatal: KERN_INVALID_ADDRESS,
 *    KERN_PROTECTION_FAILURE, KERN_RESOURCE_SHORTAGE.
 *
 * Lock order: the map lock is held throughout (objects and pmap below).
 */
#include "kern/panic.h"
#include "vm/pmap.h"
#include "vm/vm_map_impl.h"
#include "vm/vm_page.h"

uint64_t vm_stat_faults, vm_stat_zero_fill, vm_stat_cow;

/* A zeroed page installed in obj at offset; 0 on shortage. */
static paddr_t
zero_fill(struct vm_object *obj, vm_offset_t offset)
{
	paddr_t pa = vm_page_alloc();

	if (!pa)
		return 0;
	vm_page_zero(pa);
	vm_object_page_insert(obj, offset, pa);
	vm_stat_zero_fill++;
	return pa;
}

/* A copy of the page at src installed in obj at offset; 0 on shortage. */
static paddr_t
copy_up(struct vm_object *obj, vm_offset_t offset, const struct vm_page *src)
{
	paddr_t pa = vm_page_alloc();

	if (!pa)
		return 0;
	vm_page_copy(pa, vm_page_to_phys(src));
	vm_object_page_insert(obj, offset, pa);
	vm_stat_cow++;
	return pa;
}

/* The page of obj's chain at offset and the object holding it. */
static struct vm_page *
chain_find(struct vm_object *obj, vm_offset_t offset, struct vm_object **holder)
{
	for (; obj; obj = obj->shadow) {
		struct vm_page *pg = vm_object_page_lookup(obj, offset);
		if (pg) {
			*holder = obj;
			return pg;
		}
		offset += obj->shadow_offset;
	}
	*holder = NULL;
	return NULL;
}

/*
 * Find or make the page for access in e's (private or shared, never
 * needs_copy) object; *prot is narrowed to what the pmap may allow.
 */
static paddr_t
object_fault(struct vm_map_entry *e, vm_offset_t offset, vm_prot_t access,
    vm_prot_t *prot)
{
	struct vm_object *top = e->object, *holder;
	struct vm_page *pg;

	if (top->shadow && top->shadow->ref_count == 1)
		vm_object_collapse(top);
	pg = chain_find(top, offset, &holder);
	if (!pg)
		return zero_fill(top, offset);
	if (holder == top)
		return vm_page_to_phys(pg);
	if ((access & VM_PROT_WRITE) || top->ref_count > 1)
		return copy_up(top, offset, pg);
	*prot &= ~VM_PROT_WRITE;	/* a backing page: copy on write */
	return vm_page_to_phys(pg);
}

/* Checks and preparations of the entry; may fail. */
static kern_return_t
fault_prepare(struct vm_map_entry *e, vm_prot_t access, bool force)
{
	if (!force && (access & ~e->protection))
		return KERN_PROTECTION_FAILURE;
	if ((access & ~e->max_protection) && !(force && access == VM_PROT_WRITE))
		return KERN_PROTECTION_FAILURE;
	if (e->physical)
		return KERN_SUCCESS;
	if (!e->object) {
		e->object = vm_object_allocate(e->end - e->start);
		e->offset = 0;
		if (!e->object)
			return KERN_RESOURCE_SHORTAGE;
	}
	/* A page created now must not be seen by the other copies. */
	return vm_map_entry_resolve_copy(NULL, e);
}

kern_return_t
vm_fault_page_locked(struct vm_map *map, vm_address_t addr, vm_prot_t access,
    bool force, paddr_t *pa_out)
{
	vm_address_t va = trunc_page(addr);
	struct vm_map_entry *e;
	vm_prot_t prot;
	paddr_t pa;
	kern_return_t kr;

	vm_stat_faults++;
	e = vm_map_lookup_entry(map, va);
	kr = e ? fault_prepare(e, access, force) : KERN_INVALID_ADDRESS;
	if (kr != KERN_SUCCESS)
		return kr;
	prot = e->protection;
	if (e->physical)
		pa = e->phys_base + (va - e->start);
	else
		pa = object_fault(e, e->offset + (va - e->start), access, &prot);
	if (!pa)
		return KERN_RESOURCE_SHORTAGE;
	if (prot != VM_PROT_NONE)
		kr = pmap_enter(map->pmap, va, pa, prot, 0);
	if (kr == KERN_SUCCESS && pa_out)
		*pa_out = pa + (addr - va);
	return kr;
}

kern_return_t
vm_fault_page(struct vm_map *map, vm_address_t addr, vm_prot_t access,
    bool force, paddr_t *pa_out)
{
	unsigned long s = vm_map_lock(map);
	kern_return_t kr = vm_fault_page_locked(map, addr, access, force, pa_out);

	vm_map_unlock(map, s);
	return kr;
}

kern_return_t
vm_fault(struct vm_map *map, vm_address_t addr, vm_prot_t access)
{
	if (!map)
		return KERN_INVALID_ADDRESS;
	return vm_fault_page(map, addr, access, false, NULL);
}
