/*
 * The mach_port_* calls on a space.  Each looks the name up (which also
 * turns rights to dead ports into dead names), checks everything, then
 * acts through ipc_right / ipc_port.
 *
 * Lock order: the space, then ports, then port sets.
 */
#include "ipc/ipc_dnrequest.h"
#include "ipc/ipc_init.h"
#include "ipc/ipc_mqueue.h"
#include "ipc/ipc_notify.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_pset.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_right_copy.h"
#include "ipc/ipc_space.h"
#include "ipc/mach_port.h"
#include "kern/zalloc.h"

static struct ipc_port *
entry_port(const struct ipc_entry *e)
{
	return (struct ipc_port *)e->object;
}

/* The object a new name of this right needs (none for a dead name). */
static kern_return_t
mach_port_new_object(mach_port_right_t right, struct ipc_object **objp)
{
	*objp = NULL;
	switch (right) {
	case MACH_PORT_RIGHT_RECEIVE:
		*objp = (struct ipc_object *)ipc_port_alloc();
		break;
	case MACH_PORT_RIGHT_PORT_SET:
		*objp = (struct ipc_object *)ipc_pset_alloc();
		break;
	case MACH_PORT_RIGHT_DEAD_NAME:
		return KERN_SUCCESS;
	default:
		return KERN_INVALID_VALUE;
	}
	return *objp ? KERN_SUCCESS : KERN_RESOURCE_SHORTAGE;
}

/* Undo mach_port_new_object when no name could be had. */
static void
mach_port_free_object(struct ipc_object *obj)
{
	if (obj == NULL)
		return;
	if (obj->kind == IOT_PSET) {
		ipc_pset_destroy((struct ipc_pset *)obj);
	} else {
		obj->active = false;	/* never reachable: nothing to notify */
		ipc_port_release((struct ipc_port *)obj);
	}
}

static void
mach_port_install_new(struct ipc_space *space, mach_port_name_t name,
    struct ipc_entry *e, struct ipc_object *obj)
{
	e->object = obj;
	if (obj == NULL) {
		e->type = MACH_PORT_TYPE_DEAD_NAME;
		e->urefs = 1;
		return;
	}
	ipc_hash_insert(space, obj, name);
	if (obj->kind == IOT_PSET) {
		e->type = MACH_PORT_TYPE_PORT_SET;
	} else {
		e->type = MACH_PORT_TYPE_RECEIVE;
		ipc_port_set_receiver((struct ipc_port *)obj, space, name);
	}
}

kern_return_t
mach_port_allocate(struct ipc_space *space, mach_port_right_t right,
    mach_port_name_t *namep)
{
	struct ipc_object *obj = NULL;
	struct ipc_entry *e;
	kern_return_t kr = KERN_INVALID_TASK;

	if (space->active)
		kr = mach_port_new_object(right, &obj);
	if (kr == KERN_SUCCESS)
		kr = ipc_entry_alloc(space, namep, &e);
	if (kr != KERN_SUCCESS) {
		mach_port_free_object(obj);
		return kr;
	}
	mach_port_install_new(space, *namep, e, obj);
	return KERN_SUCCESS;
}

kern_return_t
mach_port_allocate_name(struct ipc_space *space, mach_port_right_t right,
    mach_port_name_t name)
{
	struct ipc_object *obj = NULL;
	struct ipc_entry *e;
	kern_return_t kr = KERN_INVALID_TASK;

	if (space->active)
		kr = mach_port_new_object(right, &obj);
	if (kr == KERN_SUCCESS)
		kr = ipc_entry_alloc_name(space, name, &e);
	if (kr != KERN_SUCCESS) {
		mach_port_free_object(obj);
		return kr;
	}
	mach_port_install_new(space, name, e, obj);
	return KERN_SUCCESS;
}

kern_return_t
mach_port_deallocate(struct ipc_space *space, mach_port_name_t name)
{
	struct ipc_entry *e;
	kern_return_t kr = ipc_right_lookup(space, name, &e);

	if (kr != KERN_SUCCESS)
		return kr;
	return ipc_right_dealloc(space, name, e);
}

kern_return_t
mach_port_destroy(struct ipc_space *space, mach_port_name_t name)
{
	struct ipc_entry *e;
	kern_return_t kr = ipc_right_lookup(space, name, &e);

	if (kr != KERN_SUCCESS)
		return kr;
	ipc_right_destroy(space, name, e);
	return KERN_SUCCESS;
}

kern_return_t
mach_port_mod_refs(struct ipc_space *space, mach_port_name_t name,
    mach_port_right_t right, mach_port_delta_t delta)
{
	struct ipc_entry *e;
	kern_return_t kr;

	if (right >= MACH_PORT_RIGHT_NUMBER)
		return KERN_INVALID_VALUE;
	kr = ipc_right_lookup(space, name, &e);
	if (kr != KERN_SUCCESS)
		return kr;
	return ipc_right_delta(space, name, e, right, delta);
}

kern_return_t
mach_port_get_refs(struct ipc_space *space, mach_port_name_t name,
    mach_port_right_t right, mach_port_urefs_t *refsp)
{
	struct ipc_entry *e;
	kern_return_t kr;

	if (right >= MACH_PORT_RIGHT_NUMBER)
		return KERN_INVALID_VALUE;
	kr = ipc_right_lookup(space, name, &e);
	if (kr != KERN_SUCCESS)
		return kr;
	*refsp = ipc_right_refs(e, right);
	return KERN_SUCCESS;
}

kern_return_t
mach_port_type(struct ipc_space *space, mach_port_name_t name,
    mach_port_type_t *typep)
{
	struct ipc_entry *e;
	kern_return_t kr = ipc_right_lookup(space, name, &e);

	if (kr != KERN_SUCCESS)
		return kr;
	*typep = e->type;
	return KERN_SUCCESS;
}

kern_return_t
mach_port_names(struct ipc_space *space, mach_port_name_t *names,
    mach_port_type_t *types, unsigned max, unsigned *countp)
{
	unsigned n = 0;

	if (!space->active)
		return KERN_INVALID_TASK;
	for (uint32_t i = 1; i < space->table_size; i++) {
		struct ipc_entry *e;
		mach_port_name_t name;

		if (space->table[i].type == MACH_PORT_TYPE_NONE)
			continue;
		name = ipc_entry_name(space, i);
		ipc_right_lookup(space, name, &e);	/* settles dead ports */
		if (n < max) {
			names[n] = name;
			types[n] = e->type;
		}
		n++;
	}
	*countp = n;
	return KERN_SUCCESS;
}

kern_return_t
mach_port_insert_right(struct ipc_space *space, mach_port_name_t name,
    struct ipc_port *port, mach_msg_type_name_t msgt_name)
{
	if (msgt_name != MACH_MSG_TYPE_PORT_SEND &&
	    msgt_name != MACH_MSG_TYPE_PORT_SEND_ONCE &&
	    msgt_name != MACH_MSG_TYPE_PORT_RECEIVE)
		return KERN_INVALID_VALUE;
	return ipc_right_copyout_name(space, port, msgt_name, name);
}

kern_return_t
mach_port_extract_right(struct ipc_space *space, mach_port_name_t name,
    mach_msg_type_name_t disposition, struct ipc_port **portp,
    mach_msg_type_name_t *typep)
{
	kern_return_t kr = ipc_right_copyin(space, name, disposition, portp);

	if (kr == KERN_SUCCESS)
		*typep = ipc_right_copyin_type(disposition);
	return kr;
}

/* The receive right's port of a name, or an error. */
static kern_return_t
mach_port_lookup_receive(struct ipc_space *space, mach_port_name_t name,
    struct ipc_port **portp)
{
	struct ipc_entry *e;
	kern_return_t kr = ipc_right_lookup(space, name, &e);

	if (kr != KERN_SUCCESS)
		return kr;
	if (!(e->type & MACH_PORT_TYPE_RECEIVE))
		return KERN_INVALID_RIGHT;
	*portp = entry_port(e);
	return KERN_SUCCESS;
}

kern_return_t
mach_port_move_member(struct ipc_space *space, mach_port_name_t member,
    mach_port_name_t after)
{
	struct ipc_pset *pset = NULL;
	struct ipc_port *port;
	struct ipc_entry *se;
	kern_return_t kr = mach_port_lookup_receive(space, member, &port);

	if (kr != KERN_SUCCESS)
		return kr;
	if (after != MACH_PORT_NULL) {
		kr = ipc_right_lookup(space, after, &se);
		if (kr != KERN_SUCCESS)
			return kr;
		if (se->type != MACH_PORT_TYPE_PORT_SET)
			return KERN_INVALID_RIGHT;
		pset = (struct ipc_pset *)se->object;
	} else if (port->pset == NULL) {
		return KERN_NOT_IN_SET;
	}
	if (port->pset == pset)
		return KERN_SUCCESS;
	if (port->pset)
		ipc_pset_remove(port);
	if (pset)
		ipc_pset_add(pset, port);
	return KERN_SUCCESS;
}

kern_return_t
mach_port_set_mscount(struct ipc_space *space, mach_port_name_t name,
    mach_port_mscount_t mscount)
{
	struct ipc_port *port;
	kern_return_t kr = mach_port_lookup_receive(space, name, &port);

	if (kr == KERN_SUCCESS)
		port->mscount = mscount;
	return kr;
}

kern_return_t
mach_port_set_qlimit(struct ipc_space *space, mach_port_name_t name,
    mach_port_msgcount_t qlimit)
{
	struct ipc_port *port;
	kern_return_t kr = mach_port_lookup_receive(space, name, &port);

	if (kr != KERN_SUCCESS)
		return kr;
	if (qlimit == 0 || qlimit > MACH_PORT_QLIMIT_MAX)
		return KERN_INVALID_VALUE;
	port->qlimit = qlimit;
	ipc_mqueue_wake_all(port);	/* senders may fit now */
	return KERN_SUCCESS;
}

kern_return_t
mach_port_get_receive_status(struct ipc_space *space, mach_port_name_t name,
    struct ipc_port_status *st)
{
	struct ipc_port *port;
	kern_return_t kr = mach_port_lookup_receive(space, name, &port);

	if (kr != KERN_SUCCESS)
		return kr;
	st->pset = port->pset ? ipc_hash_lookup(space, &port->pset->obj) :
	    MACH_PORT_NULL;
	st->seqno = port->seqno;
	st->mscount = port->mscount;
	st->qlimit = port->qlimit;
	st->msgcount = port->mqueue.count;
	st->sorights = port->sorights;
	st->srights = port->srights > 0;
	st->pdrequest = port->pdrequest != NULL;
	st->nsrequest = port->nsrequest != NULL;
	return KERN_SUCCESS;
}

static kern_return_t
mach_port_request_port_destroyed(struct ipc_entry *e, mach_port_mscount_t sync,
    struct ipc_port *notify, struct ipc_port **previousp)
{
	struct ipc_port *port = entry_port(e);

	if (!(e->type & MACH_PORT_TYPE_RECEIVE))
		return KERN_INVALID_RIGHT;
	if (sync != 0)
		return KERN_INVALID_VALUE;
	*previousp = port->pdrequest;
	port->pdrequest = notify;
	return KERN_SUCCESS;
}

static kern_return_t
mach_port_request_no_senders(struct ipc_entry *e, mach_port_mscount_t sync,
    struct ipc_port *notify, struct ipc_port **previousp)
{
	struct ipc_port *port = entry_port(e);

	if (!(e->type & MACH_PORT_TYPE_RECEIVE))
		return KERN_INVALID_RIGHT;
	*previousp = port->nsrequest;
	port->nsrequest = NULL;
	if (notify != NULL && port->srights == 0 && port->mscount >= sync) {
		ipc_notify_no_senders(notify, port->mscount);
		return KERN_SUCCESS;
	}
	port->nsrequest = notify;
	port->nssync = sync;
	return KERN_SUCCESS;
}

/*
 * A dead-name request on a name that is already dead fires at once (with
 * the uref the notification carries, see ipc_right.c).  Otherwise the
 * name's request is replaced; the struct is reused when there was one.
 */
static kern_return_t
mach_port_request_dead_name(mach_port_name_t name, struct ipc_entry *e,
    struct ipc_port *notify, struct ipc_port **previousp)
{
	struct ipc_dnrequest *dnr = e->dnrequest;

	if (e->type == MACH_PORT_TYPE_DEAD_NAME) {
		if (notify != NULL && e->urefs >= IPC_UREFS_MAX)
			return KERN_UREFS_OVERFLOW;
		*previousp = NULL;
		if (notify != NULL) {
			e->urefs++;
			ipc_notify_dead_name(notify, name);
		}
		return KERN_SUCCESS;
	}
	if (!(e->type & MACH_PORT_TYPE_PORT_RIGHTS))
		return KERN_INVALID_RIGHT;
	if (dnr == NULL && notify != NULL) {
		dnr = zalloc(ipc_dnrequest_zone);
		if (dnr == NULL)
			return KERN_RESOURCE_SHORTAGE;
		dlist_init(&dnr->link);
		dnr->notify = NULL;
	}
	*previousp = (dnr && dnr->notify) ? ipc_port_dnrequest_cancel(dnr) :
	    NULL;
	if (notify == NULL) {
		if (dnr)
			zfree(ipc_dnrequest_zone, dnr);
		e->dnrequest = NULL;
		return KERN_SUCCESS;
	}
	dnr->name = name;
	dnr->notify = notify;
	e->dnrequest = dnr;
	ipc_port_dnrequest_add(entry_port(e), dnr);
	return KERN_SUCCESS;
}

kern_return_t
mach_port_request_notification(struct ipc_space *space, mach_port_name_t name,
    mach_msg_id_t variant, mach_port_mscount_t sync, struct ipc_port *notify,
    struct ipc_port **previousp)
{
	struct ipc_entry *e;
	kern_return_t kr;

	if (notify == IPC_PORT_DEAD)
		return KERN_INVALID_CAPABILITY;
	kr = ipc_right_lookup(space, name, &e);
	if (kr != KERN_SUCCESS)
		return kr;
	switch (variant) {
	case MACH_NOTIFY_PORT_DESTROYED:
		return mach_port_request_port_destroyed(e, sync, notify,
		    previousp);
	case MACH_NOTIFY_NO_SENDERS:
		return mach_port_request_no_senders(e, sync, notify, previousp);
	case MACH_NOTIFY_DEAD_NAME:
		return mach_port_request_dead_name(name, e, notify, previousp);
	default:
		return KERN_INVALID_VALUE;
	}
}
