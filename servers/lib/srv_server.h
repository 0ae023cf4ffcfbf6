/*
 * A server: a port set it receives on, the demux functions of its
 * interfaces (harbor-mig's <subsystem>_server), a table of objects keyed
 * by port, a private notification port, and the buffers of its receive
 * loop.  One per server task, used by one thread (the receive loop).
 *
 * An object's port gets a no-senders notification (requested with the
 * port itself as the notify port); when the last send right goes, the
 * loop removes the object, destroys the port and calls the object's
 * no_senders callback.  Dead-name notifications (srv_request_dead_name)
 * go to the private notification port and on to the server's dead_name
 * callback.
 */
#ifndef SERVERS_LIB_SRV_SERVER_H
#define SERVERS_LIB_SRV_SERVER_H

#include <mach/message.h>
#include <mach/mig_errors.h>

#include "srv_ipc.h"
#include "srv_objtab.h"

#define SRV_DEMUX_MAX		8		/* interfaces one server serves */
#define SRV_MSG_MAX		(128 * 1024)	/* largest request or reply buffer */

typedef boolean_t (*srv_demux_t)(mach_msg_header_t *in, mach_msg_header_t *out);

struct srv_server;
typedef void (*srv_dead_name_t)(struct srv_server *s, mach_port_name_t name, void *arg);

struct srv_stats {
	unsigned long requests;		/* requests given to a demux */
	unsigned long bad_id;		/* no demux knew the id */
	unsigned long destroyed;	/* requests destroyed after an error reply */
	unsigned long deferred;		/* MIG_NO_REPLY: the server replies later */
	unsigned long send_failed;	/* replies that could not be sent */
	unsigned long notifications;	/* kernel notifications handled */
	unsigned long forged;		/* "notifications" not from the kernel, dropped */
};

struct srv_server {
	const struct srv_ipc *ipc;
	mach_port_name_t pset;		/* every port the loop serves */
	mach_port_name_t notify;	/* where dead-name notifications arrive */
	struct srv_objtab objects;
	srv_demux_t demux[SRV_DEMUX_MAX];
	unsigned ndemux;
	mach_msg_size_t bufsize;	/* of in and out, with the trailer */
	mach_msg_header_t *in, *out;
	srv_dead_name_t dead_name;	/* may be NULL */
	void *dead_name_arg;
	struct srv_stats stats;
};

/* objects_max: the bound of the object table (see srv_objtab.h). */
kern_return_t srv_server_init(struct srv_server *s, const struct srv_ipc *ipc,
			      uint32_t objects_max);
/* Destroys the set, the notification port and every object's port. */
void srv_server_fini(struct srv_server *s);

/* maxsize: the subsystem's <subsystem>_MAX_MSG_SIZE (request or reply + trailer). */
kern_return_t srv_server_add_demux(struct srv_server *s, srv_demux_t demux,
				   mach_msg_size_t maxsize);
void srv_server_on_dead_name(struct srv_server *s, srv_dead_name_t fn, void *arg);

/* Serve a receive right the caller made (a service port, an IRQ port). */
kern_return_t srv_server_add_port(struct srv_server *s, mach_port_name_t port);

/*
 * A new port for obj: receive right, table entry, in the set, no-senders
 * armed.  obj->port is set on success; on failure nothing is left over.
 * The caller hands out send rights (MAKE_SEND in a reply, say).
 */
kern_return_t srv_object_create(struct srv_server *s, struct srv_object *obj,
				const struct srv_object_ops *ops);
/* Forget obj and destroy its port now (clients' rights become dead names). */
void srv_object_destroy(struct srv_server *s, struct srv_object *obj);
struct srv_object *srv_object_lookup(struct srv_server *s, mach_port_name_t port);

/* Ask for a dead-name notification on a send right the server holds. */
kern_return_t srv_request_dead_name(struct srv_server *s, mach_port_name_t name);

#endif /* SERVERS_LIB_SRV_SERVER_H */
