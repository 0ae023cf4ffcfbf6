/*
 * The vm_map interface served to user tasks (idl/defs/mach/vm_map.defs)
 * over mach/vm.  The stubs hand over the target task's referenced map
 * (convert_port_to_map; NULL if the port was not a live task's).
 */
#include <mach/vm_statistics.h>

#include "ipc/vm_mapServer.h"
#include "kern/string.h"
#include "kern/zalloc.h"
#include "vm/vm_map.h"
#include "vm/vm_map_copy.h"

kern_return_t
kobj_vm_region(vm_map_t target_task, vm_address_t *address, vm_size_t *size,
    vm_region_flavor_t flavor, vm_region_info_t info,
    mach_msg_type_number_t *infoCnt, mach_port_t *object_name)
{
	struct vm_region_basic_info basic;
	kern_return_t kr;

	if (!target_task)
		return KERN_INVALID_TASK;
	if (flavor != VM_REGION_BASIC_INFO)
		return KERN_INVALID_ARGUMENT;
	if (*infoCnt < VM_REGION_BASIC_INFO_COUNT)
		return KERN_FAILURE;
	kr = vm_region(target_task, address, size, &basic);
	if (kr != KERN_SUCCESS)
		return kr;
	memcpy(info, &basic, sizeof(basic));
	*infoCnt = VM_REGION_BASIC_INFO_COUNT;
	*object_name = NULL;
	return KERN_SUCCESS;
}

kern_return_t
kobj_vm_allocate(vm_map_t target_task, vm_address_t *address, vm_size_t size,
    vm_flags_t flags)
{
	if (!target_task)
		return KERN_INVALID_TASK;
	if (flags & ~VM_FLAGS_USER_ALLOCATE)
		return KERN_INVALID_ARGUMENT;
	return vm_allocate(target_task, address, size, flags);
}

kern_return_t
kobj_vm_deallocate(vm_map_t target_task, vm_address_t address, vm_size_t size)
{
	if (!target_task)
		return KERN_INVALID_TASK;
	return vm_deallocate(target_task, address, size);
}

kern_return_t
kobj_vm_protect(vm_map_t target_task, vm_address_t address, vm_size_t size,
    boolean_t set_maximum, vm_prot_t new_protection)
{
	if (!target_task)
		return KERN_INVALID_TASK;
	return vm_protect(target_task, address, size, set_maximum,
	    new_protection);
}

kern_return_t
kobj_vm_inherit(vm_map_t target_task, vm_address_t address, vm_size_t size,
    vm_inherit_t new_inheritance)
{
	if (!target_task)
		return KERN_INVALID_TASK;
	return vm_inherit(target_task, address, size, new_inheritance);
}

/*
 * vm_read: the range as a copy object (copy-on-write from one page up),
 * which the reply carries to the caller.  The count travels in 32 bits;
 * VM_MAP_COPY_MAX_SIZE keeps sizes well below that.
 */
kern_return_t
kobj_vm_read(vm_map_t target_task, vm_address_t address, vm_size_t size,
    vm_offset_t *data, mach_msg_type_number_t *dataCnt)
{
	struct vm_map_copy *copy;
	kern_return_t kr;

	if (!target_task)
		return KERN_INVALID_TASK;
	if (size == 0 || size > VM_MAP_COPY_MAX_SIZE)
		return KERN_INVALID_ARGUMENT;
	kr = vm_map_copyin(target_task, address, size, false, &copy);
	if (kr != KERN_SUCCESS)
		return kr;
	*data = (vm_offset_t)copy;
	*dataCnt = (mach_msg_type_number_t)size;
	return KERN_SUCCESS;
}

/*
 * Is all of [addr, addr + size) of map mapped and writable?  vm_write
 * checks the whole range before it writes a byte, so a bad range fails
 * without a partial write (a thread of the target changing its mappings
 * meanwhile can still cut the write short: it then fails part-way, as
 * the target asked for).
 */
static kern_return_t
kobj_vm_check_writable(struct vm_map *map, vm_address_t addr, vm_size_t size)
{
	vm_address_t end = addr + size;

	if (end < addr)
		return KERN_INVALID_ADDRESS;
	while (addr < end) {
		struct vm_region_basic_info info;
		vm_address_t start = addr;
		vm_size_t len;
		kern_return_t kr = vm_region(map, &start, &len, &info);

		if (kr != KERN_SUCCESS || start > addr)
			return KERN_INVALID_ADDRESS;
		if (!(info.protection & VM_PROT_WRITE))
			return KERN_PROTECTION_FAILURE;
		addr = start + len;
	}
	return KERN_SUCCESS;
}

/*
 * vm_write: the request's copy object (borrowed: the request is
 * destroyed afterwards, and the copy with it) written into the target a
 * page at a time through a kernel buffer.  A copy-on-write overwrite of
 * whole pages would copy nothing; it needs a vm_map_copy_overwrite in
 * mach/vm, left for later.
 */
kern_return_t
kobj_vm_write(vm_map_t target_task, vm_address_t address, vm_offset_t data,
    mach_msg_type_number_t dataCnt)
{
	const struct vm_map_copy *copy = (const struct vm_map_copy *)data;
	vm_size_t done = 0;
	void *buf;
	kern_return_t kr;

	if (!target_task)
		return KERN_INVALID_TASK;
	if (dataCnt == 0)
		return KERN_SUCCESS;
	if (vm_map_copy_size(copy) != dataCnt)
		return KERN_INVALID_ARGUMENT;
	kr = kobj_vm_check_writable(target_task, address, dataCnt);
	if (kr != KERN_SUCCESS)
		return kr;
	buf = kalloc(PAGE_SIZE);
	if (!buf)
		return KERN_RESOURCE_SHORTAGE;
	while (kr == KERN_SUCCESS && done < dataCnt) {
		vm_size_t n = MIN(dataCnt - done, PAGE_SIZE);

		kr = vm_map_copy_to_kernel(copy, done, buf, n);
		if (kr == KERN_SUCCESS)
			kr = vm_map_copyout_kernel(target_task, address + done,
			    buf, n, false);
		done += n;
	}
	kfree(buf, PAGE_SIZE);
	return kr;
}

kern_return_t
kobj_vm_copy(vm_map_t target_task, vm_address_t source_address,
    vm_size_t size, vm_address_t dest_address)
{
	if (!target_task)
		return KERN_INVALID_TASK;
	return vm_copy(target_task, source_address, size, dest_address);
}

kern_return_t
kobj_vm_map(vm_map_t target_task, vm_address_t *address, vm_size_t size,
    vm_address_t mask, vm_flags_t flags, mach_port_t object,
    vm_offset_t offset, boolean_t copy, vm_prot_t cur_protection,
    vm_prot_t max_protection, vm_inherit_t inheritance)
{
	(void)copy;
	if (!target_task)
		return KERN_INVALID_TASK;
	if (object != NULL || offset != 0)
		return KERN_INVALID_ARGUMENT;	/* no memory objects yet */
	if (flags & ~VM_FLAGS_USER_MAP)
		return KERN_INVALID_ARGUMENT;
	return vm_map_anon(target_task, address, size, mask, flags,
	    cur_protection, max_protection, inheritance);
}
