/*
 * Copy-in and copy-out of single rights.  Every function first checks
 * everything that can fail, then changes the space and the port; so a
 * failure leaves both as they were.
 *
 * Lock order: the space, then the port.
 */
#include "ipc/ipc_port.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_right_copy.h"
#include "ipc/ipc_space.h"
#include "kern/panic.h"

static struct ipc_port *
entry_port(const struct ipc_entry *e)
{
	return (struct ipc_port *)e->object;
}

mach_msg_type_name_t
ipc_right_copyin_type(mach_msg_type_name_t disposition)
{
	switch (disposition) {
	case MACH_MSG_TYPE_MOVE_RECEIVE:
		return MACH_MSG_TYPE_PORT_RECEIVE;
	case MACH_MSG_TYPE_MOVE_SEND:
	case MACH_MSG_TYPE_COPY_SEND:
	case MACH_MSG_TYPE_MAKE_SEND:
		return MACH_MSG_TYPE_PORT_SEND;
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		return MACH_MSG_TYPE_PORT_SEND_ONCE;
	default:
		return 0;
	}
}

/* The entry type a disposition needs. */
static mach_port_type_t
ipc_right_copyin_needs(mach_msg_type_name_t disposition)
{
	switch (disposition) {
	case MACH_MSG_TYPE_MOVE_RECEIVE:
	case MACH_MSG_TYPE_MAKE_SEND:
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		return MACH_PORT_TYPE_RECEIVE;
	case MACH_MSG_TYPE_MOVE_SEND:
	case MACH_MSG_TYPE_COPY_SEND:
		return MACH_PORT_TYPE_SEND;
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
		return MACH_PORT_TYPE_SEND_ONCE;
	default:
		return MACH_PORT_TYPE_NONE;
	}
}

kern_return_t
ipc_right_copyin_check(struct ipc_space *space, mach_port_name_t name,
    mach_msg_type_name_t disposition, bool dead_ok)
{
	mach_port_type_t needs = ipc_right_copyin_needs(disposition);
	struct ipc_entry *e;
	kern_return_t kr;

	if (needs == MACH_PORT_TYPE_NONE)
		return KERN_INVALID_VALUE;
	kr = ipc_right_lookup(space, name, &e);
	if (kr != KERN_SUCCESS)
		return kr;
	if (e->type & needs)
		return KERN_SUCCESS;
	if (dead_ok && e->type == MACH_PORT_TYPE_DEAD_NAME &&
	    needs != MACH_PORT_TYPE_RECEIVE)
		return KERN_SUCCESS;
	return KERN_INVALID_RIGHT;
}

/* A send disposition on a dead name: the message carries MACH_PORT_DEAD. */
static void
ipc_right_copyin_dead(struct ipc_space *space, mach_port_name_t name,
    struct ipc_entry *e, mach_msg_type_name_t disposition)
{
	if (disposition != MACH_MSG_TYPE_COPY_SEND && --e->urefs == 0)
		ipc_right_entry_done(space, name, e);
}

/* MOVE_SEND: the last uref moves the entry's right (and reference). */
static void
ipc_right_copyin_move_send(struct ipc_space *space, mach_port_name_t name,
    struct ipc_entry *e, struct ipc_port *port)
{
	if (e->urefs > 1) {
		e->urefs--;
		ipc_port_copy_send(port);
	} else if (e->type & MACH_PORT_TYPE_RECEIVE) {
		e->type &= ~MACH_PORT_TYPE_SEND;
		e->urefs = 0;
		ipc_port_reference(port);
	} else {
		ipc_hash_remove(space, &port->obj, name);
		ipc_right_entry_done(space, name, e);
	}
}

/* MOVE_RECEIVE: the port goes in transit; send rights stay with the name. */
static void
ipc_right_copyin_move_receive(struct ipc_space *space, mach_port_name_t name,
    struct ipc_entry *e, struct ipc_port *port)
{
	if (e->type & MACH_PORT_TYPE_SEND) {
		e->type &= ~MACH_PORT_TYPE_RECEIVE;
		ipc_port_reference(port);
	} else {
		ipc_hash_remove(space, &port->obj, name);
		ipc_right_entry_done(space, name, e);
	}
	ipc_port_clear_receiver(port);
}

kern_return_t
ipc_right_copyin(struct ipc_space *space, mach_port_name_t name,
    mach_msg_type_name_t disposition, struct ipc_port **portp)
{
	kern_return_t kr = ipc_right_copyin_check(space, name, disposition,
	    true);
	struct ipc_entry *e;
	struct ipc_port *port;

	if (kr != KERN_SUCCESS)
		return kr;
	e = ipc_entry_lookup(space, name);
	if (e->type == MACH_PORT_TYPE_DEAD_NAME) {
		ipc_right_copyin_dead(space, name, e, disposition);
		*portp = IPC_PORT_DEAD;
		return KERN_SUCCESS;
	}
	port = entry_port(e);
	switch (disposition) {
	case MACH_MSG_TYPE_MAKE_SEND:
		ipc_port_make_send(port);
		break;
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		ipc_port_make_send_once(port);
		break;
	case MACH_MSG_TYPE_COPY_SEND:
		ipc_port_copy_send(port);
		break;
	case MACH_MSG_TYPE_MOVE_SEND:
		ipc_right_copyin_move_send(space, name, e, port);
		break;
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
		ipc_right_entry_done(space, name, e);
		break;
	case MACH_MSG_TYPE_MOVE_RECEIVE:
		ipc_right_copyin_move_receive(space, name, e, port);
		break;
	}
	*portp = port;
	return KERN_SUCCESS;
}

/*
 * Can entry e (NONE for a fresh name) take a right of type msgt_name to
 * port?  The name must be fresh, or already this port's send/receive
 * name; send-once rights always get fresh names.
 */
static kern_return_t
ipc_right_install_check(const struct ipc_entry *e, struct ipc_port *port,
    mach_msg_type_name_t msgt_name)
{
	if (e->type == MACH_PORT_TYPE_NONE)
		return KERN_SUCCESS;
	if (msgt_name == MACH_MSG_TYPE_PORT_SEND_ONCE ||
	    e->object != &port->obj)
		return KERN_NAME_EXISTS;
	if (msgt_name == MACH_MSG_TYPE_PORT_RECEIVE)
		return (e->type & MACH_PORT_TYPE_RECEIVE) ?
		    KERN_RIGHT_EXISTS : KERN_SUCCESS;
	if ((e->type & MACH_PORT_TYPE_SEND) && e->urefs >= IPC_UREFS_MAX)
		return KERN_UREFS_OVERFLOW;
	return KERN_SUCCESS;
}

/*
 * Put the right into entry e (checked by ipc_right_install_check).
 * Merging into an existing entry drops the right's reference, since the
 * entry holds one already, and two send rights become one (srights - 1).
 */
static void
ipc_right_install(struct ipc_space *space, mach_port_name_t name,
    struct ipc_entry *e, struct ipc_port *port, mach_msg_type_name_t msgt_name)
{
	bool fresh = e->type == MACH_PORT_TYPE_NONE;

	if (fresh) {
		e->object = &port->obj;
		if (msgt_name != MACH_MSG_TYPE_PORT_SEND_ONCE)
			ipc_hash_insert(space, &port->obj, name);
	}
	switch (msgt_name) {
	case MACH_MSG_TYPE_PORT_SEND_ONCE:
		e->type = MACH_PORT_TYPE_SEND_ONCE;
		e->urefs = 1;
		break;
	case MACH_MSG_TYPE_PORT_SEND:
		if (e->type & MACH_PORT_TYPE_SEND)
			port->srights--;
		e->type |= MACH_PORT_TYPE_SEND;
		e->urefs++;
		break;
	case MACH_MSG_TYPE_PORT_RECEIVE:
		e->type |= MACH_PORT_TYPE_RECEIVE;
		ipc_port_set_receiver(port, space, name);
		break;
	}
	if (!fresh)
		ipc_port_release(port);
}

/* A right to a dead port is released; the receiver sees MACH_PORT_DEAD. */
static bool
ipc_right_copyout_dead(struct ipc_port *port, mach_msg_type_name_t msgt_name)
{
	if (port == IPC_PORT_DEAD)
		return true;
	if (ipc_port_active(port))
		return false;
	assert(msgt_name != MACH_MSG_TYPE_PORT_RECEIVE);
	ipc_port_release_dest(port, msgt_name);
	return true;
}

kern_return_t
ipc_right_copyout(struct ipc_space *space, struct ipc_port *port,
    mach_msg_type_name_t msgt_name, mach_port_name_t *namep)
{
	mach_port_name_t name = MACH_PORT_NULL;
	struct ipc_entry *e;
	kern_return_t kr;

	if (!space->active)
		return KERN_INVALID_TASK;
	if (port == NULL) {
		*namep = MACH_PORT_NULL;
		return KERN_SUCCESS;
	}
	if (ipc_right_copyout_dead(port, msgt_name)) {
		*namep = MACH_PORT_DEAD;
		return KERN_SUCCESS;
	}
	if (msgt_name != MACH_MSG_TYPE_PORT_SEND_ONCE)
		name = ipc_hash_lookup(space, &port->obj);
	if (name != MACH_PORT_NULL) {
		e = ipc_entry_lookup(space, name);
		kr = ipc_right_install_check(e, port, msgt_name);
	} else {
		kr = ipc_entry_alloc(space, &name, &e);
	}
	if (kr != KERN_SUCCESS)
		return kr;
	ipc_right_install(space, name, e, port, msgt_name);
	*namep = name;
	return KERN_SUCCESS;
}

kern_return_t
ipc_right_copyout_name(struct ipc_space *space, struct ipc_port *port,
    mach_msg_type_name_t msgt_name, mach_port_name_t name)
{
	mach_port_name_t existing = MACH_PORT_NULL;
	struct ipc_entry *e;
	kern_return_t kr;

	if (!space->active)
		return KERN_INVALID_TASK;
	if (!IPC_PORT_VALID(port) || !ipc_port_active(port))
		return KERN_INVALID_CAPABILITY;
	if (msgt_name != MACH_MSG_TYPE_PORT_SEND_ONCE)
		existing = ipc_hash_lookup(space, &port->obj);
	if (existing != MACH_PORT_NULL && existing != name)
		return KERN_RIGHT_EXISTS;
	kr = ipc_entry_alloc_name(space, name, &e);
	if (kr == KERN_NAME_EXISTS && e != NULL && existing == name)
		kr = ipc_right_install_check(e, port, msgt_name);
	if (kr != KERN_SUCCESS)
		return kr;
	ipc_right_install(space, name, e, port, msgt_name);
	return KERN_SUCCESS;
}
