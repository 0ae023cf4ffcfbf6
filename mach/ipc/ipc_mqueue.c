/*
 * Message queues: FIFO per port, and the waits of senders (queue full)
 * and receivers (queue empty, on a port or a port set).
 *
 * Waiting uses the two-step wait of kern/waitq.h.  The condition (queue
 * length, a message ready) is checked without the scheduler lock: IPC
 * code runs in threads that are not preempted in the kernel and IPC is
 * never entered from interrupt handlers, so nothing can change the queue
 * between the check and the wait.  (With SMP, the port lock is held
 * across the check and handed to the wait.)  A woken thread always
 * re-checks, so waking too many is harmless; waking too few is not, and
 * every event that can end a wait wakes: a message queued (a receiver),
 * a message taken (a sender), the port dying, moving or leaving a set,
 * the set dying, the queue limit rising (everyone).
 */
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_mqueue.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_pset.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_space.h"
#include "kern/clock.h"
#include "kern/panic.h"

void
ipc_mqueue_init(struct ipc_mqueue *mq)
{
	dlist_init(&mq->messages);
	mq->count = 0;
	waitq_init(&mq->receivers);
	waitq_init(&mq->senders);
}

void
ipc_mqueue_wake_all(struct ipc_port *port)
{
	waitq_wakeup_all(&port->mqueue.receivers, WAIT_AWAKENED);
	waitq_wakeup_all(&port->mqueue.senders, WAIT_AWAKENED);
}

static uint64_t ipc_mqueue_dropped;

uint64_t
ipc_mqueue_drops(void)
{
	return ipc_mqueue_dropped;
}

mach_msg_return_t
ipc_mqueue_deliver_bounded(struct ipc_kmsg *kmsg, mach_port_msgcount_t limit)
{
	struct ipc_port *port = kmsg->hdr.msgh_remote_port;

	assert(IPC_PORT_VALID(port));
	if (!ipc_port_active(port)) {
		ipc_kmsg_destroy(kmsg);
		return MACH_SEND_INVALID_DEST;
	}
	if (port->mqueue.count >= limit) {
		ipc_mqueue_dropped++;
		ipc_kmsg_destroy(kmsg);
		return MACH_SEND_NO_BUFFER;
	}
	dlist_push_tail(&port->mqueue.messages, &kmsg->link);
	port->mqueue.count++;
	waitq_wakeup_one(&port->mqueue.receivers, WAIT_AWAKENED);
	if (port->pset)
		waitq_wakeup_one(&port->pset->receivers, WAIT_AWAKENED);
	return MACH_MSG_SUCCESS;
}

mach_msg_return_t
ipc_mqueue_deliver(struct ipc_kmsg *kmsg)
{
	return ipc_mqueue_deliver_bounded(kmsg, IPC_MQUEUE_LIMIT_HARD);
}

struct ipc_kmsg *
ipc_mqueue_dequeue(struct ipc_port *port)
{
	struct dlist_node *n = dlist_pop_head(&port->mqueue.messages);
	struct ipc_kmsg *kmsg;

	if (!n)
		return NULL;
	kmsg = dlist_entry(n, struct ipc_kmsg, link);
	port->mqueue.count--;
	kmsg->seqno = port->seqno++;
	waitq_wakeup_one(&port->mqueue.senders, WAIT_AWAKENED);
	return kmsg;
}

void
ipc_mqueue_flush(struct ipc_port *port)
{
	struct dlist_node *n;

	while ((n = dlist_pop_head(&port->mqueue.messages)) != NULL) {
		port->mqueue.count--;
		ipc_kmsg_destroy(dlist_entry(n, struct ipc_kmsg, link));
	}
}

static uint64_t
ipc_mqueue_deadline(bool timed, mach_msg_timeout_t timeout_ms)
{
	if (!timed)
		return WAIT_FOREVER;
	return clock_monotonic_ns() + (uint64_t)timeout_ms * NSEC_PER_MSEC;
}

/*
 * The wait of a send, taken before the message is copied in (atomic
 * send, see ipc_mqueue.h): the caller holds a reference on port.
 */
mach_msg_return_t
ipc_mqueue_wait_room(struct ipc_port *port, mach_msg_option_t option,
    mach_msg_timeout_t timeout_ms)
{
	bool timed = (option & MACH_SEND_TIMEOUT) != 0;
	uint64_t deadline = ipc_mqueue_deadline(timed, timeout_ms);

	for (;;) {
		enum wait_result r;

		if (!ipc_port_active(port))
			return MACH_SEND_INVALID_DEST;
		if (port->mqueue.count < port->qlimit ||
		    (option & MACH_SEND_ALWAYS))
			return MACH_MSG_SUCCESS;
		if (timed && timeout_ms == 0)
			return MACH_SEND_TIMED_OUT;
		r = waitq_wait(&port->mqueue.senders, deadline, true);
		if (r == WAIT_TIMED_OUT)
			return MACH_SEND_TIMED_OUT;
		if (r == WAIT_INTERRUPTED)
			return MACH_SEND_INTERRUPTED;
	}
}

mach_msg_return_t
ipc_mqueue_send(struct ipc_kmsg *kmsg, mach_msg_option_t option,
    mach_msg_timeout_t timeout_ms)
{
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	/* kmsg holds the destination right: the port stays while we wait. */
	if (MACH_MSGH_BITS_REMOTE(kmsg->hdr.msgh_bits) !=
	    MACH_MSG_TYPE_PORT_SEND_ONCE)
		mr = ipc_mqueue_wait_room(kmsg->hdr.msgh_remote_port, option,
		    timeout_ms);
	if (mr != MACH_MSG_SUCCESS) {
		ipc_kmsg_destroy(kmsg);
		return mr;
	}
	return ipc_mqueue_deliver(kmsg);
}

mach_msg_size_t
ipc_mqueue_needed_size(const struct ipc_kmsg *kmsg, mach_msg_option_t option)
{
	static const mach_msg_size_t trailer[] = {
		sizeof(mach_msg_trailer_t),
		sizeof(mach_msg_seqno_trailer_t),
		sizeof(mach_msg_security_trailer_t),
		sizeof(mach_msg_audit_trailer_t),
	};
	unsigned elements = GET_RCV_ELEMENTS(option);

	if (elements >= ARRAY_SIZE(trailer))
		elements = ARRAY_SIZE(trailer) - 1;
	return ALIGN_UP(kmsg->hdr.msgh_size, 4u) + trailer[elements];
}

/* A referenced port or set that `name` denotes for receiving. */
static mach_msg_return_t
ipc_mqueue_lookup(struct ipc_space *space, mach_port_name_t name,
    struct ipc_object **objp)
{
	struct ipc_entry *e;

	if (ipc_right_lookup(space, name, &e) != KERN_SUCCESS ||
	    !(e->type & (MACH_PORT_TYPE_RECEIVE | MACH_PORT_TYPE_PORT_SET)))
		return MACH_RCV_INVALID_NAME;
	*objp = e->object;
	(*objp)->refs++;
	return MACH_MSG_SUCCESS;
}

/* Does name still denote obj's receive right or set (after a wait)? */
static bool
ipc_mqueue_still_named(struct ipc_space *space, mach_port_name_t name,
    const struct ipc_object *obj)
{
	struct ipc_entry *e;

	return obj->active && space->active &&
	    (e = ipc_entry_lookup(space, name)) != NULL && e->object == obj &&
	    (e->type & (MACH_PORT_TYPE_RECEIVE | MACH_PORT_TYPE_PORT_SET));
}

static void
ipc_mqueue_release(struct ipc_object *obj)
{
	if (obj->kind == IOT_PSET)
		ipc_pset_release((struct ipc_pset *)obj);
	else
		ipc_port_release((struct ipc_port *)obj);
}

/* Take the oldest message of port if it fits (ipc_mqueue_receive). */
static mach_msg_return_t
ipc_mqueue_take(struct ipc_port *port, mach_msg_option_t option,
    mach_msg_size_t max_size, struct ipc_kmsg **kmsgp, mach_msg_size_t *sizep)
{
	struct ipc_kmsg *kmsg = dlist_entry(port->mqueue.messages.next,
	    struct ipc_kmsg, link);
	mach_msg_size_t needed = ipc_mqueue_needed_size(kmsg, option);

	*sizep = needed;
	if (needed <= max_size) {
		*kmsgp = ipc_mqueue_dequeue(port);
		return MACH_MSG_SUCCESS;
	}
	if (!(option & MACH_RCV_LARGE))
		ipc_kmsg_destroy(ipc_mqueue_dequeue(port));
	return MACH_RCV_TOO_LARGE;
}

mach_msg_return_t
ipc_mqueue_receive(struct ipc_space *space, mach_port_name_t name,
    mach_msg_option_t option, mach_msg_size_t max_size,
    mach_msg_timeout_t timeout_ms, struct ipc_kmsg **kmsgp,
    mach_msg_size_t *sizep)
{
	bool timed = (option & MACH_RCV_TIMEOUT) != 0;
	uint64_t deadline = ipc_mqueue_deadline(timed, timeout_ms);
	struct ipc_object *obj;
	mach_msg_return_t mr = ipc_mqueue_lookup(space, name, &obj);

	while (mr == MACH_MSG_SUCCESS) {
		struct ipc_port *port = (struct ipc_port *)obj;
		struct waitq *wq = &port->mqueue.receivers;
		enum wait_result r;

		if (!ipc_mqueue_still_named(space, name, obj)) {
			mr = MACH_RCV_PORT_DIED;
			break;
		}
		if (obj->kind == IOT_PSET) {
			wq = &((struct ipc_pset *)obj)->receivers;
			port = ipc_pset_first_ready((struct ipc_pset *)obj);
		} else if (port->mqueue.count == 0) {
			port = NULL;
		}
		if (port) {
			mr = ipc_mqueue_take(port, option, max_size, kmsgp,
			    sizep);
			break;
		}
		if (timed && timeout_ms == 0) {
			mr = MACH_RCV_TIMED_OUT;
			break;
		}
		r = waitq_wait(wq, deadline, true);
		if (r == WAIT_TIMED_OUT)
			mr = MACH_RCV_TIMED_OUT;
		else if (r == WAIT_INTERRUPTED)
			mr = MACH_RCV_INTERRUPTED;
		if (mr != MACH_MSG_SUCCESS)
			break;
	}
	if (mr != MACH_RCV_INVALID_NAME)
		ipc_mqueue_release(obj);
	return mr;
}

mach_msg_return_t
ipc_mqueue_receive_kernel(struct ipc_port *port, mach_msg_size_t max_size,
    struct ipc_kmsg **kmsgp)
{
	mach_msg_size_t needed;

	for (;;) {
		enum wait_result r;

		if (port->mqueue.count != 0)
			return ipc_mqueue_take(port, 0, max_size, kmsgp, &needed);
		if (!ipc_port_active(port))
			return MACH_RCV_PORT_DIED;
		r = waitq_wait(&port->mqueue.receivers, WAIT_FOREVER, true);
		if (r == WAIT_INTERRUPTED)
			return MACH_RCV_INTERRUPTED;
	}
}
