/*
 * Ports: allocation, references, the counts of rights, and death.
 *
 * Lock order: see ipc_port.h.  Functions here expect the port lock held
 * unless they say otherwise; notifications they generate are queued on
 * other ports, never copied out, so a port's death never reaches into a
 * space.
 */
#include "ipc/ipc_dnrequest.h"
#include "ipc/ipc_init.h"
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_notify.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_pset.h"
#include "kern/panic.h"
#include "kern/string.h"
#include "kern/zalloc.h"

/* Ports allocated and not freed (protected by the port zone's lock). */
static unsigned ipc_ports_alive;

struct ipc_port *
ipc_port_alloc(void)
{
	struct ipc_port *port;

	ipc_bootstrap();
	port = zalloc(ipc_port_zone);
	if (!port)
		return NULL;
	memset(port, 0, sizeof(*port));
	port->obj.kind = IOT_PORT;
	port->obj.active = true;
	port->obj.refs = 1;
	dlist_init(&port->pset_link);
	dlist_init(&port->dnrequests);
	ipc_mqueue_init(&port->mqueue);
	port->qlimit = MACH_PORT_QLIMIT_DEFAULT;
	ipc_ports_alive++;
	return port;
}

void
ipc_port_reference(struct ipc_port *port)
{
	assert(port->obj.refs > 0);
	port->obj.refs++;
}

/*
 * The last reference frees the port.  An active port always has a
 * reference from its receive right, so only dead ports get here.
 */
void
ipc_port_release(struct ipc_port *port)
{
	assert(port->obj.refs > 0);
	if (--port->obj.refs > 0)
		return;
	assert(!ipc_port_active(port));
	assert(port->mqueue.count == 0 && port->destination == NULL);
	assert(port->nsrequest == NULL && port->pdrequest == NULL);
	assert(dlist_empty(&port->dnrequests));
	zfree(ipc_port_zone, port);
	ipc_ports_alive--;
}

unsigned
ipc_port_count(void)
{
	return ipc_ports_alive;
}

void
ipc_port_set_receiver(struct ipc_port *port, struct ipc_space *space,
    mach_port_name_t name)
{
	assert(port->receiver == NULL);
	if (port->destination) {
		ipc_port_release(port->destination);
		port->destination = NULL;
	}
	port->receiver = space;
	port->receiver_name = name;
}

/*
 * The receive right leaves its space (into a message, or to be
 * destroyed).  As in Mach, the new holder starts with a fresh make-send
 * count and sequence number, and the port leaves its port set, which
 * belongs to the old holder's space.
 */
void
ipc_port_clear_receiver(struct ipc_port *port)
{
	if (port->pset)
		ipc_pset_remove(port);
	port->receiver = NULL;
	port->receiver_name = MACH_PORT_NULL;
	port->mscount = 0;
	port->seqno = 0;
	/* Threads receiving under the old name find it gone. */
	waitq_wakeup_all(&port->mqueue.receivers, WAIT_AWAKENED);
}

struct ipc_port *
ipc_port_make_send(struct ipc_port *port)
{
	assert(ipc_port_active(port));
	port->mscount++;
	port->srights++;
	port->obj.refs++;
	return port;
}

struct ipc_port *
ipc_port_copy_send(struct ipc_port *port)
{
	if (!ipc_port_active(port))
		return IPC_PORT_DEAD;
	port->srights++;
	port->obj.refs++;
	return port;
}

struct ipc_port *
ipc_port_make_send_once(struct ipc_port *port)
{
	assert(ipc_port_active(port));
	port->sorights++;
	port->obj.refs++;
	return port;
}

/*
 * No-senders fires when the last send right goes, if requested, while
 * the port lives and once mscount has reached the request's sync value
 * (so that a send right made after the receiver last looked is counted).
 */
void
ipc_port_release_send(struct ipc_port *port)
{
	struct ipc_port *notify = NULL;

	assert(port->srights > 0);
	port->srights--;
	if (port->srights == 0 && ipc_port_active(port) &&
	    port->nsrequest != NULL && port->mscount >= port->nssync) {
		notify = port->nsrequest;
		port->nsrequest = NULL;
	}
	if (notify)
		ipc_notify_no_senders(notify, port->mscount);
	ipc_port_release(port);
}

void
ipc_port_release_sonce(struct ipc_port *port)
{
	assert(port->sorights > 0);
	port->sorights--;
	ipc_port_release(port);
}

void
ipc_port_release_right(struct ipc_port *port, mach_msg_type_name_t msgt_name)
{
	if (!IPC_PORT_VALID(port))
		return;
	switch (msgt_name) {
	case MACH_MSG_TYPE_PORT_SEND:
		ipc_port_release_send(port);
		break;
	case MACH_MSG_TYPE_PORT_SEND_ONCE:
		ipc_notify_send_once(port);
		break;
	case MACH_MSG_TYPE_PORT_RECEIVE:
		ipc_port_destroy(port);
		break;
	default:
		panic("ipc_port_release_right: type %u", msgt_name);
	}
}

void
ipc_port_release_dest(struct ipc_port *port, mach_msg_type_name_t msgt_name)
{
	if (!IPC_PORT_VALID(port))
		return;
	if (msgt_name == MACH_MSG_TYPE_PORT_SEND_ONCE)
		ipc_port_release_sonce(port);
	else
		ipc_port_release_right(port, msgt_name);
}

void
ipc_port_dnrequest_add(struct ipc_port *port, struct ipc_dnrequest *dnr)
{
	assert(ipc_port_active(port) && dnr->notify != NULL);
	dlist_push_tail(&port->dnrequests, &dnr->link);
}

struct ipc_port *
ipc_port_dnrequest_cancel(struct ipc_dnrequest *dnr)
{
	struct ipc_port *notify = dnr->notify;

	dlist_remove(&dnr->link);
	dnr->notify = NULL;
	return notify;
}

/* Fire every pending dead-name request; the entries free the structs. */
static void
ipc_port_fire_dnrequests(struct ipc_port *port)
{
	struct dlist_node *n;

	while ((n = dlist_pop_head(&port->dnrequests)) != NULL) {
		struct ipc_dnrequest *dnr =
		    dlist_entry(n, struct ipc_dnrequest, link);
		struct ipc_port *notify = dnr->notify;

		dnr->notify = NULL;
		ipc_notify_dead_name(notify, dnr->name);
	}
}

/* The port dies: nothing can reach it any more but dead names. */
static void
ipc_port_kill(struct ipc_port *port)
{
	struct ipc_port *ns = port->nsrequest;
	struct ipc_port *pd = port->pdrequest;

	port->obj.active = false;
	port->nsrequest = NULL;
	port->pdrequest = NULL;
	if (port->destination) {
		ipc_port_release(port->destination);
		port->destination = NULL;
	}
	ipc_port_fire_dnrequests(port);
	/* Unused request rights: their holders learn via send-once. */
	ipc_port_release_right(ns, MACH_MSG_TYPE_PORT_SEND_ONCE);
	ipc_port_release_right(pd, MACH_MSG_TYPE_PORT_SEND_ONCE);
	ipc_mqueue_flush(port);
	ipc_mqueue_wake_all(port);
	ipc_port_release(port);
}

void
ipc_port_destroy(struct ipc_port *port)
{
	struct ipc_port *pd = port->pdrequest;

	assert(ipc_port_active(port));
	if (port->receiver)
		ipc_port_clear_receiver(port);
	/*
	 * A port-destroyed request hands the receive right over instead,
	 * unless the request would queue the port inside itself, which
	 * would lose it for good.
	 */
	if (pd != NULL && !ipc_port_check_circularity(port, pd)) {
		port->pdrequest = NULL;
		ipc_notify_port_destroyed(pd, port);
		return;
	}
	ipc_port_kill(port);
}

/*
 * Follow dest's chain of in-transit ports: each is queued (inside a
 * message) on its destination.  If the chain reaches port, sending
 * port's receive right to dest would close a loop that no space could
 * ever receive from.  The chain ends at a port with a receiver, a dead
 * port, or after a bounded number of hops (treated as a cycle, so that
 * a hostile chain cannot make the kernel walk for long).
 */
bool
ipc_port_check_circularity(struct ipc_port *port, struct ipc_port *dest)
{
	unsigned hops = 0;

	for (struct ipc_port *p = dest; IPC_PORT_VALID(p); p = p->destination) {
		if (p == port || ++hops > 1024)
			return true;
		if (!ipc_port_active(p) || p->receiver != NULL)
			return false;
	}
	return false;
}
