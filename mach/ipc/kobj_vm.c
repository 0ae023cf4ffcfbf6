/*
 * The vm_map interface served to user tasks (idl/defs/mach/vm_map.defs)
 * over mach/vm.  The stubs hand over the target task's referenced map
 * (convert_port_to_map; NULL if the port was not a live task's).
 */
#include <mach/vm_statistics.h>

#include "ipc/vm_mapServer.h"
#include "kern/string.h"
#include "vm/vm_map.h"

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
 * vm_read and vm_write carry their data out of line; until the kernel
 * transfers out-of-line memory (issue 5, the OOL part) they say so.
 */
kern_return_t
kobj_vm_read(vm_map_t target_task, vm_address_t address, vm_size_t size,
    vm_offset_t *data, mach_msg_type_number_t *dataCnt)
{
	(void)address;
	(void)size;
	(void)data;
	(void)dataCnt;
	return target_task ? KERN_NOT_SUPPORTED : KERN_INVALID_TASK;
}

kern_return_t
kobj_vm_write(vm_map_t target_task, vm_address_t address, vm_offset_t data,
    mach_msg_type_number_t dataCnt)
{
	(void)address;
	(void)data;
	(void)dataCnt;
	return target_task ? KERN_NOT_SUPPORTED : KERN_INVALID_TASK;
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
