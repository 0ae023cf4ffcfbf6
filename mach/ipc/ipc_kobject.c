/*
 * Kernel objects as ports (ipc_kobject.h): the ports, and the server
 * that answers messages sent to them.
 *
 *	request (copied in) -> received layout -> KernelServer demux
 *	  -> request destroyed (what the function did not take)
 *	  -> reply in kernel form -> queued on the reply port
 *
 * Lock order: no IPC lock is held while a server function runs (it may
 * take spaces and ports itself).
 */
#include <mach/mig_errors.h>

#include "ipc/host_privServer.h"
#include "ipc/hostServer.h"
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_kobject.h"
#include "ipc/ipc_mqueue.h"
#include "ipc/ipc_port.h"
#include "ipc/mach_portServer.h"
#include "ipc/taskServer.h"
#include "ipc/thread_actServer.h"
#include "ipc/vm_mapServer.h"
#include "kern/cpu.h"
#include "kern/panic.h"
#include "kern/thread.h"
#include "vm/vm_map_copy.h"

typedef boolean_t (*ipc_kobject_demux_t)(mach_msg_header_t *,
    mach_msg_header_t *);

/* Every kernel interface, by its range of request ids. */
static const struct {
	const struct mig_subsystem_head *head;
	ipc_kobject_demux_t demux;
} ipc_kobject_subsystems[] = {
	{ &mach_port_subsystem.head, mach_port_server },
	{ &task_subsystem.head, task_server },
	{ &thread_act_subsystem.head, thread_act_server },
	{ &vm_map_subsystem.head, vm_map_server },
	{ &host_subsystem.head, host_server },
	{ &host_priv_subsystem.head, host_priv_server },
};

static uint64_t ipc_kobject_served;

struct ipc_port *
ipc_kobject_alloc(void *object, enum ipc_kobject_type type)
{
	struct ipc_port *port = ipc_port_alloc();

	if (!port)
		return NULL;
	port->kotype = (uint16_t)type;
	port->kobject = object;
	return port;
}

void
ipc_kobject_destroy(struct ipc_port *port)
{
	if (!port)
		return;
	port->kotype = IKOT_NONE;
	port->kobject = NULL;
	ipc_port_destroy(port);
}

void *
ipc_kobject_get(const struct ipc_port *port, enum ipc_kobject_type type)
{
	if (!IPC_PORT_VALID(port) || !ipc_port_active(port) ||
	    port->kotype != type)
		return NULL;
	return port->kobject;
}

bool
ipc_kobject_is_kport(const struct ipc_port *port)
{
	return IPC_PORT_VALID(port) && port->kotype != IKOT_NONE;
}

uint64_t
ipc_kobject_requests(void)
{
	return ipc_kobject_served;
}

/*
 * The demux serving request id `id`, and the size of its largest reply
 * in kernel form.  An id no interface has gets a demux too: it answers
 * MIG_BAD_ID with a short error reply.
 */
static ipc_kobject_demux_t
ipc_kobject_find(mach_msg_id_t id, mach_msg_size_t *reply_size)
{
	*reply_size = sizeof(mig_reply_error_t);
	for (size_t i = 0; i < ARRAY_SIZE(ipc_kobject_subsystems); i++) {
		const struct mig_subsystem_head *h = ipc_kobject_subsystems[i].head;
		/* The generated routine table follows the head. */
		const struct mig_routine_descriptor *r =
		    (const struct mig_routine_descriptor *)(h + 1);

		if (id < h->start || id >= h->end)
			continue;
		if (r[id - h->start].max_reply_msg > *reply_size)
			*reply_size = r[id - h->start].max_reply_msg;
		return ipc_kobject_subsystems[i].demux;
	}
	return mach_port_server;
}

/*
 * The stubs read a message as its receiver would: msgh_remote_port is
 * the reply right, msgh_local_port the port the request came to, and
 * msgh_size counts the kernel header.
 */
static void
ipc_kobject_to_received(mach_msg_header_t *h)
{
	struct ipc_port *dest = h->msgh_remote_port;
	mach_msg_bits_t b = h->msgh_bits;

	h->msgh_remote_port = h->msgh_local_port;
	h->msgh_local_port = dest;
	h->msgh_bits = MACH_MSGH_BITS(MACH_MSGH_BITS_LOCAL(b),
	    MACH_MSGH_BITS_REMOTE(b)) | (b & MACH_MSGH_BITS_COMPLEX);
	h->msgh_size += IPC_KMSG_HEADER_GROWTH;
}

/* ...and back, so that ipc_kmsg_destroy finds each right where it expects. */
static void
ipc_kobject_from_received(mach_msg_header_t *h)
{
	struct ipc_port *reply = h->msgh_remote_port;
	mach_msg_bits_t b = h->msgh_bits;

	h->msgh_remote_port = h->msgh_local_port;
	h->msgh_local_port = reply;
	h->msgh_bits = MACH_MSGH_BITS(MACH_MSGH_BITS_LOCAL(b),
	    MACH_MSGH_BITS_REMOTE(b)) | (b & MACH_MSGH_BITS_COMPLEX);
	h->msgh_size -= IPC_KMSG_HEADER_GROWTH;
}

/*
 * A reply descriptor's port becomes a counted kernel-form right of type
 * PORT_*; see ipc_kobject.h for what the dispositions mean here.
 */
static void
ipc_kobject_reply_port_desc(mach_msg_port_descriptor_t *d)
{
	struct ipc_port *port = d->name;
	mach_msg_type_name_t disp = d->disposition;

	if (disp == MACH_MSG_TYPE_COPY_SEND)
		disp = MACH_MSG_TYPE_PORT_SEND;
	if (IPC_PORT_VALID(port) && disp == MACH_MSG_TYPE_MAKE_SEND)
		port = ipc_port_active(port) ? ipc_port_make_send(port) : NULL;
	else if (IPC_PORT_VALID(port) && disp == MACH_MSG_TYPE_MAKE_SEND_ONCE)
		port = ipc_port_active(port) ? ipc_port_make_send_once(port) : NULL;
	if (disp == MACH_MSG_TYPE_MAKE_SEND)
		disp = MACH_MSG_TYPE_PORT_SEND;
	else if (disp == MACH_MSG_TYPE_MAKE_SEND_ONCE)
		disp = MACH_MSG_TYPE_PORT_SEND_ONCE;
	assert(MACH_MSG_TYPE_PORT_ANY_RIGHT(disp));
	d->name = port;
	d->disposition = disp;
}

/*
 * An out-of-line port array of a reply: the server function kalloc'd
 * the array and put counted rights in it (the stub's disposition,
 * MOVE_*, is the PORT_* of that right), so nothing is converted.  An
 * empty array has no memory.
 */
static void
ipc_kobject_reply_ool_ports(mach_msg_ool_ports_descriptor_t *d)
{
	assert(MACH_MSG_TYPE_PORT_ANY_RIGHT(d->disposition));
	assert((d->count == 0) == (d->address == NULL));
	d->deallocate = false;
}

/*
 * Turn the stub's reply (kernel form, kernel size) into a kmsg like a
 * copied-in message: user size, counted rights.  Out-of-line memory is
 * already in kernel-sender form (a vm_map_copy the server function
 * made, or NULL for none) and passes as it is; from here the kmsg owns
 * it, so delivery or ipc_kmsg_destroy consumes it.
 */
static void
ipc_kobject_reply_copyin(struct ipc_kmsg *reply)
{
	mach_msg_header_t *h = &reply->hdr;

	h->msgh_size -= IPC_KMSG_HEADER_GROWTH;
	h->msgh_local_port = NULL;
	h->msgh_bits &= MACH_MSGH_BITS_REMOTE_MASK | MACH_MSGH_BITS_COMPLEX;
	if (MACH_MSGH_BITS_IS_COMPLEX(h->msgh_bits)) {
		mach_msg_body_t *body = ipc_kmsg_body(reply);
		mach_msg_descriptor_t *d = ipc_kmsg_desc_first(reply);

		for (mach_msg_size_t i = 0; i < body->msgh_descriptor_count;
		    i++, d = ipc_kmsg_desc_next(d)) {
			switch (d->type.type) {
			case MACH_MSG_PORT_DESCRIPTOR:
				ipc_kobject_reply_port_desc(&d->port);
				break;
			case MACH_MSG_OOL_DESCRIPTOR:
				assert(vm_map_copy_size(d->out_of_line.address)
				    == d->out_of_line.size);
				d->out_of_line.deallocate = false;
				break;
			case MACH_MSG_OOL_PORTS_DESCRIPTOR:
				ipc_kobject_reply_ool_ports(&d->ool_ports);
				break;
			default:
				panic("ipc_kobject_reply_copyin: descriptor "
				    "type %u", d->type.type);
			}
		}
	}
}

/*
 * How many messages may be queued on the reply port for the reply to
 * join them.  Through a send right: the port's queue limit, where a user
 * sender would wait — the kernel cannot wait, so it does what a send
 * with a zero timeout would, and a task cannot use kernel replies to
 * push another task's queue past the limit it set.  Through a send-once
 * right (the usual reply right): the hard bound, as for notifications;
 * only the reply port's receiver made that right (ipc_mqueue.h).
 */
static mach_port_msgcount_t
ipc_kobject_reply_limit(const struct ipc_kmsg *reply)
{
	const struct ipc_port *dest = reply->hdr.msgh_remote_port;

	if (MACH_MSGH_BITS_REMOTE(reply->hdr.msgh_bits) ==
	    MACH_MSG_TYPE_PORT_SEND)
		return dest->qlimit;
	return IPC_MQUEUE_LIMIT_HARD;
}

/*
 * Queue the reply.  Replies never wait for queue room (a reply right may
 * be a send right, and the kernel must not block on a client's queue);
 * a reply addressed to a kernel port is dropped, so a request cannot
 * make the kernel answer itself.  A reply that finds its queue at the
 * bound (ipc_kobject_reply_limit) is destroyed, with every right and
 * copy in it: the request was served, only its answer is lost, as when
 * the client's reply port dies first.  Without the bound a task that
 * never receives could make the kernel queue replies without end.
 */
static void
ipc_kobject_send_reply(struct ipc_kmsg *reply)
{
	struct ipc_port *dest = reply->hdr.msgh_remote_port;

	/*
	 * A reply right that is a receive right (MOVE_RECEIVE as the
	 * request's reply disposition) would queue the port inside itself,
	 * where nothing could ever reach it (found by tests/user/ipcfuzz.c):
	 * the right is destroyed with the reply instead.
	 */
	if (!IPC_PORT_VALID(dest) || ipc_kobject_is_kport(dest) ||
	    MACH_MSGH_BITS_REMOTE(reply->hdr.msgh_bits) ==
	    MACH_MSG_TYPE_PORT_RECEIVE) {
		ipc_kmsg_destroy(reply);
		return;
	}
	reply->sender = IPC_KERNEL_SECURITY_TOKEN;
	ipc_mqueue_deliver_bounded(reply, ipc_kobject_reply_limit(reply));
}

/* Does the stub's reply carry anything back (MIG_NO_REPLY: no)? */
static bool
ipc_kobject_wants_reply(const struct ipc_kmsg *reply)
{
	const mig_reply_error_t *err = (const mig_reply_error_t *)&reply->hdr;

	return MACH_MSGH_BITS_IS_COMPLEX(reply->hdr.msgh_bits) ||
	    err->RetCode != MIG_NO_REPLY;
}

mach_msg_return_t
ipc_kobject_server(struct ipc_kmsg *request)
{
	struct thread *self = current_thread();
	mach_msg_header_t *in = &request->hdr;
	mach_msg_size_t reply_size;
	ipc_kobject_demux_t demux = ipc_kobject_find(in->msgh_id, &reply_size);
	struct ipc_kmsg *reply = ipc_kmsg_alloc(reply_size -
	    IPC_KMSG_HEADER_GROWTH);

	ipc_kobject_served++;
	if (!reply) {
		/* As if the server died: the client's reply right fires. */
		ipc_kmsg_destroy(request);
		return MACH_MSG_SUCCESS;
	}
	ipc_kobject_to_received(in);
	self->ith_kobject_request = request;
	demux(in, &reply->hdr);
	self->ith_kobject_request = NULL;
	if (ipc_kobject_wants_reply(reply)) {
		/* The reply right now travels in the reply (the demux copied it). */
		in->msgh_remote_port = NULL;
		in->msgh_bits &= ~MACH_MSGH_BITS_REMOTE_MASK;
	} else {
		reply->hdr.msgh_remote_port = NULL;
	}
	ipc_kobject_from_received(in);
	ipc_kmsg_destroy(request);
	ipc_kobject_reply_copyin(reply);
	ipc_kobject_send_reply(reply);
	return MACH_MSG_SUCCESS;
}

void
ipc_kobject_take_right(struct ipc_port *port, mach_msg_type_name_t msgt_name)
{
	struct ipc_kmsg *request = current_thread()->ith_kobject_request;
	mach_msg_body_t *body;
	mach_msg_descriptor_t *d;

	assert(request != NULL);
	if (!IPC_PORT_VALID(port) ||
	    !MACH_MSGH_BITS_IS_COMPLEX(request->hdr.msgh_bits))
		return;
	body = ipc_kmsg_body(request);
	d = (mach_msg_descriptor_t *)(body + 1);
	for (mach_msg_size_t i = 0; i < body->msgh_descriptor_count; i++) {
		if (d->type.type == MACH_MSG_PORT_DESCRIPTOR &&
		    d->port.name == port && d->port.disposition == msgt_name) {
			d->port.name = NULL;
			return;
		}
		d = (mach_msg_descriptor_t *)((char *)d + (d->type.type ==
		    MACH_MSG_PORT_DESCRIPTOR ? sizeof(d->port) :
		    sizeof(d->out_of_line)));
	}
	panic("ipc_kobject_take_right: the right is not in the request");
}
