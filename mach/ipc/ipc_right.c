/*
 * Rights: transitions of a name's rights, and copy-in / copy-out between
 * a space and the kernel form.  The table of what each entry type means
 * is in ipc_entry.h; the accounting of kernel-form rights in ipc_right.h.
 *
 * Lock order: the space, then the port (ipc_port.h).  Notifications sent
 * from here are queued on other ports; nothing here allocates a name
 * while holding an entry pointer across it.
 */
#include "ipc/ipc_dnrequest.h"
#include "ipc/ipc_init.h"
#include "ipc/ipc_notify.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_pset.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_space.h"
#include "kern/panic.h"
#include "kern/zalloc.h"

static struct ipc_port *
entry_port(const struct ipc_entry *e)
{
	return (struct ipc_port *)e->object;
}

/* Send-once or send without receive: rights that can outlive the port. */
static bool
ipc_right_may_die(const struct ipc_entry *e)
{
	return (e->type & MACH_PORT_TYPE_SEND_RIGHTS) != 0 &&
	    (e->type & MACH_PORT_TYPE_RECEIVE) == 0;
}

/*
 * Free a request the dead port already fired (the entry's side of port
 * death).  As in Mach, the dead-name notification carries a user
 * reference to the name, which its receiver deallocates: the dead name
 * gets one more uref.
 */
static void
ipc_right_drop_fired_request(struct ipc_entry *e)
{
	if (e->dnrequest) {
		assert(e->dnrequest->notify == NULL);
		zfree(ipc_dnrequest_zone, e->dnrequest);
		e->dnrequest = NULL;
		if (e->urefs < IPC_UREFS_MAX)
			e->urefs++;
	}
}

/*
 * The lazy half of port death: a send or send-once right to a dead port
 * becomes a dead name with as many urefs (one for a send-once right).
 */
static void
ipc_right_check(struct ipc_space *space, mach_port_name_t name,
    struct ipc_entry *e)
{
	struct ipc_port *port = entry_port(e);

	if (!ipc_right_may_die(e) || ipc_port_active(port))
		return;
	if (e->type & MACH_PORT_TYPE_SEND) {
		ipc_hash_remove(space, &port->obj, name);
		ipc_port_release_send(port);	/* dead: no notification */
	} else {
		e->urefs = 1;
		ipc_port_release_sonce(port);
	}
	ipc_right_drop_fired_request(e);
	e->object = NULL;
	e->type = MACH_PORT_TYPE_DEAD_NAME;
}

kern_return_t
ipc_right_lookup(struct ipc_space *space, mach_port_name_t name,
    struct ipc_entry **entryp)
{
	struct ipc_entry *e;

	if (!space->active)
		return KERN_INVALID_TASK;
	e = ipc_entry_lookup(space, name);
	if (!e)
		return KERN_INVALID_NAME;
	ipc_right_check(space, name, e);
	*entryp = e;
	return KERN_SUCCESS;
}

/*
 * The name holds no right any more: a pending dead-name request turns
 * into a port-deleted notification, and the name is freed.
 */
void
ipc_right_entry_done(struct ipc_space *space, mach_port_name_t name,
    struct ipc_entry *e)
{
	struct ipc_dnrequest *dnr = e->dnrequest;

	e->type = MACH_PORT_TYPE_NONE;
	e->object = NULL;
	e->urefs = 0;
	e->dnrequest = NULL;
	ipc_entry_free(space, name);
	if (dnr) {
		if (dnr->notify)
			ipc_notify_port_deleted(ipc_port_dnrequest_cancel(dnr),
			    name);
		zfree(ipc_dnrequest_zone, dnr);
	}
}

/* Drop the send right of entry e (its last uref is gone). */
static void
ipc_right_drop_send(struct ipc_space *space, mach_port_name_t name,
    struct ipc_entry *e)
{
	struct ipc_port *port = entry_port(e);

	if (e->type & MACH_PORT_TYPE_RECEIVE) {
		/* The entry keeps its reference for the receive right. */
		e->type &= ~MACH_PORT_TYPE_SEND;
		e->urefs = 0;
		ipc_port_reference(port);
	} else {
		ipc_hash_remove(space, &port->obj, name);
		ipc_right_entry_done(space, name, e);
	}
	ipc_port_release_send(port);
}

kern_return_t
ipc_right_dealloc(struct ipc_space *space, mach_port_name_t name,
    struct ipc_entry *e)
{
	struct ipc_port *port = entry_port(e);

	if (e->type == MACH_PORT_TYPE_DEAD_NAME) {
		if (--e->urefs == 0)
			ipc_right_entry_done(space, name, e);
	} else if (e->type == MACH_PORT_TYPE_SEND_ONCE) {
		ipc_right_entry_done(space, name, e);
		ipc_notify_send_once(port);
	} else if (e->type & MACH_PORT_TYPE_SEND) {
		if (--e->urefs == 0)
			ipc_right_drop_send(space, name, e);
	} else {
		return KERN_INVALID_RIGHT;
	}
	return KERN_SUCCESS;
}

/*
 * Destroy the receive right of entry e.  If the name also holds send
 * rights they stay (on a port a port-destroyed request kept alive) or
 * turn into a dead name, and a dead-name request on the name fires.
 */
static void
ipc_right_destroy_receive(struct ipc_space *space, mach_port_name_t name,
    struct ipc_entry *e)
{
	struct ipc_port *port = entry_port(e);

	e->type &= ~MACH_PORT_TYPE_RECEIVE;
	if (e->type & MACH_PORT_TYPE_SEND) {
		ipc_port_reference(port);	/* the entry keeps one */
	} else {
		ipc_hash_remove(space, &port->obj, name);
		ipc_right_entry_done(space, name, e);
	}
	ipc_port_destroy(port);
	if (e->type & MACH_PORT_TYPE_SEND)
		ipc_right_check(space, name, e);
}

void
ipc_right_destroy(struct ipc_space *space, mach_port_name_t name,
    struct ipc_entry *e)
{
	ipc_right_check(space, name, e);
	if (e->type & MACH_PORT_TYPE_SEND_RECEIVE) {
		/* The receive right first, so no-senders does not fire. */
		if (e->type & MACH_PORT_TYPE_RECEIVE)
			ipc_right_destroy_receive(space, name, e);
		if (e->type & MACH_PORT_TYPE_SEND)
			ipc_right_drop_send(space, name, e);
		else if (e->type == MACH_PORT_TYPE_DEAD_NAME)
			ipc_right_destroy(space, name, e);
	} else if (e->type == MACH_PORT_TYPE_PORT_SET) {
		struct ipc_pset *pset = (struct ipc_pset *)e->object;
		ipc_hash_remove(space, e->object, name);
		ipc_right_entry_done(space, name, e);
		ipc_pset_destroy(pset);
	} else if (e->type == MACH_PORT_TYPE_SEND_ONCE) {
		ipc_right_dealloc(space, name, e);
	} else {
		assert(e->type == MACH_PORT_TYPE_DEAD_NAME);
		e->urefs = 0;
		ipc_right_entry_done(space, name, e);
	}
}

void
ipc_right_terminate(struct ipc_space *space, mach_port_name_t name,
    struct ipc_entry *e)
{
	ipc_right_destroy(space, name, e);
}

/* Add delta to a uref count, within [0, IPC_UREFS_MAX]. */
static kern_return_t
ipc_right_urefs_delta(uint32_t urefs, mach_port_delta_t delta, uint32_t *out)
{
	int64_t n = (int64_t)urefs + delta;

	if (n < 0)
		return KERN_INVALID_VALUE;
	if (n > IPC_UREFS_MAX)
		return KERN_UREFS_OVERFLOW;
	*out = (uint32_t)n;
	return KERN_SUCCESS;
}

/* mod_refs on send or dead-name urefs (the kinds that have counts). */
static kern_return_t
ipc_right_delta_urefs(struct ipc_space *space, mach_port_name_t name,
    struct ipc_entry *e, mach_port_delta_t delta)
{
	uint32_t n;
	kern_return_t kr = ipc_right_urefs_delta(e->urefs, delta, &n);

	if (kr != KERN_SUCCESS)
		return kr;
	e->urefs = n;
	if (n == 0) {
		if (e->type == MACH_PORT_TYPE_DEAD_NAME)
			ipc_right_entry_done(space, name, e);
		else
			ipc_right_drop_send(space, name, e);
	}
	return KERN_SUCCESS;
}

/* mod_refs on the rights that are one or none: receive, set, send-once. */
static kern_return_t
ipc_right_delta_single(struct ipc_space *space, mach_port_name_t name,
    struct ipc_entry *e, mach_port_type_t type, mach_port_delta_t delta)
{
	if (!(e->type & type))
		return KERN_INVALID_RIGHT;
	if (delta == 0)
		return KERN_SUCCESS;
	if (delta != -1)
		return KERN_INVALID_VALUE;
	if (type == MACH_PORT_TYPE_RECEIVE)
		ipc_right_destroy_receive(space, name, e);
	else
		ipc_right_destroy(space, name, e);
	return KERN_SUCCESS;
}

/*
 * As in Mach, SEND and DEAD_NAME are interchangeable here once the port
 * has died: a task cannot know when its send right turns into a dead name.
 */
kern_return_t
ipc_right_delta(struct ipc_space *space, mach_port_name_t name,
    struct ipc_entry *e, mach_port_right_t right, mach_port_delta_t delta)
{
	switch (right) {
	case MACH_PORT_RIGHT_RECEIVE:
		return ipc_right_delta_single(space, name, e,
		    MACH_PORT_TYPE_RECEIVE, delta);
	case MACH_PORT_RIGHT_PORT_SET:
		return ipc_right_delta_single(space, name, e,
		    MACH_PORT_TYPE_PORT_SET, delta);
	case MACH_PORT_RIGHT_SEND_ONCE:
		return ipc_right_delta_single(space, name, e,
		    MACH_PORT_TYPE_SEND_ONCE, delta);
	case MACH_PORT_RIGHT_SEND:
		if (e->type & (MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_DEAD_NAME))
			return ipc_right_delta_urefs(space, name, e, delta);
		return KERN_INVALID_RIGHT;
	case MACH_PORT_RIGHT_DEAD_NAME:
		if (e->type == MACH_PORT_TYPE_DEAD_NAME)
			return ipc_right_delta_urefs(space, name, e, delta);
		return KERN_INVALID_RIGHT;
	default:
		return KERN_INVALID_VALUE;
	}
}

mach_port_urefs_t
ipc_right_refs(const struct ipc_entry *e, mach_port_right_t right)
{
	switch (right) {
	case MACH_PORT_RIGHT_SEND:
		return (e->type & MACH_PORT_TYPE_SEND) ? e->urefs : 0;
	case MACH_PORT_RIGHT_DEAD_NAME:
		return (e->type & MACH_PORT_TYPE_DEAD_NAME) ? e->urefs : 0;
	case MACH_PORT_RIGHT_RECEIVE:
		return (e->type & MACH_PORT_TYPE_RECEIVE) ? 1 : 0;
	case MACH_PORT_RIGHT_SEND_ONCE:
		return (e->type & MACH_PORT_TYPE_SEND_ONCE) ? 1 : 0;
	case MACH_PORT_RIGHT_PORT_SET:
		return (e->type & MACH_PORT_TYPE_PORT_SET) ? 1 : 0;
	default:
		return 0;
	}
}
