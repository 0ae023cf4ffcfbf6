/*
 * The table of a server's objects, keyed by the name of the port that
 * stands for each (the receive right's name in the server's space).
 *
 * Open addressing with linear probing: a lookup is one hash and a short
 * probe, O(1) on average.  The table doubles when it would become more
 * than half full, so probes stay short, and never holds more than the
 * bound given at init: an insert past it fails with
 * KERN_RESOURCE_SHORTAGE (the caller refuses the request that wanted a
 * new object), never grows without limit.  Removal shifts later entries
 * back, so there are no tombstones and lookups never slow down with use.
 *
 * Not thread-safe: a server's objects belong to its receive loop.
 */
#ifndef SERVERS_LIB_SRV_OBJTAB_H
#define SERVERS_LIB_SRV_OBJTAB_H

#include <stdint.h>
#include <mach/kern_return.h>
#include <mach/port.h>

struct srv_object;

struct srv_object_ops {
	/*
	 * The last send right to the object's port went away.  The
	 * library has already removed the object from the table and
	 * destroyed the port; the callback releases the object.
	 */
	void (*no_senders)(struct srv_object *obj);
};

/* Embedded in each server object; the table points at it. */
struct srv_object {
	mach_port_name_t port;
	const struct srv_object_ops *ops;
};

#define SRV_OBJTAB_MIN		16		/* first capacity (a power of two) */
#define SRV_OBJTAB_LIMIT	(1u << 20)	/* largest bound init accepts */

struct srv_objtab {
	struct srv_object **slots;	/* cap entries, NULL when free */
	uint32_t cap;			/* a power of two */
	uint32_t count;
	uint32_t max;			/* the bound on count */
};

/* max: how many objects the table may ever hold (1..SRV_OBJTAB_LIMIT). */
kern_return_t srv_objtab_init(struct srv_objtab *t, uint32_t max);
void srv_objtab_fini(struct srv_objtab *t);

/* KERN_NAME_EXISTS if the port is taken, KERN_RESOURCE_SHORTAGE at the bound. */
kern_return_t srv_objtab_insert(struct srv_objtab *t, struct srv_object *obj);
struct srv_object *srv_objtab_lookup(const struct srv_objtab *t, mach_port_name_t port);
/* The object removed, or NULL if none had that port. */
struct srv_object *srv_objtab_remove(struct srv_objtab *t, mach_port_name_t port);

#endif /* SERVERS_LIB_SRV_OBJTAB_H */
