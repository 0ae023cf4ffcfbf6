/*
 * The bootstrap name service's core: names -> service send rights, and
 * lookups waiting for a name to appear.  No IPC here: the server's
 * interface file (name_ipc.c, once IPC runs) turns name.defs requests
 * into these calls, and the table talks back through ns_ops.
 *
 * Rules (name.defs states them for clients):
 *  - a name is 1..NAME_LEN_MAX-1 bytes of printable ASCII, no space;
 *  - register fails KERN_NAME_EXISTS if taken, unless NAME_REGISTER_REPLACE
 *    and the caller is the registrant (same security token) or uid 0;
 *    the replaced right is released;
 *  - unregister: the registrant or uid 0, else KERN_NO_ACCESS;
 *  - a service port that dies (ns_port_dead, from a dead-name
 *    notification) takes every name it was registered under with it;
 *  - lookup of a missing name waits up to wait_ms (<= NAME_LOOKUP_WAIT_MAX)
 *    as a pending waiter, answered (in the order they came) when the name
 *    is registered, or D_TIMED_OUT by ns_expire once its deadline passed.
 * Bounds: NS_NAMES_MAX names, NS_WAITERS_MAX waiters; past them,
 * KERN_RESOURCE_SHORTAGE.  Time is in ms from any fixed origin.
 */
#ifndef SERVERS_BOOTSTRAP_NAME_TABLE_H
#define SERVERS_BOOTSTRAP_NAME_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include <mach/message.h>
#include <mach/mig_errors.h>

#include "servers_bounds.h"

#define NS_NAMES_MAX	256
#define NS_WAITERS_MAX	256
#define NS_NO_DEADLINE	UINT64_MAX

struct ns_ops {
	/* The table no longer needs this send right (replaced, unregistered, dead). */
	void (*release)(void *arg, mach_port_name_t service);
	/* Ask to hear (ns_port_dead) when this service port dies. */
	kern_return_t (*watch)(void *arg, mach_port_name_t service);
	/* Answer a waiting lookup: service (copied, still owned by the table) or rc. */
	void (*answer)(void *arg, mach_port_name_t reply, mach_port_name_t service,
		       kern_return_t rc);
	void *arg;
};

struct ns_entry {
	char name[NAME_LEN_MAX];
	mach_port_name_t service;	/* MACH_PORT_NULL: slot free */
	security_token_t owner;
	uint64_t order;			/* registration order, for ns_list */
};

struct ns_waiter {
	char name[NAME_LEN_MAX];
	mach_port_name_t reply;		/* MACH_PORT_NULL: slot free */
	uint64_t deadline;
	uint64_t order;			/* arrival order: answered first-come */
};

struct ns_table {
	struct ns_ops ops;
	struct ns_entry names[NS_NAMES_MAX];
	struct ns_waiter waiters[NS_WAITERS_MAX];
	uint64_t next_order;
};

void ns_init(struct ns_table *t, const struct ns_ops *ops);

/* On success the table owns service; on error the caller keeps it. */
kern_return_t ns_register(struct ns_table *t, const char *name, mach_port_name_t service,
			  security_token_t caller, int flags);
kern_return_t ns_unregister(struct ns_table *t, const char *name, security_token_t caller);

/*
 * KERN_SUCCESS with *service (the table's right, to be copied into the
 * reply); MIG_NO_REPLY when the lookup waits (the table keeps reply);
 * KERN_INVALID_NAME when absent and wait_ms is 0; other errors.
 */
kern_return_t ns_lookup(struct ns_table *t, const char *name, uint32_t wait_ms,
			mach_port_name_t reply, uint64_t now, mach_port_name_t *service);

/* Answer the waiters whose deadline passed; the next deadline or NS_NO_DEADLINE. */
uint64_t ns_expire(struct ns_table *t, uint64_t now);

/* The service port died: drop its names.  Returns how many went. */
unsigned ns_port_dead(struct ns_table *t, mach_port_name_t service);

/* A waiter's reply port died: forget it.  Returns 1 if one was found. */
int ns_cancel_waiter(struct ns_table *t, mach_port_name_t reply);

/* Names in registration order, each with its NUL, as many as fit: the bytes used. */
size_t ns_list(const struct ns_table *t, char *buf, size_t room);

int ns_name_valid(const char *name);

#endif /* SERVERS_BOOTSTRAP_NAME_TABLE_H */
