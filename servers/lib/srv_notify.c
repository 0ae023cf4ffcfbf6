/*
 * Notification handling (see srv_notify.h).
 */
#include "srv_notify.h"

#include <mach/notify.h>

int srv_notify_is_notification(const mach_msg_header_t *msg)
{
	return msg->msgh_id >= MACH_NOTIFY_FIRST && msg->msgh_id <= MACH_NOTIFY_LAST;
}

const security_token_t *srv_msg_sender(const mach_msg_header_t *msg)
{
	const mach_msg_security_trailer_t *t = (const void *)
		((const char *)msg + ((msg->msgh_size + 3) & ~3u));

	if (t->msgh_trailer_size < sizeof(*t))
		return NULL;
	return &t->msgh_sender;
}

static mach_msg_size_t notify_size(mach_msg_id_t id)
{
	switch (id) {
	case MACH_NOTIFY_NO_SENDERS: return sizeof(mach_no_senders_notification_t);
	case MACH_NOTIFY_DEAD_NAME: return sizeof(mach_dead_name_notification_t);
	case MACH_NOTIFY_PORT_DELETED: return sizeof(mach_port_deleted_notification_t);
	case MACH_NOTIFY_SEND_ONCE: return sizeof(mach_send_once_notification_t);
	case MACH_NOTIFY_PORT_DESTROYED: return sizeof(mach_port_destroyed_notification_t);
	default: return 0;
	}
}

static int notify_from_kernel(const mach_msg_header_t *msg)
{
	const security_token_t *tok = srv_msg_sender(msg);
	int complex = (msg->msgh_bits & MACH_MSGH_BITS_COMPLEX) != 0;

	if (tok == NULL || tok->val[0] != 0 || tok->val[1] != 0)
		return 0;
	if (msg->msgh_remote_port != MACH_PORT_NULL)
		return 0;
	if (msg->msgh_size != notify_size(msg->msgh_id))
		return 0;
	return complex == (msg->msgh_id == MACH_NOTIFY_PORT_DESTROYED);
}

static void notify_no_senders(struct srv_server *s, const mach_no_senders_notification_t *n)
{
	mach_port_name_t port = n->not_header.msgh_local_port;
	struct srv_object *obj = srv_objtab_lookup(&s->objects, port);
	mach_port_mscount_t mscount;
	mach_port_name_t previous = MACH_PORT_NULL;

	if (obj == NULL)
		return;
	if (s->ipc->port_mscount(port, &mscount) == KERN_SUCCESS && mscount != n->not_count) {
		/* A send right was made after the kernel sent this: still in use. */
		s->ipc->port_request_notification(port, MACH_NOTIFY_NO_SENDERS, mscount, port,
						  &previous);
		return;
	}
	srv_objtab_remove(&s->objects, port);
	s->ipc->port_mod_refs(port, MACH_PORT_RIGHT_RECEIVE, -1);
	obj->port = MACH_PORT_NULL;
	if (obj->ops != NULL && obj->ops->no_senders != NULL)
		obj->ops->no_senders(obj);
}

static void notify_dead_name(struct srv_server *s, const mach_dead_name_notification_t *n)
{
	if (n->not_header.msgh_local_port != s->notify)
		return;
	if (s->dead_name != NULL)
		s->dead_name(s, n->not_port, s->dead_name_arg);
	s->ipc->port_deallocate(n->not_port);
}

void srv_notify_handle(struct srv_server *s, mach_msg_header_t *msg)
{
	if (!notify_from_kernel(msg)) {
		s->stats.forged++;
		s->ipc->msg_destroy(msg);
		return;
	}
	s->stats.notifications++;
	switch (msg->msgh_id) {
	case MACH_NOTIFY_NO_SENDERS:
		notify_no_senders(s, (const mach_no_senders_notification_t *)(void *)msg);
		break;
	case MACH_NOTIFY_DEAD_NAME:
		notify_dead_name(s, (const mach_dead_name_notification_t *)(void *)msg);
		break;
	case MACH_NOTIFY_PORT_DESTROYED:
		s->ipc->msg_destroy(msg);
		break;
	default:
		break;
	}
}
