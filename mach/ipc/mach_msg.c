/*
 * mach_msg (see mach_msg.h): the slow path, complete on its own.
 *
 *	send:    ipc_kmsg_get -> ipc_mqueue_wait_room -> ipc_kmsg_copyin
 *	         -> ipc_mqueue_deliver
 *	         (or ipc_kobject_server, to a kernel object's port)
 *
 * Atomic send failure: the wait for queue room comes before copy-in,
 * which is the first step that takes anything from the sender (rights,
 * memory sent with deallocate).  A send that times out, is interrupted
 * or finds its destination dead while waiting returns with the sender
 * untouched and can be retried as it is.  The race between the wait and
 * the enqueue is settled by a bounded overshoot (ipc_mqueue.h).
 *	receive: ipc_mqueue_receive -> ipc_kmsg_copyout -> ipc_kmsg_put
 */
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_kmsg_copyin.h"
#include "ipc/ipc_kmsg_copyout.h"
#include "ipc/ipc_kobject.h"
#include "ipc/ipc_mqueue.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_space.h"
#include "ipc/mach_msg.h"
#include "kern/copyio.h"
#include "kern/string.h"

/* Options a user may not give: the kernel's own send that never waits. */
#define IPC_KERNEL_ONLY_OPTIONS		MACH_SEND_ALWAYS

/*
 * A send-once destination never waits, but a queue at the hard bound
 * (IPC_MQUEUE_LIMIT_HARD, ipc_mqueue.h) refuses it here, before copy-in,
 * with MACH_SEND_NO_BUFFER.  A plain lookup suffices: a dead port's queue
 * is empty and a kernel port's unused, so those go on to copy-in, which
 * judges them (as it judges bad names).
 */
static mach_msg_return_t
ipc_mach_msg_send_once_room(struct ipc_space *space, mach_port_name_t name)
{
	struct ipc_entry *e = space->active ?
	    ipc_entry_lookup_inline(space, name) : NULL;
	const struct ipc_port *port;

	if (!e || !(e->type & (MACH_PORT_TYPE_SEND_ONCE | MACH_PORT_TYPE_RECEIVE)))
		return MACH_MSG_SUCCESS;
	port = (const struct ipc_port *)e->object;
	return port->mqueue.count >= IPC_MQUEUE_LIMIT_HARD ?
	    MACH_SEND_NO_BUFFER : MACH_MSG_SUCCESS;
}

/*
 * Wait for room on the destination the user header names, taking
 * nothing.  Names that are not a send right to an ordinary port (bad
 * names, kernel objects) do not wait: copy-in judges them; send-once
 * rights are checked against the hard bound only.
 */
static mach_msg_return_t
ipc_mach_msg_wait_room(const struct ipc_msg_caller *c,
    const struct ipc_user_header *uh, mach_msg_option_t option,
    mach_msg_timeout_t timeout)
{
	mach_msg_type_name_t disp = MACH_MSGH_BITS_REMOTE(uh->bits);
	struct ipc_entry *e;
	struct ipc_port *port;
	mach_msg_return_t mr;

	if (disp == MACH_MSG_TYPE_MOVE_SEND_ONCE ||
	    disp == MACH_MSG_TYPE_MAKE_SEND_ONCE)
		return ipc_mach_msg_send_once_room(c->space, uh->remote);
	if (disp != MACH_MSG_TYPE_MOVE_SEND && disp != MACH_MSG_TYPE_COPY_SEND &&
	    disp != MACH_MSG_TYPE_MAKE_SEND)
		return MACH_MSG_SUCCESS;
	if (ipc_right_lookup(c->space, uh->remote, &e) != KERN_SUCCESS ||
	    !(e->type & (MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_RECEIVE)) ||
	    e->object == NULL)
		return MACH_MSG_SUCCESS;
	port = (struct ipc_port *)e->object;
	if (ipc_kobject_is_kport(port))
		return MACH_MSG_SUCCESS;
	ipc_port_reference(port);
	mr = ipc_mqueue_wait_room(port, option, timeout);
	ipc_port_release(port);
	return mr;
}

static mach_msg_return_t
ipc_mach_msg_send(const struct ipc_msg_caller *c, void *msg,
    mach_msg_option_t option, mach_msg_size_t send_size,
    mach_msg_timeout_t timeout)
{
	struct ipc_user_header uh;
	struct ipc_kmsg *kmsg;
	mach_msg_return_t mr = ipc_kmsg_get(c->user, msg, send_size, &kmsg,
	    &uh);

	if (mr != MACH_MSG_SUCCESS)
		return mr;
	mr = ipc_mach_msg_wait_room(c, &uh, option, timeout);
	if (mr != MACH_MSG_SUCCESS) {
		ipc_kmsg_free(kmsg);	/* holds no right yet */
		return mr;
	}
	mr = ipc_kmsg_copyin(kmsg, c->space, &uh);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	kmsg->sender = c->token;
	/* A kernel object's port: the kernel answers now, in this thread. */
	if (ipc_kobject_is_kport(kmsg->hdr.msgh_remote_port))
		return ipc_kobject_server(kmsg);
	/* Room was waited for: queue it (a port dead by now destroys it). */
	return ipc_mqueue_deliver(kmsg);
}

/* MACH_RCV_LARGE: tell the receiver the size it needs. */
static mach_msg_return_t
ipc_mach_msg_too_large(const struct ipc_msg_caller *c, void *msg,
    mach_msg_size_t rcv_size, mach_msg_size_t needed)
{
	void *at = (char *)msg + offsetof(struct ipc_user_header, size);

	if (rcv_size < IPC_USER_HEADER_SIZE)
		return MACH_RCV_TOO_LARGE;
	if (c->user && copyout(&needed, at, sizeof(needed)) != 0)
		return MACH_RCV_INVALID_DATA;
	if (!c->user)
		memcpy(at, &needed, sizeof(needed));
	return MACH_RCV_TOO_LARGE;
}

static mach_msg_return_t
ipc_mach_msg_receive(const struct ipc_msg_caller *c, void *msg,
    mach_msg_option_t option, mach_msg_size_t rcv_size,
    mach_port_name_t rcv_name, mach_msg_timeout_t timeout)
{
	struct ipc_user_header uh;
	struct ipc_kmsg *kmsg;
	mach_msg_size_t needed = 0;
	mach_msg_return_t mr, put;

	if (GET_RCV_ELEMENTS(option) > MACH_RCV_TRAILER_AUDIT)
		return MACH_RCV_INVALID_TRAILER;
	mr = ipc_mqueue_receive(c->space, rcv_name, option, rcv_size, timeout,
	    &kmsg, &needed);
	if (mr == MACH_RCV_TOO_LARGE && (option & MACH_RCV_LARGE))
		return ipc_mach_msg_too_large(c, msg, rcv_size, needed);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	mr = ipc_kmsg_copyout(kmsg, c->space, &uh);
	put = ipc_kmsg_put(c->user, msg, kmsg, &uh, option);
	return put != MACH_MSG_SUCCESS ? put : mr;
}

mach_msg_return_t
ipc_mach_msg(const struct ipc_msg_caller *caller, void *msg,
    mach_msg_option_t option, mach_msg_size_t send_size,
    mach_msg_size_t rcv_size, mach_port_name_t rcv_name,
    mach_msg_timeout_t timeout)
{
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	if (caller->user)
		option &= ~IPC_KERNEL_ONLY_OPTIONS;
	if (option & MACH_SEND_MSG) {
		mr = ipc_mach_msg_send(caller, msg, option, send_size, timeout);
		if (mr != MACH_MSG_SUCCESS)
			return mr;
	}
	if (option & MACH_RCV_MSG)
		mr = ipc_mach_msg_receive(caller, msg, option, rcv_size,
		    rcv_name, timeout);
	return mr;
}

/* --- The kernel as a client: KernelUser stubs (mig_errors.h) --- */

/*
 * A KernelUser request's port descriptors become counted kernel-form
 * rights: MOVE_SEND gives the right the caller made, COPY_SEND and
 * MAKE_SEND take new ones.  Only port descriptors: the kernel sends no
 * out-of-line data this way.  False if the message has anything else.
 */
static bool
ipc_kernel_rpc_body(struct ipc_kmsg *kmsg)
{
	mach_msg_body_t *body = ipc_kmsg_body(kmsg);
	mach_msg_descriptor_t *d = ipc_kmsg_desc_first(kmsg);

	for (mach_msg_size_t i = 0; i < body->msgh_descriptor_count; i++,
	    d = ipc_kmsg_desc_next(d)) {
		mach_msg_port_descriptor_t *p = &d->port;

		if (d->type.type != MACH_MSG_PORT_DESCRIPTOR)
			return false;
		if (p->disposition == MACH_MSG_TYPE_COPY_SEND &&
		    IPC_PORT_VALID(p->name))
			p->name = ipc_port_copy_send(p->name);
		else if (p->disposition == MACH_MSG_TYPE_MAKE_SEND &&
		    IPC_PORT_VALID(p->name))
			p->name = ipc_port_make_send(p->name);
		else if (p->disposition != MACH_MSG_TYPE_MOVE_SEND)
			return false;
		p->disposition = MACH_MSG_TYPE_PORT_SEND;
	}
	return true;
}

/*
 * The request as a copied-in kmsg: the destination's send right (copied
 * from the caller's), a send-once right to `reply` as the reply port
 * (none for a one-way message: reply NULL).
 * MOVE_SEND descriptors are the stub's to give: they are consumed on
 * every path once the kmsg exists (released if the send fails).
 */
static mach_msg_return_t
ipc_kernel_rpc_request(mach_msg_header_t *msg, mach_msg_size_t send_size,
    struct ipc_port *reply, struct ipc_kmsg **kmsgp)
{
	struct ipc_port *dest = msg->msgh_remote_port;
	bool complex = MACH_MSGH_BITS_IS_COMPLEX(msg->msgh_bits);
	struct ipc_kmsg *kmsg;

	if (send_size < sizeof(*msg) || (send_size & 3) ||
	    send_size - IPC_KMSG_HEADER_GROWTH > IPC_KMSG_MAX_SIZE)
		return MACH_SEND_MSG_TOO_SMALL;
	kmsg = ipc_kmsg_alloc(send_size - IPC_KMSG_HEADER_GROWTH);
	if (!kmsg)
		return MACH_SEND_NO_BUFFER;
	memcpy(&kmsg->hdr, msg, send_size);
	kmsg->hdr.msgh_size = send_size - IPC_KMSG_HEADER_GROWTH;
	kmsg->hdr.msgh_bits = complex ? MACH_MSGH_BITS_COMPLEX : 0;
	kmsg->hdr.msgh_remote_port = NULL;
	kmsg->hdr.msgh_local_port = NULL;
	kmsg->from_user = false;
	kmsg->sender = IPC_KERNEL_SECURITY_TOKEN;
	if (complex && !ipc_kernel_rpc_body(kmsg)) {
		ipc_kmsg_destroy(kmsg);
		return MACH_SEND_INVALID_TYPE;
	}
	/* A dead handler, or a kernel port (the kernel never asks itself). */
	if (MACH_MSGH_BITS_REMOTE(msg->msgh_bits) != MACH_MSG_TYPE_COPY_SEND ||
	    !IPC_PORT_VALID(dest) || !ipc_port_active(dest) ||
	    ipc_kobject_is_kport(dest)) {
		ipc_kmsg_destroy(kmsg);		/* the MOVE_SEND rights too */
		return MACH_SEND_INVALID_DEST;
	}
	kmsg->hdr.msgh_remote_port = ipc_port_copy_send(dest);
	kmsg->hdr.msgh_local_port = reply ? ipc_port_make_send_once(reply) : NULL;
	kmsg->hdr.msgh_bits |= MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND,
	    reply ? MACH_MSG_TYPE_PORT_SEND_ONCE : 0);
	*kmsgp = kmsg;
	return MACH_MSG_SUCCESS;
}

/*
 * The reply, into the stub's buffer in kernel form as its receiver
 * would see it (msgh_size counting the kernel header).  The kernel takes
 * no rights from a reply: a complex reply or one carrying a reply right
 * is refused (MACH_RCV_INVALID_TYPE), so the buffer never holds a right
 * and mach_msg_destroy below has nothing to do.
 */
static mach_msg_return_t
ipc_kernel_rpc_reply(struct ipc_kmsg *kmsg, mach_msg_header_t *msg,
    mach_msg_size_t rcv_size)
{
	mach_msg_size_t size = kmsg->hdr.msgh_size + IPC_KMSG_HEADER_GROWTH;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	if (MACH_MSGH_BITS_IS_COMPLEX(kmsg->hdr.msgh_bits) ||
	    IPC_PORT_VALID(kmsg->hdr.msgh_local_port))
		mr = MACH_RCV_INVALID_TYPE;
	else if (size > rcv_size)
		mr = MACH_RCV_TOO_LARGE;
	if (mr == MACH_MSG_SUCCESS) {
		memcpy(msg, &kmsg->hdr, size);
		msg->msgh_size = size;
		msg->msgh_bits = 0;
		msg->msgh_remote_port = NULL;
		msg->msgh_local_port = NULL;
	}
	ipc_kmsg_destroy(kmsg);
	return mr;
}

/*
 * Send a request and wait for its reply, in the current thread: the
 * reply port is a fresh port whose receive right the kernel holds, so
 * nothing but this request's send-once right can answer it, and a
 * handler that dies with the request destroys that right: the send-once
 * notification is the reply (the stub says MIG_SERVER_DIED).  Both waits
 * (queue room, the reply) are interruptible: thread_abort or the
 * thread's termination ends the call with MACH_SEND_INTERRUPTED or
 * MACH_RCV_INTERRUPTED.
 */
mach_msg_return_t
mach_msg_rpc_from_kernel(mach_msg_header_t *msg, mach_msg_size_t send_size,
    mach_msg_size_t rcv_size)
{
	struct ipc_port *reply = ipc_port_alloc();
	struct ipc_kmsg *kmsg;
	mach_msg_return_t mr;

	if (!reply)
		return MACH_SEND_NO_BUFFER;
	mr = ipc_kernel_rpc_request(msg, send_size, reply, &kmsg);
	if (mr == MACH_MSG_SUCCESS)
		mr = ipc_mqueue_send(kmsg, 0, 0);
	if (mr == MACH_MSG_SUCCESS && rcv_size < sizeof(*msg))
		mr = MACH_RCV_TOO_LARGE;
	if (mr == MACH_MSG_SUCCESS)
		mr = ipc_mqueue_receive_kernel(reply,
		    rcv_size - IPC_KMSG_HEADER_GROWTH, &kmsg);
	if (mr == MACH_MSG_SUCCESS)
		mr = ipc_kernel_rpc_reply(kmsg, msg, rcv_size);
	ipc_port_destroy(reply);
	return mr;
}

/*
 * A one-way message (a simpleroutine's KernelUser stub), which never
 * waits: it may be sent from a kernel thread that serves others (the
 * interrupt thread of kern/device.c).  A destination whose queue is full
 * gets nothing: the message is destroyed, its rights released, and the
 * caller told MACH_SEND_TIMED_OUT, as a send with a zero timeout would
 * be; the caller keeps what it meant to say and tries again (device.c
 * leaves the interrupt pending).  A dead destination is
 * MACH_SEND_INVALID_DEST.
 */
mach_msg_return_t
mach_msg_send_from_kernel(mach_msg_header_t *msg, mach_msg_size_t send_size)
{
	struct ipc_kmsg *kmsg;
	mach_msg_return_t mr;

	mr = ipc_kernel_rpc_request(msg, send_size, NULL, &kmsg);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	return ipc_mqueue_send(kmsg, MACH_SEND_TIMEOUT, 0);
}

/*
 * What KernelUser stubs call on a reply they refuse.  Replies reach them
 * without rights (ipc_kernel_rpc_reply), so there is nothing to release.
 */
void
mach_msg_destroy(mach_msg_header_t *msg)
{
	(void)msg;
}
