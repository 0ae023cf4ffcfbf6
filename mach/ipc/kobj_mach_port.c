/*
 * The mach_port interface served to user tasks (idl/defs/mach/
 * mach_port.defs): harbor-mig's KernelServer stubs call these kobj_*
 * functions with the task port already turned into its IPC space; they
 * check what the stub cannot and call mach_port.c.
 *
 * Rights that arrive in the request (insert_right's, a notification
 * request's send-once right) are borrowed from it; a function that keeps
 * one takes it with ipc_kobject_take_right only once it has succeeded
 * (ipc_kobject.h).
 */
#include "ipc/ipc_kobject.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_pset.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_space.h"
#include "ipc/mach_port.h"
#include "ipc/mach_portServer.h"
#include "kern/string.h"
#include "kern/zalloc.h"
#include "vm/vm_map_copy.h"

/*
 * An array of `count` 32-bit elements as a copy object for a reply
 * (NULL for none); the buffer stays the caller's.
 */
static kern_return_t
kobj_port_array_copy(const uint32_t *elems, unsigned count,
    vm_offset_t *out)
{
	struct vm_map_copy *copy = NULL;
	kern_return_t kr = vm_map_copy_from_kernel(elems,
	    (vm_size_t)count * sizeof(uint32_t), &copy);

	if (kr == KERN_SUCCESS)
		*out = (vm_offset_t)copy;
	return kr;
}

/*
 * The space's names and types, gathered into kernel buffers (the walk
 * does not block, so it sees one state of the space; the space may grow
 * while the buffers are allocated, hence the retry), then made into two
 * copy objects.
 */
kern_return_t
kobj_mach_port_names(ipc_space_t task, vm_offset_t *names,
    mach_msg_type_number_t *namesCnt, vm_offset_t *types,
    mach_msg_type_number_t *typesCnt)
{
	mach_port_name_t *nbuf = NULL;
	mach_port_type_t *tbuf = NULL;
	unsigned max = 0, count = 0;
	kern_return_t kr;

	if (!task)
		return KERN_INVALID_TASK;
	kr = mach_port_names(task, NULL, NULL, 0, &count);
	while (kr == KERN_SUCCESS && count > max) {
		kfree(nbuf, max * sizeof(*nbuf));
		kfree(tbuf, max * sizeof(*tbuf));
		max = count + 8;
		nbuf = kalloc(max * sizeof(*nbuf));
		tbuf = kalloc(max * sizeof(*tbuf));
		if (!nbuf || !tbuf)
			kr = KERN_RESOURCE_SHORTAGE;
		else
			kr = mach_port_names(task, nbuf, tbuf, max, &count);
	}
	*names = *types = 0;
	if (kr == KERN_SUCCESS)
		kr = kobj_port_array_copy(nbuf, count, names);
	if (kr == KERN_SUCCESS)
		kr = kobj_port_array_copy(tbuf, count, types);
	if (kr != KERN_SUCCESS) {
		vm_map_copy_discard((struct vm_map_copy *)*names);
		*names = 0;
	}
	kfree(nbuf, max * sizeof(*nbuf));
	kfree(tbuf, max * sizeof(*tbuf));
	*namesCnt = *typesCnt = kr == KERN_SUCCESS ? count : 0;
	return kr;
}

/*
 * The names of a set's members: each member's receive right is in the
 * set's space (ipc_pset.h), under the port's receiver_name.
 */
kern_return_t
kobj_mach_port_get_set_status(ipc_space_t task, mach_port_name_t name,
    vm_offset_t *members, mach_msg_type_number_t *membersCnt)
{
	struct ipc_entry *e;
	struct ipc_pset *pset;
	struct dlist_node *n;
	mach_port_name_t *buf = NULL;
	unsigned max = 0, count = 0;
	kern_return_t kr;

	if (!task)
		return KERN_INVALID_TASK;
	kr = ipc_right_lookup(task, name, &e);
	if (kr != KERN_SUCCESS)
		return kr;
	if (e->type != MACH_PORT_TYPE_PORT_SET)
		return KERN_INVALID_RIGHT;
	pset = (struct ipc_pset *)e->object;
	/* A reference keeps the set while kalloc may block. */
	ipc_pset_reference(pset);
	while (kr == KERN_SUCCESS && pset->member_count > max) {
		kfree(buf, max * sizeof(*buf));
		max = pset->member_count;
		buf = kalloc(max * sizeof(*buf));
		if (!buf)
			kr = KERN_RESOURCE_SHORTAGE;
	}
	if (kr == KERN_SUCCESS) {
		dlist_foreach(n, &pset->members)
			buf[count++] = dlist_entry(n, struct ipc_port,
			    pset_link)->receiver_name;
		*members = 0;
		kr = kobj_port_array_copy(buf, count, members);
	}
	ipc_pset_release(pset);
	kfree(buf, max * sizeof(*buf));
	*membersCnt = kr == KERN_SUCCESS ? count : 0;
	return kr;
}

kern_return_t
kobj_mach_port_type(ipc_space_t task, mach_port_name_t name,
    mach_port_type_t *ptype)
{
	if (!task)
		return KERN_INVALID_TASK;
	return mach_port_type(task, name, ptype);
}

kern_return_t
kobj_mach_port_allocate_name(ipc_space_t task, mach_port_right_t right,
    mach_port_name_t name)
{
	if (!task)
		return KERN_INVALID_TASK;
	return mach_port_allocate_name(task, right, name);
}

kern_return_t
kobj_mach_port_allocate(ipc_space_t task, mach_port_right_t right,
    mach_port_name_t *name)
{
	if (!task)
		return KERN_INVALID_TASK;
	return mach_port_allocate(task, right, name);
}

kern_return_t
kobj_mach_port_destroy(ipc_space_t task, mach_port_name_t name)
{
	if (!task)
		return KERN_INVALID_TASK;
	return mach_port_destroy(task, name);
}

kern_return_t
kobj_mach_port_deallocate(ipc_space_t task, mach_port_name_t name)
{
	if (!task)
		return KERN_INVALID_TASK;
	return mach_port_deallocate(task, name);
}

kern_return_t
kobj_mach_port_get_refs(ipc_space_t task, mach_port_name_t name,
    mach_port_right_t right, mach_port_urefs_t *refs)
{
	if (!task)
		return KERN_INVALID_TASK;
	return mach_port_get_refs(task, name, right, refs);
}

kern_return_t
kobj_mach_port_mod_refs(ipc_space_t task, mach_port_name_t name,
    mach_port_right_t right, mach_port_delta_t delta)
{
	if (!task)
		return KERN_INVALID_TASK;
	return mach_port_mod_refs(task, name, right, delta);
}

kern_return_t
kobj_mach_port_set_mscount(ipc_space_t task, mach_port_name_t name,
    mach_port_mscount_t mscount)
{
	if (!task)
		return KERN_INVALID_TASK;
	return mach_port_set_mscount(task, name, mscount);
}

kern_return_t
kobj_mach_port_move_member(ipc_space_t task, mach_port_name_t member,
    mach_port_name_t after)
{
	if (!task)
		return KERN_INVALID_TASK;
	return mach_port_move_member(task, member, after);
}

kern_return_t
kobj_mach_port_request_notification(ipc_space_t task, mach_port_name_t name,
    mach_msg_id_t msgid, mach_port_mscount_t sync, mach_port_t notify,
    mach_port_t *previous)
{
	kern_return_t kr;

	if (!task)
		return KERN_INVALID_TASK;
	kr = mach_port_request_notification(task, name, msgid, sync, notify,
	    previous);
	if (kr == KERN_SUCCESS)
		ipc_kobject_take_right(notify, MACH_MSG_TYPE_PORT_SEND_ONCE);
	return kr;
}

kern_return_t
kobj_mach_port_insert_right(ipc_space_t task, mach_port_name_t name,
    mach_port_t poly, mach_msg_type_name_t polyPoly)
{
	kern_return_t kr;

	if (!task)
		return KERN_INVALID_TASK;
	if (!IPC_PORT_VALID(poly))
		return KERN_INVALID_CAPABILITY;
	kr = mach_port_insert_right(task, name, poly, polyPoly);
	if (kr == KERN_SUCCESS)
		ipc_kobject_take_right(poly, polyPoly);
	return kr;
}

kern_return_t
kobj_mach_port_extract_right(ipc_space_t task, mach_port_name_t name,
    mach_msg_type_name_t msgt_name, mach_port_t *poly,
    mach_msg_type_name_t *polyPoly)
{
	if (!task)
		return KERN_INVALID_TASK;
	return mach_port_extract_right(task, name, msgt_name, poly, polyPoly);
}

static kern_return_t
kobj_port_status(ipc_space_t task, mach_port_name_t name,
    mach_port_status_t *mps)
{
	struct ipc_port_status st;
	kern_return_t kr = mach_port_get_receive_status(task, name, &st);

	if (kr != KERN_SUCCESS)
		return kr;
	memset(mps, 0, sizeof(*mps));
	mps->mps_pset = st.pset;
	mps->mps_seqno = st.seqno;
	mps->mps_mscount = st.mscount;
	mps->mps_qlimit = st.qlimit;
	mps->mps_msgcount = st.msgcount;
	mps->mps_sorights = st.sorights;
	mps->mps_srights = st.srights;
	mps->mps_pdrequest = st.pdrequest;
	mps->mps_nsrequest = st.nsrequest;
	return KERN_SUCCESS;
}

kern_return_t
kobj_mach_port_get_attributes(ipc_space_t task, mach_port_name_t name,
    mach_port_flavor_t flavor, mach_port_info_t info,
    mach_msg_type_number_t *count)
{
	mach_port_status_t mps;
	kern_return_t kr;

	if (!task)
		return KERN_INVALID_TASK;
	switch (flavor) {
	case MACH_PORT_LIMITS_INFO:
		if (*count < MACH_PORT_LIMITS_INFO_COUNT)
			return KERN_FAILURE;
		kr = kobj_port_status(task, name, &mps);
		if (kr != KERN_SUCCESS)
			return kr;
		info[0] = (integer_t)mps.mps_qlimit;
		*count = MACH_PORT_LIMITS_INFO_COUNT;
		return KERN_SUCCESS;
	case MACH_PORT_RECEIVE_STATUS:
		if (*count < MACH_PORT_RECEIVE_STATUS_COUNT)
			return KERN_FAILURE;
		kr = kobj_port_status(task, name, &mps);
		if (kr != KERN_SUCCESS)
			return kr;
		memcpy(info, &mps, sizeof(mps));
		*count = MACH_PORT_RECEIVE_STATUS_COUNT;
		return KERN_SUCCESS;
	default:
		return KERN_INVALID_ARGUMENT;
	}
}

kern_return_t
kobj_mach_port_set_attributes(ipc_space_t task, mach_port_name_t name,
    mach_port_flavor_t flavor, mach_port_info_t info,
    mach_msg_type_number_t count)
{
	if (!task)
		return KERN_INVALID_TASK;
	if (flavor != MACH_PORT_LIMITS_INFO)
		return KERN_INVALID_ARGUMENT;
	if (count < MACH_PORT_LIMITS_INFO_COUNT)
		return KERN_FAILURE;
	return mach_port_set_qlimit(task, name, (mach_port_msgcount_t)info[0]);
}
