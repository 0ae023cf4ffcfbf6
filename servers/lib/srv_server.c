/*
 * Setting up a server and its objects (see srv_server.h).  The receive
 * loop is in srv_loop.c, notifications in srv_notify.c.
 */
#include "srv_server.h"

#include <stdlib.h>
#include <string.h>

#include <mach/notify.h>

/* Start with room for a notification; add_demux grows it. */
#define SRV_BUF_INITIAL	((mach_msg_size_t)(sizeof(mach_port_destroyed_notification_t) + \
					       MAX_TRAILER_SIZE))

static kern_return_t server_buffers(struct srv_server *s, mach_msg_size_t size)
{
	mach_msg_header_t *in, *out;

	size = (size + 15) & ~15u;
	in = aligned_alloc(16, size);
	out = aligned_alloc(16, size);
	if (in == NULL || out == NULL) {
		free(in);
		free(out);
		return KERN_RESOURCE_SHORTAGE;
	}
	free(s->in);
	free(s->out);
	s->in = in;
	s->out = out;
	s->bufsize = size;
	return KERN_SUCCESS;
}

kern_return_t srv_server_init(struct srv_server *s, const struct srv_ipc *ipc,
			      uint32_t objects_max)
{
	kern_return_t kr;

	memset(s, 0, sizeof(*s));
	s->ipc = ipc;
	kr = srv_objtab_init(&s->objects, objects_max);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = server_buffers(s, SRV_BUF_INITIAL);
	if (kr == KERN_SUCCESS)
		kr = ipc->port_allocate(MACH_PORT_RIGHT_PORT_SET, &s->pset);
	if (kr == KERN_SUCCESS)
		kr = ipc->port_allocate(MACH_PORT_RIGHT_RECEIVE, &s->notify);
	if (kr == KERN_SUCCESS)
		kr = ipc->port_move_member(s->notify, s->pset);
	if (kr != KERN_SUCCESS)
		srv_server_fini(s);
	return kr;
}

void srv_server_fini(struct srv_server *s)
{
	struct srv_objtab *t = &s->objects;

	for (uint32_t i = 0; t->slots != NULL && i < t->cap; i++)
		if (t->slots[i] != NULL)
			s->ipc->port_mod_refs(t->slots[i]->port, MACH_PORT_RIGHT_RECEIVE, -1);
	srv_objtab_fini(t);
	if (MACH_PORT_VALID(s->notify))
		s->ipc->port_mod_refs(s->notify, MACH_PORT_RIGHT_RECEIVE, -1);
	if (MACH_PORT_VALID(s->pset))
		s->ipc->port_mod_refs(s->pset, MACH_PORT_RIGHT_PORT_SET, -1);
	free(s->in);
	free(s->out);
	s->in = s->out = NULL;
	s->pset = s->notify = MACH_PORT_NULL;
}

kern_return_t srv_server_add_demux(struct srv_server *s, srv_demux_t demux,
				   mach_msg_size_t maxsize)
{
	if (demux == NULL || maxsize > SRV_MSG_MAX)
		return KERN_INVALID_ARGUMENT;
	if (s->ndemux == SRV_DEMUX_MAX)
		return KERN_RESOURCE_SHORTAGE;
	if (maxsize > s->bufsize && server_buffers(s, maxsize) != KERN_SUCCESS)
		return KERN_RESOURCE_SHORTAGE;
	s->demux[s->ndemux++] = demux;
	return KERN_SUCCESS;
}

void srv_server_on_dead_name(struct srv_server *s, srv_dead_name_t fn, void *arg)
{
	s->dead_name = fn;
	s->dead_name_arg = arg;
}

kern_return_t srv_server_add_port(struct srv_server *s, mach_port_name_t port)
{
	return s->ipc->port_move_member(port, s->pset);
}

kern_return_t srv_object_create(struct srv_server *s, struct srv_object *obj,
				const struct srv_object_ops *ops)
{
	mach_port_name_t port, previous = MACH_PORT_NULL;
	kern_return_t kr;

	kr = s->ipc->port_allocate(MACH_PORT_RIGHT_RECEIVE, &port);
	if (kr != KERN_SUCCESS)
		return kr;
	obj->port = port;
	obj->ops = ops;
	kr = srv_objtab_insert(&s->objects, obj);
	if (kr == KERN_SUCCESS) {
		kr = s->ipc->port_move_member(port, s->pset);
		/* sync 1: notify once a send right was made and all are gone. */
		if (kr == KERN_SUCCESS)
			kr = s->ipc->port_request_notification(port, MACH_NOTIFY_NO_SENDERS, 1,
								port, &previous);
		if (kr != KERN_SUCCESS)
			srv_objtab_remove(&s->objects, port);
	}
	if (kr != KERN_SUCCESS) {
		s->ipc->port_mod_refs(port, MACH_PORT_RIGHT_RECEIVE, -1);
		obj->port = MACH_PORT_NULL;
	}
	return kr;
}

void srv_object_destroy(struct srv_server *s, struct srv_object *obj)
{
	if (srv_objtab_remove(&s->objects, obj->port) == obj)
		s->ipc->port_mod_refs(obj->port, MACH_PORT_RIGHT_RECEIVE, -1);
	obj->port = MACH_PORT_NULL;
}

struct srv_object *srv_object_lookup(struct srv_server *s, mach_port_name_t port)
{
	return srv_objtab_lookup(&s->objects, port);
}

kern_return_t srv_request_dead_name(struct srv_server *s, mach_port_name_t name)
{
	mach_port_name_t previous = MACH_PORT_NULL;
	kern_return_t kr;

	kr = s->ipc->port_request_notification(name, MACH_NOTIFY_DEAD_NAME, 0, s->notify,
					       &previous);
	/* A previous request's send-once right comes back: drop it (it fires nothing). */
	if (kr == KERN_SUCCESS && MACH_PORT_VALID(previous))
		s->ipc->port_deallocate(previous);
	return kr;
}
