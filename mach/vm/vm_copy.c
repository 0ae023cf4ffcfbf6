/*
 * Moving data in and out of address spaces: between a map and a kernel
 * buffer (vm_map_copyin_kernel / vm_map_copyout_kernel), and Mach's
 * vm_read, vm_write and vm_copy.
 *
 * vm_read shares whole pages copy-on-write with a new region of the
 * destination map (vm_fork.c's entry copy), so reading a large region
 * copies no data.  vm_write and vm_copy copy bytes, a page at a time
 * through the direct map, after checking the whole of both ranges; a
 * copy-on-write overwrite for page-aligned ranges is future work.
 *
 * Lock order: each page is resolved and used with its map locked (so no
 * one frees it in between), the destination map before the source;
 * vm_read holds the source map's lock, then the destination's (the same
 * lock when they are one map).
 */
#include "kern/string.h"
#include "vm/pmap.h"
#include "vm/vm_map_impl.h"
#include "vm/vm_page.h"

kern_return_t
vm_map_copyin_kernel(struct vm_map *map, vm_address_t addr, void *buf,
    vm_size_t size)
{
	char *dst = buf;

	if (!map || addr + size < addr)
		return KERN_INVALID_ADDRESS;
	while (size > 0) {
		vm_size_t n = MIN(size, PAGE_SIZE - (addr & PAGE_MASK));
		paddr_t pa;
		unsigned long s = vm_map_lock(map);
		kern_return_t kr = vm_fault_page_locked(map, addr, VM_PROT_READ,
		    false, &pa);
		if (kr == KERN_SUCCESS)
			memcpy(dst, PHYS_TO_KVA(pa), n);
		vm_map_unlock(map, s);
		if (kr != KERN_SUCCESS)
			return kr;
		dst += n;
		addr += n;
		size -= n;
	}
	return KERN_SUCCESS;
}

kern_return_t
vm_map_copyout_kernel(struct vm_map *map, vm_address_t addr, const void *buf,
    vm_size_t size, bool force)
{
	const char *src = buf;

	if (!map || addr + size < addr)
		return KERN_INVALID_ADDRESS;
	while (size > 0) {
		vm_size_t n = MIN(size, PAGE_SIZE - (addr & PAGE_MASK));
		paddr_t pa;
		unsigned long s = vm_map_lock(map);
		kern_return_t kr = vm_fault_page_locked(map, addr, VM_PROT_WRITE,
		    force, &pa);
		if (kr == KERN_SUCCESS)
			memcpy(PHYS_TO_KVA(pa), src, n);
		vm_map_unlock(map, s);
		if (kr != KERN_SUCCESS)
			return kr;
		src += n;
		addr += n;
		size -= n;
	}
	return KERN_SUCCESS;
}

/* Whether [start, end) is mapped and every entry allows prot. */
static kern_return_t
range_check_access(struct vm_map *map, vm_address_t start, vm_address_t end,
    vm_prot_t prot)
{
	unsigned long s = vm_map_lock(map);
	struct vm_map_entry *e = vm_map_range_mapped(map, start, end);
	kern_return_t kr = e ? KERN_SUCCESS : KERN_INVALID_ADDRESS;

	for (; e && e != &map->header && e->start < end; e = e->next)
		if (prot & ~e->protection)
			kr = KERN_PROTECTION_FAILURE;
	vm_map_unlock(map, s);
	return kr;
}

/* Copy one chunk that lies within one page on each side. */
static kern_return_t
copy_chunk(struct vm_map *dst_map, vm_address_t dst, struct vm_map *src_map,
    vm_address_t src, vm_size_t n)
{
	paddr_t spa, dpa;
	unsigned long s, s2 = 0;
	kern_return_t kr;

	/* Both maps stay locked while the pages are used (one CPU: the
	 * second "lock" nests; with SMP, lock the lower address first). */
	s = vm_map_lock(dst_map);
	if (src_map != dst_map)
		s2 = vm_map_lock(src_map);
	kr = vm_fault_page_locked(dst_map, dst, VM_PROT_WRITE, false, &dpa);
	if (kr == KERN_SUCCESS)	/* after the write fault: it may copy up */
		kr = vm_fault_page_locked(src_map, src, VM_PROT_READ, false, &spa);
	if (kr == KERN_SUCCESS)
		memmove(PHYS_TO_KVA(dpa), PHYS_TO_KVA(spa), n);
	if (src_map != dst_map)
		vm_map_unlock(src_map, s2);
	vm_map_unlock(dst_map, s);
	return kr;
}

/*
 * Copy size bytes between maps, backwards when the ranges overlap in one
 * map with the destination above, as memmove does.
 */
static kern_return_t
copy_bytes(struct vm_map *dst_map, vm_address_t dst, struct vm_map *src_map,
    vm_address_t src, vm_size_t size)
{
	bool backwards = dst_map == src_map && dst > src && dst < src + size;
	kern_return_t kr = KERN_SUCCESS;

	while (kr == KERN_SUCCESS && size > 0) {
		vm_size_t n;
		if (backwards) {
			n = MIN(size, MIN(((src + size - 1) & PAGE_MASK) + 1,
			    ((dst + size - 1) & PAGE_MASK) + 1));
			kr = copy_chunk(dst_map, dst + size - n, src_map,
			    src + size - n, n);
		} else {
			n = MIN(size, MIN(PAGE_SIZE - (src & PAGE_MASK),
			    PAGE_SIZE - (dst & PAGE_MASK)));
			kr = copy_chunk(dst_map, dst, src_map, src, n);
			src += n;
			dst += n;
		}
		size -= n;
	}
	return kr;
}

kern_return_t
vm_write(struct vm_map *map, vm_address_t addr, struct vm_map *src_map,
    vm_address_t src_addr, vm_size_t size)
{
	vm_address_t ds, de, ss, se;
	kern_return_t kr;

	if (!map || !src_map)
		return KERN_INVALID_ARGUMENT;
	if (size == 0)
		return KERN_SUCCESS;
	if (!vm_map_check_range(map, addr, size, &ds, &de) ||
	    !vm_map_check_range(src_map, src_addr, size, &ss, &se))
		return KERN_INVALID_ADDRESS;
	kr = range_check_access(src_map, ss, se, VM_PROT_READ);
	if (kr == KERN_SUCCESS)
		kr = range_check_access(map, ds, de, VM_PROT_WRITE);
	if (kr == KERN_SUCCESS)
		kr = copy_bytes(map, addr, src_map, src_addr, size);
	return kr;
}

kern_return_t
vm_copy(struct vm_map *map, vm_address_t src_addr, vm_size_t size,
    vm_address_t dst_addr)
{
	return vm_write(map, dst_addr, map, src_addr, size);
}

/* A private object with a copy of physical frames (modules, devices). */
static kern_return_t
copy_physical(const struct vm_map_entry *e, struct vm_map_entry *c)
{
	c->physical = false;
	c->offset = 0;
	c->object = vm_object_allocate(c->end - c->start);
	if (!c->object)
		return KERN_RESOURCE_SHORTAGE;
	for (vm_size_t o = 0; o < c->end - c->start; o += PAGE_SIZE) {
		paddr_t pa = vm_page_alloc();
		if (!pa)
			return KERN_RESOURCE_SHORTAGE;
		vm_page_copy(pa, e->phys_base + o);
		vm_object_page_insert(c->object, o, pa);
	}
	return KERN_SUCCESS;
}

/* Copy-on-write copies of the entries of src [start, end) into dst. */
static kern_return_t
read_entries(struct vm_map *src_map, vm_address_t start, vm_address_t end,
    struct vm_map *dst_map, vm_address_t dst_start)
{
	struct vm_map_entry *e, *prev, *c;
	vm_address_t at = dst_start;
	kern_return_t kr;

	kr = vm_map_clip_range(src_map, start, end, &e);
	if (kr == KERN_SUCCESS)
		kr = vm_map_find_space(dst_map, &at, end - start, PAGE_MASK, &prev);
	if (kr != KERN_SUCCESS || at != dst_start)
		return kr != KERN_SUCCESS ? kr : KERN_NO_SPACE;
	for (; e != &src_map->header && e->start < end; e = e->next) {
		c = vm_map_entry_alloc();
		if (!c)
			return KERN_RESOURCE_SHORTAGE;
		*c = *e;
		c->start = dst_start + (e->start - start);
		c->end = dst_start + (e->end - start);
		c->protection = VM_PROT_DEFAULT;
		c->max_protection = VM_PROT_ALL;
		if (e->physical)
			kr = copy_physical(e, c);
		else
			kr = vm_map_entry_copy(src_map, e, c);
		c->inheritance = VM_INHERIT_DEFAULT;
		if (kr != KERN_SUCCESS) {
			if (c->object)
				vm_object_deallocate(c->object);
			vm_map_entry_free(c);
			return kr;
		}
		vm_map_entry_link(dst_map, prev, c);
		prev = c;
	}
	return KERN_SUCCESS;
}

kern_return_t
vm_read(struct vm_map *map, vm_address_t addr, vm_size_t size,
    struct vm_map *dst_map, vm_address_t *dst_addr)
{
	vm_address_t start, end, dst;
	struct vm_map_entry *prev;
	unsigned long s, s2;
	kern_return_t kr;

	if (!map || !dst_map || !dst_addr || size == 0)
		return KERN_INVALID_ARGUMENT;
	if (!vm_map_check_range(map, addr, size, &start, &end))
		return KERN_INVALID_ADDRESS;
	kr = range_check_access(map, start, end, VM_PROT_READ);
	if (kr != KERN_SUCCESS)
		return kr;
	s = vm_map_lock(map);
	s2 = dst_map != map ? vm_map_lock(dst_map) : 0;
	dst = dst_map->min_address;
	kr = vm_map_find_space(dst_map, &dst, end - start, PAGE_MASK, &prev);
	if (kr == KERN_SUCCESS) {
		kr = read_entries(map, start, end, dst_map, dst);
		if (kr != KERN_SUCCESS)
			vm_map_remove_range(dst_map, dst, dst + (end - start));
		else
			vm_map_simplify_range(dst_map, dst, dst + (end - start));
	}
	if (dst_map != map)
		vm_map_unlock(dst_map, s2);
	vm_map_unlock(map, s);
	if (kr == KERN_SUCCESS)
		*dst_addr = dst + (addr - start);
	return kr;
}
