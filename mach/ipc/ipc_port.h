/*
 * Ports: a kernel message queue and the bookkeeping of the rights that
 * reach it.
 *
 * References (obj.refs) are held by: each space entry naming the port
 * (one per entry, whatever its urefs); each right in kernel form — in a
 * message, or kept by the kernel as a notification request; a port in
 * transit's `destination`; and callers holding a pointer for a while.
 *
 * A port is active from allocation until its receive right is destroyed
 * (ipc_port_destroy); a dead port stays in memory until the last
 * reference goes, and every right to it turns into a dead name.
 *
 * The receive right lives either in a space (receiver, receiver_name) or
 * in transit inside a message (receiver == NULL, destination = the port
 * that message is queued on, so that ipc_port_check_circularity can
 * refuse to lose a port inside a cycle of messages).
 *
 * Lock order: space, then port; two ports in address order; then the
 * port set it belongs to; the scheduler lock last.  Protected by the port
 * lock: every field.
 */
#ifndef IPC_IPC_PORT_H
#define IPC_IPC_PORT_H

#include <mach/message.h>
#include <mach/port.h>
#include "ipc/ipc_mqueue.h"
#include "ipc/ipc_object.h"
#include "kern/dlist.h"
#include "kern/types.h"

struct ipc_dnrequest;
struct ipc_pset;
struct ipc_space;

/* The kernel form of MACH_PORT_DEAD in messages: a right to a dead port. */
#define IPC_PORT_DEAD		((struct ipc_port *)~(uintptr_t)0)
#define IPC_PORT_VALID(p)	((p) != NULL && (p) != IPC_PORT_DEAD)

struct ipc_port {
	struct ipc_object obj;

	/* The receive right. */
	struct ipc_space *receiver;	/* not counted; NULL in transit/dead */
	mach_port_name_t receiver_name;
	struct ipc_port *destination;	/* counted; only while in transit */
	struct ipc_pset *pset;		/* not counted; NULL if in no set */
	struct dlist_node pset_link;	/* on pset->members */

	/* Messages. */
	struct ipc_mqueue mqueue;
	mach_port_seqno_t seqno;	/* given to the next message received */
	mach_port_msgcount_t qlimit;

	/* Rights outstanding, in spaces and in transit. */
	uint32_t srights;
	uint32_t sorights;
	mach_port_mscount_t mscount;	/* send rights ever made */

	/* Notification requests, each a counted send-once right. */
	struct ipc_port *nsrequest;	/* no-senders */
	mach_port_mscount_t nssync;	/* fire only when mscount >= nssync */
	struct ipc_port *pdrequest;	/* port-destroyed */
	dlist_head_t dnrequests;	/* struct ipc_dnrequest.link */

	/*
	 * A kernel object's port (ipc_kobject.h): messages sent to it are
	 * served by the kernel, and its receive right is held by the kernel
	 * (receiver NULL, not in transit).  kotype is IKOT_NONE for ports
	 * of user tasks and once the object is gone; kobject is not counted.
	 */
	uint16_t kotype;		/* enum ipc_kobject_type */
	void *kobject;
};

/* A new active port with no receiver, one reference (the caller's). */
struct ipc_port *ipc_port_alloc(void);

void ipc_port_reference(struct ipc_port *port);
void ipc_port_release(struct ipc_port *port);

static inline bool
ipc_port_active(const struct ipc_port *port)
{
	return port->obj.active;
}

/* The receive right lands in / leaves a space (leaving also leaves the set). */
void ipc_port_set_receiver(struct ipc_port *port, struct ipc_space *space,
    mach_port_name_t name);
void ipc_port_clear_receiver(struct ipc_port *port);

/*
 * Kernel-form rights.  make_send needs an active port; copy_send of a
 * dead port gives IPC_PORT_DEAD (and takes nothing).
 */
struct ipc_port *ipc_port_make_send(struct ipc_port *port);
struct ipc_port *ipc_port_copy_send(struct ipc_port *port);
struct ipc_port *ipc_port_make_send_once(struct ipc_port *port);

/* Release a send right (may fire no-senders). */
void ipc_port_release_send(struct ipc_port *port);
/* A send-once right was used up by its message: no notification. */
void ipc_port_release_sonce(struct ipc_port *port);

/*
 * Throw away a right in kernel form of type msgt_name (PORT_SEND,
 * PORT_SEND_ONCE, PORT_RECEIVE): a send-once right fires a send-once
 * notification, a receive right destroys the port.  NULL and
 * IPC_PORT_DEAD are ignored.
 */
void ipc_port_release_right(struct ipc_port *port,
    mach_msg_type_name_t msgt_name);
/* The same for a message's destination right: its use was the message. */
void ipc_port_release_dest(struct ipc_port *port,
    mach_msg_type_name_t msgt_name);

/*
 * Destroy a receive right held in kernel form (consumes it and its
 * reference).  With a port-destroyed request the right goes to the
 * requester instead and the port lives on; otherwise the port dies: it
 * leaves its set, its queue is flushed, dead-name requests fire, the
 * no-senders request's right is released.
 */
void ipc_port_destroy(struct ipc_port *port);

/* Dead-name requests (see ipc_dnrequest.h). */
void ipc_port_dnrequest_add(struct ipc_port *port, struct ipc_dnrequest *dnr);
/* Unlink a pending request; returns its send-once right for the caller. */
struct ipc_port *ipc_port_dnrequest_cancel(struct ipc_dnrequest *dnr);

/*
 * Would putting port's receive right in a message to dest make a cycle
 * (port is dest, or dest is in transit towards port)?
 */
bool ipc_port_check_circularity(struct ipc_port *port, struct ipc_port *dest);

/* For leak tests: ports allocated and not yet freed. */
unsigned ipc_port_count(void);

#endif
