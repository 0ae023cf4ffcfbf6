/*
 * Dead-name requests: "tell me, through this send-once right, when the
 * port my name denotes dies".
 *
 * A request is owned by the requesting entry (entry->dnrequest), which
 * frees it, and is linked on the port's list while it is pending.  When
 * the port dies, ipc_port_destroy fires each pending request (a dead-name
 * notification carrying the name) and unlinks it, leaving notify NULL:
 * the port never reaches into the space, which would break the lock
 * order.  When the name is deleted while the request is pending, it is
 * cancelled and fires a port-deleted notification instead.  Either way
 * the send-once right is used exactly once.
 *
 * Protected by the port's lock (link, notify) and the space's lock (the
 * entry's pointer).
 */
#ifndef IPC_IPC_DNREQUEST_H
#define IPC_IPC_DNREQUEST_H

#include <mach/port.h>
#include "kern/dlist.h"

struct ipc_port;

struct ipc_dnrequest {
	struct dlist_node link;		/* on port->dnrequests */
	mach_port_name_t name;		/* the requester's name for the port */
	struct ipc_port *notify;	/* send-once right; NULL once used */
};

#endif
