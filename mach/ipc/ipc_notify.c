/*
 * Building and sending the kernel's notification messages.  They go
 * through send-once rights, so queue limits never apply and sending never
 * waits; a notification to a dead port is destroyed like any message.
 */
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_mqueue.h"
#include "ipc/ipc_notify.h"
#include "ipc/ipc_port.h"
#include "kern/string.h"

/*
 * A notification message to `notify` (a send-once right, consumed), or
 * NULL if none can be allocated — then the right is released.
 */
static struct ipc_kmsg *
ipc_notify_kmsg(struct ipc_port *notify, mach_msg_id_t id,
    mach_msg_size_t size, mach_msg_bits_t other_bits)
{
	struct ipc_kmsg *kmsg = ipc_kmsg_alloc(size);

	if (!kmsg) {
		ipc_port_release_sonce(notify);
		return NULL;
	}
	kmsg->hdr.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE, 0) | other_bits;
	kmsg->hdr.msgh_remote_port = notify;
	kmsg->hdr.msgh_local_port = NULL;
	kmsg->hdr.msgh_id = id;
	kmsg->sender = IPC_KERNEL_SECURITY_TOKEN;
	return kmsg;
}

/* Header plus one 32-bit value. */
static void
ipc_notify_word(struct ipc_port *notify, mach_msg_id_t id, uint32_t value)
{
	struct ipc_kmsg *kmsg = ipc_notify_kmsg(notify, id,
	    IPC_NOTIFY_NAME_SIZE, 0);

	if (!kmsg)
		return;
	memcpy(ipc_kmsg_body(kmsg), &value, sizeof(value));
	ipc_mqueue_deliver(kmsg);
}

void
ipc_notify_port_deleted(struct ipc_port *notify, mach_port_name_t name)
{
	ipc_notify_word(notify, MACH_NOTIFY_PORT_DELETED, name);
}

void
ipc_notify_dead_name(struct ipc_port *notify, mach_port_name_t name)
{
	ipc_notify_word(notify, MACH_NOTIFY_DEAD_NAME, name);
}

void
ipc_notify_no_senders(struct ipc_port *notify, mach_port_mscount_t mscount)
{
	ipc_notify_word(notify, MACH_NOTIFY_NO_SENDERS, mscount);
}

void
ipc_notify_send_once(struct ipc_port *port)
{
	struct ipc_kmsg *kmsg = ipc_notify_kmsg(port, MACH_NOTIFY_SEND_ONCE,
	    IPC_NOTIFY_SEND_ONCE_SIZE, 0);

	if (kmsg)
		ipc_mqueue_deliver(kmsg);
}

void
ipc_notify_port_destroyed(struct ipc_port *notify, struct ipc_port *port)
{
	struct ipc_kmsg *kmsg = ipc_notify_kmsg(notify,
	    MACH_NOTIFY_PORT_DESTROYED, IPC_NOTIFY_PORT_DESTROYED_SIZE,
	    MACH_MSGH_BITS_COMPLEX);
	mach_msg_body_t *body;
	mach_msg_port_descriptor_t *d;

	if (!kmsg) {
		/* No message to carry the right: the port dies after all. */
		ipc_port_destroy(port);
		return;
	}
	body = ipc_kmsg_body(kmsg);
	body->msgh_descriptor_count = 1;
	d = (mach_msg_port_descriptor_t *)(body + 1);
	d->name = port;
	d->pad2 = 0;
	d->disposition = MACH_MSG_TYPE_PORT_RECEIVE;
	d->type = MACH_MSG_PORT_DESCRIPTOR;
	if (port->destination)
		ipc_port_release(port->destination);
	ipc_port_reference(notify);
	port->destination = notify;
	ipc_mqueue_deliver(kmsg);
}
