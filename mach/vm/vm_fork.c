/*
 * Copying address spaces: vm_map_fork (the memory half of task_create
 * with inherited memory, i.e. fork) and the copy-on-write copy of one
 * range that vm_read also uses.
 *
 * A copy of an entry (VM_INHERIT_COPY) is made one of three ways:
 *  - the entry is already copy-on-write (needs_copy): the copy shares
 *    the object and is needs_copy too;
 *  - only this entry uses the object: both become needs_copy and the
 *    source's mappings lose write access, so the first write of either
 *    side faults and takes a shadow object (symmetric copy-on-write);
 *  - the object is shared with other entries (VM_INHERIT_SHARE, or an
 *    entry clipped in two): those others may write to it at any time, so
 *    copy-on-write would let the copy see their writes; the copy gets
 *    its own object with copies of the resident pages.
 * An entry with no object yet (untouched memory) copies as untouched.
 * Physical mappings (boot modules, devices) are mapped as they are.
 *
 * Lock order: the parent map, then the child (which no one else can see
 * yet), then objects.
 */
#include "kern/panic.h"
#include "vm/pmap.h"
#include "vm/vm_map_impl.h"

kern_return_t
vm_map_entry_copy(struct vm_map *src_map, struct vm_map_entry *src,
    struct vm_map_entry *copy)
{
	struct vm_object *obj = src->object;

	copy->inheritance = src->inheritance;
	if (src->physical || !obj) {
		copy->object = NULL;
		return KERN_SUCCESS;
	}
	if (obj->shadow && obj->shadow->ref_count == 1)
		vm_object_collapse(obj);
	if (src->needs_copy || obj->ref_count == 1) {
		if (!src->needs_copy)
			pmap_protect(src_map->pmap, src->start, src->end,
			    src->protection & ~VM_PROT_WRITE);
		src->needs_copy = true;
		vm_object_reference(obj);
		copy->object = obj;
		copy->needs_copy = true;
		return KERN_SUCCESS;
	}
	copy->object = vm_object_copy_eager(obj, copy->offset,
	    copy->end - copy->start);
	copy->offset = 0;
	copy->needs_copy = false;
	return copy->object ? KERN_SUCCESS : KERN_RESOURCE_SHORTAGE;
}

/*
 * Prepare a parent entry for sharing: it must have an object of its own
 * (not needs_copy), and if that object has a backing object the parent's
 * mappings go, because shared objects map only their own pages (see
 * vm_fault.c).
 */
static kern_return_t
entry_prepare_share(struct vm_map *map, struct vm_map_entry *e)
{
	kern_return_t kr;

	if (e->physical)
		return KERN_SUCCESS;
	if (!e->object) {
		e->object = vm_object_allocate(e->end - e->start);
		e->offset = 0;
		if (!e->object)
			return KERN_RESOURCE_SHORTAGE;
	}
	kr = vm_map_entry_resolve_copy(map, e);
	if (kr == KERN_SUCCESS && e->object->shadow)
		pmap_remove(map->pmap, e->start, e->end);
	return kr;
}

static kern_return_t
fork_entry(struct vm_map *parent, struct vm_map_entry *e, struct vm_map *child)
{
	struct vm_map_entry *c;
	kern_return_t kr = KERN_SUCCESS;

	if (e->inheritance == VM_INHERIT_NONE)
		return KERN_SUCCESS;
	if (e->inheritance == VM_INHERIT_SHARE)
		kr = entry_prepare_share(parent, e);
	if (kr != KERN_SUCCESS)
		return kr;
	c = vm_map_entry_alloc();
	if (!c)
		return KERN_RESOURCE_SHORTAGE;
	*c = *e;
	if (e->inheritance == VM_INHERIT_SHARE) {
		if (c->object)
			vm_object_reference(c->object);
	} else {
		kr = vm_map_entry_copy(parent, e, c);
	}
	if (kr != KERN_SUCCESS) {
		vm_map_entry_free(c);
		return kr;
	}
	vm_map_entry_link(child, child->header.prev, c);
	return KERN_SUCCESS;
}

struct vm_map *
vm_map_fork(struct vm_map *parent)
{
	struct vm_map *child = vm_map_create();
	kern_return_t kr = KERN_SUCCESS;
	unsigned long s;

	if (!child)
		return NULL;
	s = vm_map_lock(parent);
	for (struct vm_map_entry *e = parent->header.next;
	    kr == KERN_SUCCESS && e != &parent->header; e = e->next)
		kr = fork_entry(parent, e, child);
	vm_map_unlock(parent, s);
	if (kr != KERN_SUCCESS) {
		vm_map_deallocate(child);
		return NULL;
	}
	return child;
}
