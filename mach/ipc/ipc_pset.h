/*
 * Port sets: a receive point for many ports.  A receive on a set takes
 * the oldest message of the first member port that has one.
 *
 * A port is in at most one set, and only in a set of the space that holds
 * its receive right: moving the receive right away takes it out
 * (ipc_port_clear_receiver).  Members are not counted references: a port
 * leaves its set when it dies or moves, and a set empties itself when it
 * is destroyed.  The space entry naming the set holds its one reference.
 *
 * Lock order: after the member port (port, then set).  Protected by the
 * set's lock: members and each member's pset/pset_link.
 */
#ifndef IPC_IPC_PSET_H
#define IPC_IPC_PSET_H

#include "ipc/ipc_object.h"
#include "kern/dlist.h"
#include "kern/types.h"
#include "kern/waitq.h"

struct ipc_port;

struct ipc_pset {
	struct ipc_object obj;
	dlist_head_t members;		/* struct ipc_port.pset_link */
	unsigned member_count;
	struct waitq receivers;		/* threads receiving on the set */
};

/* A new active set with one reference.  NULL on shortage. */
struct ipc_pset *ipc_pset_alloc(void);

void ipc_pset_reference(struct ipc_pset *pset);
void ipc_pset_release(struct ipc_pset *pset);

/* Add a port that is in no set. */
void ipc_pset_add(struct ipc_pset *pset, struct ipc_port *port);

/* Take a port out of its set (it must be in one). */
void ipc_pset_remove(struct ipc_port *port);

/* Empty the set and deactivate it; consumes the caller's reference. */
void ipc_pset_destroy(struct ipc_pset *pset);

/* The first member port with a queued message, or NULL. */
struct ipc_port *ipc_pset_first_ready(struct ipc_pset *pset);

#endif
