/*
 * srv_ipc over mach/user's libmach: the calling task's own space, so
 * every call names mach_task_self().  The notify right of
 * mach_port_request_notification is made send-once by its .defs type.
 */
#include <mach/vm_statistics.h>

#include "libmach.h"
#include "srv_ipc_mach.h"

static kern_return_t
port_allocate(mach_port_right_t right, mach_port_name_t *name)
{
	return mach_port_allocate(mach_task_self(), right, name);
}

static kern_return_t
port_mod_refs(mach_port_name_t name, mach_port_right_t right, mach_port_delta_t delta)
{
	return mach_port_mod_refs(mach_task_self(), name, right, delta);
}

static kern_return_t
port_deallocate(mach_port_name_t name)
{
	return mach_port_deallocate(mach_task_self(), name);
}

static kern_return_t
port_move_member(mach_port_name_t member, mach_port_name_t set)
{
	return mach_port_move_member(mach_task_self(), member, set);
}

static kern_return_t
port_request_notification(mach_port_name_t name, mach_msg_id_t id,
    mach_port_mscount_t sync, mach_port_name_t notify, mach_port_name_t *previous)
{
	return mach_port_request_notification(mach_task_self(), name, id, sync,
	    notify, previous);
}

static kern_return_t
port_mscount(mach_port_name_t name, mach_port_mscount_t *mscount)
{
	mach_port_status_t st;
	mach_msg_type_number_t count = MACH_PORT_RECEIVE_STATUS_COUNT;
	kern_return_t kr;

	kr = mach_port_get_attributes(mach_task_self(), name,
	    MACH_PORT_RECEIVE_STATUS, (mach_port_info_t)&st, &count);
	if (kr == KERN_SUCCESS)
		*mscount = st.mps_mscount;
	return kr;
}

static kern_return_t
vm_alloc(vm_size_t size, vm_address_t *addr)
{
	*addr = 0;
	return vm_allocate(mach_task_self(), addr, size, VM_FLAGS_ANYWHERE);
}

static kern_return_t
vm_dealloc(vm_address_t addr, vm_size_t size)
{
	return vm_deallocate(mach_task_self(), addr, size);
}

const struct srv_ipc srv_ipc_mach = {
	.msg = mach_msg,
	.msg_destroy = mach_msg_destroy,
	.port_allocate = port_allocate,
	.port_mod_refs = port_mod_refs,
	.port_deallocate = port_deallocate,
	.port_move_member = port_move_member,
	.port_request_notification = port_request_notification,
	.port_mscount = port_mscount,
	.vm_allocate = vm_alloc,
	.vm_deallocate = vm_dealloc,
};
