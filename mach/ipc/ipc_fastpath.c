/*
 * The IPC fast path (ipc_fastpath.h; DESIGN.md, "Fast path").
 *
 * Two halves share one record, struct ipc_fastpath_wait, which lives on
 * the kernel stack of a thread blocked in the fast path's receive and is
 * found through thread.ith_fastpath:
 *
 *   receive: a caller whose receive can wait (a receive right or set
 *            with nothing queued) fills a wait record, waits on the
 *            port's or set's usual wait queue, and either never runs in
 *            the kernel again for this call (a sender completed it:
 *            direct delivery), or on waking finds its message in the
 *            record (copied out in its own context, like the slow path's
 *            copy-out) or, woken by anything else (a slow-path sender,
 *            the port dying, thread_abort), ends the way
 *            ipc_mqueue_receive would.
 *   send:    guards; then, past the point of no return, the message goes
 *            from the sender's buffer into a kernel bounce of at most
 *            IPC_FASTPATH_MAX_BODY bytes (on the sender's stack), is
 *            stamped there as the receiver's copy-out would write it, and
 *            the sender, having started its own receive wait and loaded
 *            the receiver's address space, copies it out into the
 *            receiver's buffer and sends the receiver back to user mode
 *            from its trap frame (ipc_fastpath_send_and_wait).
 *
 * The copy into the receiver's buffer must not wait for a page (the
 * scheduler lock is held and the CPU is already the receiver's): it is a
 * nowait copy, and when it faults the message goes through the record
 * instead, for the receiver to copy out in its own context, where a bad
 * buffer gives the slow path's MACH_RCV_INVALID_DATA.
 *
 * Locking (DESIGN.md "Locking"): one CPU, no kernel preemption; the trap
 * is entered with interrupts off, which is the scheduler lock, and the
 * wait queues are peeked at and the hand-off done under it.
 * A thread in a fast receive wait never has a timeout, so nothing an
 * interrupt does can take it off its queue between the guards and the
 * hand-off.
 */
#include "ipc/ipc_fastpath.h"
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_kobject.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_pset.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_right_copy.h"
#include "ipc/ipc_space.h"
#include "ipc/mach_traps.h"
#include "kern/copyio.h"
#include "kern/cpu.h"
#include "kern/panic.h"
#include "kern/sched.h"
#include "kern/sched_handoff.h"
#include "kern/string.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "kern/waitq.h"

/* "All guards passed": one past the miss reasons. */
#define IPC_FP_TAKEN		IPC_FP_MISS_COUNT

/* The options the fast path accepts; anything else is the slow path's. */
#define IPC_FP_OPTIONS	(MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TRAILER_MASK)

#define IPC_FP_BUF_SIZE	(IPC_USER_HEADER_SIZE + IPC_FASTPATH_MAX_BODY + \
			 MAX_TRAILER_SIZE)

struct ipc_fastpath_stats ipc_fastpath_stats;

/*
 * A thread waiting in the fast path's receive.  The waiter sets the
 * first group; a sender past its point of no return sets the second and
 * `delivered`, then hands off to the waiter, which alone reads them.
 */
struct ipc_fastpath_wait {
	struct ipc_object *obj;		/* port or set received on, referenced */
	void *msg;			/* the waiter's buffer (user address) */
	mach_port_name_t name;		/* its name in the waiter's space */
	mach_msg_option_t option;
	mach_msg_size_t rcv_size;
	bool delivered;
	bool stamped;			/* buf is final: header rights done */

	struct ipc_port *dest;		/* a right of dest_type to release, or NULL */
	struct ipc_port *reply;		/* a send-once right, or NULL */
	mach_msg_type_name_t dest_type;
	mach_port_name_t local;		/* the header's local name (dest's) */
	mach_msg_size_t size;		/* the user size, header included */
	mach_msg_size_t needed;		/* size plus the trailer asked for */
	/* header (written by the waiter), body, trailer: the user layout */
	_Alignas(8) char buf[IPC_FP_BUF_SIZE];
};

/* A send that passed the guards. */
struct ipc_fastpath_send {
	mach_msg_size_t size;
	mach_msg_size_t needed;		/* size plus the receiver's trailer */
	struct ipc_port *dest;
	struct ipc_entry *dest_entry;	/* the sender's entry for dest */
	struct ipc_entry *rcv_entry;	/* the sender's receive name, or NULL */
	struct ipc_port *reply;		/* the port to make a send-once for */
	struct thread *receiver;
	/* set when the rights are taken (ipc_fastpath_take_rights) */
	mach_msg_type_name_t dest_type;	/* the right the message carries */
	struct ipc_port *dest_release;	/* dest's right to release, or NULL */
	mach_port_name_t local;		/* the header's local name (dest's) */
	/* the message as read; a direct delivery adds its trailer here */
	_Alignas(8) char buf[IPC_FP_BUF_SIZE];
};

/*
 * Copies of a few dozen bytes, n a multiple of 4, in words: the kernel's
 * memcpy/memset go a byte at a time, which made them the largest single
 * cost of a fast null RPC.  On x86_64 one `rep movsq` (one instruction
 * per word under -icount, and fast on hardware for these sizes).
 */
static void
ipc_fastpath_copy(void *dst, const void *src, size_t n)
{
	arch_copy_words(&dst, &src, n / 8);
	if (n & 4)
		__builtin_memcpy(dst, src, 4);
}

static void
ipc_fastpath_zero(void *dst, size_t n)
{
	arch_fill_words(&dst, 0, n / 8);
	if (n & 4)
		__builtin_memset(dst, 0, 4);
}

static mach_msg_size_t
ipc_fastpath_needed(mach_msg_size_t size, mach_msg_option_t option)
{
	static const mach_msg_size_t trailer[] = {
		sizeof(mach_msg_trailer_t),
		sizeof(mach_msg_seqno_trailer_t),
		sizeof(mach_msg_security_trailer_t),
		sizeof(mach_msg_audit_trailer_t),
	};

	/* size is a multiple of 4 (the size guard): no rounding */
	return size + trailer[GET_RCV_ELEMENTS(option)];
}

static struct waitq *
ipc_fastpath_waitq(struct ipc_object *obj)
{
	if (obj->kind == IOT_PSET)
		return &((struct ipc_pset *)obj)->receivers;
	return &((struct ipc_port *)obj)->mqueue.receivers;
}

static inline __attribute__((always_inline)) void
ipc_fastpath_release(struct ipc_object *obj)
{
	if (obj->refs > 1) {		/* not the last: nothing to free */
		obj->refs--;
		return;
	}
	if (obj->kind == IOT_PSET)
		ipc_pset_release((struct ipc_pset *)obj);
	else
		ipc_port_release((struct ipc_port *)obj);
}

/*
 * Options: a receive, maybe with a send, and nothing that needs the slow
 * path's machinery (timeouts and their timers, notify, MACH_RCV_LARGE,
 * trailer formats other than 0 or elements it does not know).
 */
static bool
ipc_fastpath_options_ok(mach_msg_option_t option)
{
	return (option & MACH_RCV_MSG) && !(option & ~IPC_FP_OPTIONS) &&
	    GET_RCV_ELEMENTS(option) <= MACH_RCV_TRAILER_AUDIT;
}

/*
 * Receive guard: `e`, the entry of `name` (NULL if none), is a receive
 * right or a set of ours with nothing queued, so the caller would wait.
 * Fills w, holding a reference.
 */
static inline __attribute__((always_inline)) enum ipc_fastpath_miss
ipc_fastpath_rcv_prepare(struct ipc_entry *e, mach_port_name_t name,
    void *msg, mach_msg_option_t option, mach_msg_size_t rcv_size,
    struct ipc_fastpath_wait *w)
{
	struct ipc_object *obj;
	bool ready;

	if (!e || !(e->type & (MACH_PORT_TYPE_RECEIVE | MACH_PORT_TYPE_PORT_SET)))
		return IPC_FP_MISS_RCV;
	obj = e->object;
	if (obj->kind == IOT_PSET)
		ready = ipc_pset_first_ready((struct ipc_pset *)obj) != NULL;
	else
		ready = ((struct ipc_port *)obj)->mqueue.count != 0;
	if (ready || !obj->active)
		return IPC_FP_MISS_RCV;
	obj->refs++;
	w->obj = obj;
	w->msg = msg;
	w->name = name;
	w->option = option;
	w->rcv_size = rcv_size;
	w->delivered = false;
	w->stamped = false;
	return IPC_FP_TAKEN;
}

/*
 * The name's entry in an active space, as ipc_right_lookup finds it but
 * without its dead-port conversion: every guard that lets a send right
 * through also wants its port active, and the slow path, which the
 * others go to, converts.
 */
static inline __attribute__((always_inline)) struct ipc_entry *
ipc_fastpath_lookup(struct ipc_space *space, mach_port_name_t name)
{
	return space->active ? ipc_entry_lookup_inline(space, name) : NULL;
}

/*
 * The first thread waiting for port's messages, if it waits in the fast
 * path's receive (its room is the caller's test) and would not be a step down
 * in priority (a hand-off must not let a low-priority receiver run ahead
 * of the threads the scheduler would pick).
 */
static inline __attribute__((always_inline)) struct thread *
ipc_fastpath_receiver(struct ipc_port *port, const struct thread *self)
{
	struct waitq *wq = &port->mqueue.receivers;
	struct thread *t;

	if (waitq_empty(wq)) {		/* then maybe one waits on its set */
		if (!port->pset || waitq_empty(&port->pset->receivers))
			return NULL;
		wq = &port->pset->receivers;
	}
	/*
	 * On a wait queue means blocked in THREAD_WAITING (waitq.c takes a
	 * thread off its queue whenever its wait ends; only the current
	 * thread is ever between asserting a wait and blocking, and it is
	 * the sender), so the state needs no test here.
	 */
	t = dlist_entry(wq->waiters.next, struct thread, sched_link);
	if (!t->ith_fastpath || t->sched_pri < self->sched_pri)
		return NULL;
	return t;
}

/*
 * Header guards: a simple message (no COMPLEX, no voucher), destination
 * by COPY_SEND (a request) or MOVE_SEND_ONCE (a reply), and either no
 * reply right or MAKE_SEND_ONCE of the port the caller then receives on
 * (MIG's reply-port pattern).
 */
static inline __attribute__((always_inline)) enum ipc_fastpath_miss
ipc_fastpath_check_header(const struct ipc_user_header *uh,
    mach_port_name_t rcv_name)
{
	mach_msg_type_name_t rd, ld;
	/*
	 * The usual shapes first, in two compares: with the voucher's
	 * disposition (ignored without a voucher name) and the bit that
	 * tells COPY_SEND from MOVE_SEND_ONCE masked off, the bits are a
	 * request's or reply's exactly.  Anything else is sorted below,
	 * each miss under its own reason.
	 */
	uint32_t b = uh->bits & ~(MACH_MSGH_BITS_VOUCHER_MASK |
	    (MACH_MSG_TYPE_COPY_SEND ^ MACH_MSG_TYPE_MOVE_SEND_ONCE));

	_Static_assert((MACH_MSG_TYPE_COPY_SEND ^ MACH_MSG_TYPE_MOVE_SEND_ONCE) ==
	    1 && (MACH_MSG_TYPE_MOVE_SEND_ONCE & 1) == 0, "dispositions");
	if (uh->voucher == MACH_PORT_NULL &&
	    ((b == MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0) &&
	      uh->local == MACH_PORT_NULL) ||
	     (b == MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE,
	       MACH_MSG_TYPE_MAKE_SEND_ONCE) && uh->local == rcv_name)))
		return IPC_FP_TAKEN;
	rd = MACH_MSGH_BITS_REMOTE(uh->bits);
	ld = MACH_MSGH_BITS_LOCAL(uh->bits);
	if (MACH_MSGH_BITS_OTHER(uh->bits) || uh->voucher != MACH_PORT_NULL ||
	    (rd != MACH_MSG_TYPE_COPY_SEND && rd != MACH_MSG_TYPE_MOVE_SEND_ONCE))
		return IPC_FP_MISS_HEADER;
	if (ld == 0 ? uh->local != MACH_PORT_NULL :
	    (ld != MACH_MSG_TYPE_MAKE_SEND_ONCE || uh->local != rcv_name))
		return IPC_FP_MISS_REPLY;
	return IPC_FP_TAKEN;
}

/*
 * Send guards, on the message already read into s->buf (send_size
 * checked), changing nothing.  Scheduler lock held (the receiver found
 * stays waiting until the hand-off).  Each name is looked up once and
 * given the copy-in's own check, so the copy-in past the point of no
 * return cannot fail.
 */
static inline __attribute__((always_inline)) enum ipc_fastpath_miss
ipc_fastpath_check_send(const struct ipc_msg_caller *c,
    mach_msg_size_t send_size, mach_port_name_t rcv_name,
    struct ipc_fastpath_send *s)
{
	const struct ipc_user_header *uh = (const void *)s->buf;
	mach_msg_type_name_t rd;
	enum ipc_fastpath_miss why;
	struct ipc_entry *e;
	struct ipc_port *dest;

	why = ipc_fastpath_check_header(uh, rcv_name);
	if (why != IPC_FP_TAKEN)
		return why;
	rd = MACH_MSGH_BITS_REMOTE(uh->bits);
	/*
	 * ipc_right_copyin_check's test: the type the disposition needs
	 * (send for COPY_SEND, send-once for MOVE_SEND_ONCE; a dead name
	 * fails, as with dead_ok false).  A send-once name with a dead-name
	 * request is left to the slow path: freeing it sends a notification.
	 */
	e = ipc_fastpath_lookup(c->space, uh->remote);
	if (!e || !(e->type & (rd == MACH_MSG_TYPE_COPY_SEND ?
	    MACH_PORT_TYPE_SEND : MACH_PORT_TYPE_SEND_ONCE)) ||
	    (rd == MACH_MSG_TYPE_MOVE_SEND_ONCE && e->dnrequest))
		return IPC_FP_MISS_DEST;
	dest = (struct ipc_port *)e->object;
	/* a kernel object's port has no receiving space (ipc_kobject.h) */
	if (!dest->receiver)
		return ipc_kobject_is_kport(dest) ? IPC_FP_MISS_KOBJECT :
		    IPC_FP_MISS_DEST;
	/* live, not in transit, nothing queued ahead (FIFO), room to send */
	if (!ipc_port_active(dest) || dest->mqueue.count != 0 ||
	    (rd == MACH_MSG_TYPE_COPY_SEND && dest->qlimit == 0))
		return IPC_FP_MISS_DEST;
	s->dest = dest;
	s->dest_entry = e;
	/* the receive name, looked up once for the reply and the receive */
	s->rcv_entry = ipc_fastpath_lookup(c->space, rcv_name);
	s->reply = NULL;
	if (uh->local != MACH_PORT_NULL) {
		/* MAKE_SEND_ONCE needs the receive right (copyin_check's test) */
		if (!s->rcv_entry ||
		    !(s->rcv_entry->type & MACH_PORT_TYPE_RECEIVE))
			return IPC_FP_MISS_REPLY;
		s->reply = (struct ipc_port *)s->rcv_entry->object;
	}
	s->size = send_size;
	s->receiver = ipc_fastpath_receiver(dest, current_thread());
	if (!s->receiver)
		return IPC_FP_MISS_RECEIVER;
	/* room for the message and the trailer it asked for */
	s->needed = ipc_fastpath_needed(send_size,
	    s->receiver->ith_fastpath->option);
	if (s->needed > s->receiver->ith_fastpath->rcv_size)
		return IPC_FP_MISS_RECEIVER;
	return IPC_FP_TAKEN;
}

/*
 * Past the point of no return: take the header rights from the sender,
 * as ipc_kmsg_copyin would for the three dispositions the guards let
 * through, on the entries they looked up (still valid: nothing since
 * could change the table), without its repeated lookups.
 */
static inline __attribute__((always_inline)) void
ipc_fastpath_take_rights(const struct ipc_msg_caller *c,
    struct ipc_fastpath_send *s)
{
	const struct ipc_user_header *uh = (const void *)s->buf;
	struct ipc_port *dest = s->dest, *reply = s->reply;

	/*
	 * The destination right is the receiver's copy-out's to release
	 * (ipc_port_release_dest), done here when that only counts down:
	 * nothing runs between here and that copy-out (one CPU, no kernel
	 * preemption; the receiver's copy-out releases it before anything
	 * there can block), so nobody sees the difference.  The header's
	 * local name is dest's in the receiver's space, as at copy-out.
	 */
	s->local = dest->receiver == s->receiver->task->itk_space ?
	    dest->receiver_name : MACH_PORT_NULL;
	s->dest_release = NULL;
	if (MACH_MSGH_BITS_REMOTE(uh->bits) == MACH_MSG_TYPE_COPY_SEND) {
		/*
		 * ipc_port_copy_send, then its release at copy-out: the
		 * sender keeps its send right (checked), so the message's is
		 * neither the last send right nor the last reference and the
		 * pair changes no count.
		 */
		s->dest_type = MACH_MSG_TYPE_PORT_SEND;
	} else {	/* MOVE_SEND_ONCE: the right leaves the name */
		struct ipc_entry *e = s->dest_entry;

		/* ipc_right_entry_done without a dead-name request (guard) */
		e->type = MACH_PORT_TYPE_NONE;
		e->object = NULL;
		e->urefs = 0;
		ipc_entry_free_inline(c->space, uh->remote, e);
		s->dest_type = MACH_MSG_TYPE_PORT_SEND_ONCE;
		if (dest->obj.refs > 1 && dest->sorights > 0) {
			dest->sorights--;	/* released: not the last ref */
			dest->obj.refs--;
		} else {
			s->dest_release = dest;	/* the copy-out releases it */
		}
	}
	if (reply) {		/* ipc_port_make_send_once: active, checked */
		reply->sorights++;
		reply->obj.refs++;
	}
}

/*
 * The trailer, after the message at buf + size (buf has room for the
 * largest), stamped as ipc_mqueue_dequeue and ipc_kmsg_put stamp it.
 */
static inline __attribute__((always_inline)) void
ipc_fastpath_trailer(const struct ipc_msg_caller *c,
    const struct ipc_fastpath_send *s, char *buf)
{
	mach_msg_max_trailer_t *t = (mach_msg_max_trailer_t *)(void *)
	    (buf + s->size);

	t->msgh_trailer_type = MACH_MSG_TRAILER_FORMAT_0;
	t->msgh_trailer_size = s->needed - s->size;
	t->msgh_seqno = s->dest->seqno++;
	t->msgh_sender = c->token;
	if (t->msgh_trailer_size > offsetof(mach_msg_max_trailer_t, msgh_audit))
		ipc_fastpath_zero(&t->msgh_audit, sizeof(t->msgh_audit));
}

/*
 * Delivery through the receiver's record: the message, its rights in
 * kernel form and its trailer go into the record; the receiver, resumed
 * in its own context, copies out (ipc_fastpath_copyout).
 */
static inline __attribute__((always_inline)) void
ipc_fastpath_deliver(const struct ipc_msg_caller *c,
    const struct ipc_fastpath_send *s)
{
	struct ipc_fastpath_wait *w = s->receiver->ith_fastpath;

	w->local = s->local;
	w->dest = s->dest_release;
	w->dest_type = s->dest_type;
	w->reply = s->reply;
	w->size = s->size;
	w->needed = s->needed;
	ipc_fastpath_copy(w->buf, s->buf, s->size);	/* header rewritten later */
	ipc_fastpath_trailer(c, s, w->buf);
	w->delivered = true;
	ipc_fastpath_stats.record++;
}

/*
 * The message in its final user form in s->buf, for the sender to copy
 * out into the receiver's buffer itself (direct delivery): the reply
 * right becomes a name in the receiver's space and the header is written
 * as ipc_kmsg_copyout writes it, the trailer after it.  Only when all of
 * that is bookkeeping that cannot fail or wait: a free name on the
 * space's list (no table growth), no destination right whose release
 * could send a notification, and the receiver's reference on what it
 * waits on not its last (its release frees nothing).  Returns false,
 * having changed nothing, when the record's way must be taken.
 */
static inline __attribute__((always_inline)) bool
ipc_fastpath_stamp(const struct ipc_msg_caller *c, struct ipc_fastpath_send *s,
    const struct ipc_fastpath_wait *rw)
{
	struct ipc_user_header *uh = (void *)s->buf;
	struct ipc_space *space = s->receiver->task->itk_space;
	struct ipc_port *reply = s->reply;
	mach_port_name_t remote = MACH_PORT_NULL;
	struct ipc_entry *e;

	if (s->dest_release || rw->obj->refs < 2)
		return false;
	if (reply) {
		/*
		 * The reply port is the sender's receive right it waits on,
		 * which the receive guard found active (rcv_prepare), under
		 * this same lock: no second test.
		 */
		if (!space->active ||
		    (e = ipc_entry_alloc_quick(space, &remote)) == NULL)
			return false;
		/* ipc_right_copyout of a send-once right, on a free name */
		e->object = &reply->obj;
		e->type = MACH_PORT_TYPE_SEND_ONCE;
		e->urefs = 1;
	}
	uh->bits = MACH_MSGH_BITS(remote == MACH_PORT_NULL ? 0 :
	    MACH_MSG_TYPE_PORT_SEND_ONCE, s->dest_type);
	uh->size = s->size;
	uh->remote = remote;
	uh->local = s->local;
	uh->voucher = MACH_PORT_NULL;
	ipc_fastpath_trailer(c, s, s->buf);
	return true;
}

/*
 * Copy the stamped message out into the receiver's buffer, in its address
 * space (thread_handoff_begin_inline has loaded it), without waiting for
 * a page: a fault fails the copy (a nowait copy: x86_64/copyio.h).  The
 * usual reasons are a receive buffer not yet touched (demand zero) or not
 * writable; the record's way then copies out in the receiver's own
 * context, where a fault is resolved or reported as the slow path would.
 */
static inline __attribute__((always_inline)) bool
ipc_fastpath_copyout_direct(const struct ipc_fastpath_send *s,
    const struct ipc_fastpath_wait *rw)
{
	return arch_copyout_words4_nowait(s->buf, rw->msg, s->needed);
}

/*
 * The waiter's half of a delivery through its record, in its own
 * context: unless the sender stamped it already, the reply right becomes
 * a name in its space and the header is written as ipc_kmsg_copyout
 * writes it; then one copyout gives header, body and trailer.  Results
 * as the slow path's.
 */
static inline __attribute__((always_inline)) mach_msg_return_t
ipc_fastpath_copyout(const struct ipc_msg_caller *c, void *msg,
    struct ipc_fastpath_wait *w)
{
	struct ipc_user_header *uh = (void *)w->buf;
	struct ipc_space *space = c->space;
	struct ipc_port *reply = w->reply;
	mach_msg_type_name_t rt = MACH_MSG_TYPE_PORT_SEND_ONCE;
	mach_port_name_t remote = MACH_PORT_NULL;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	struct ipc_entry *e;

	/* a stamped message is final: its sender's direct copy-out faulted */
	if (!w->stamped) {
		if (!reply) {
			/* no reply right */
		} else if (space->active && ipc_port_active(reply) &&
		    (e = ipc_entry_alloc_quick(space, &remote)) != NULL) {
			/* ipc_right_copyout of a send-once right, on a free name */
			e->object = &reply->obj;
			e->type = MACH_PORT_TYPE_SEND_ONCE;
			e->urefs = 1;
		} else if (ipc_right_copyout(space, reply, rt, &remote) !=
		    KERN_SUCCESS) {
			ipc_port_release_right(reply, rt);
			remote = MACH_PORT_DEAD;
			mr = MACH_RCV_HEADER_ERROR | MACH_MSG_IPC_SPACE;
		}
		uh->local = w->local;
		if (w->dest)	/* not released at delivery (take_rights) */
			ipc_port_release_dest(w->dest, w->dest_type);
		uh->bits = MACH_MSGH_BITS(remote == MACH_PORT_NULL ? 0 : rt,
		    w->dest_type);
		uh->size = w->size;
		uh->remote = remote;
		uh->voucher = MACH_PORT_NULL;
	}
	/* copyout, inline (needed is a multiple of 4: see the guards) */
	if (!arch_copyout_words4(w->buf, msg, w->needed))
		return MACH_RCV_INVALID_DATA;
	return mr;
}

/* Does w's name still denote what it waited on (ipc_mqueue_receive)? */
static bool
ipc_fastpath_still_named(struct ipc_space *space,
    const struct ipc_fastpath_wait *w)
{
	struct ipc_entry *e;

	return w->obj->active && space->active &&
	    (e = ipc_entry_lookup(space, w->name)) != NULL &&
	    e->object == w->obj &&
	    (e->type & (MACH_PORT_TYPE_RECEIVE | MACH_PORT_TYPE_PORT_SET));
}

/*
 * The end of a wait in the fast path's receive, when the waiter runs
 * again in the kernel (scheduler lock held as `lk` says): its message is
 * in its record, or something else woke it.  Drops w's reference.  (A
 * waiter resumed by a direct delivery never gets here: it leaves for
 * user mode from its trap frame, its call complete.)
 */
static inline __attribute__((always_inline)) mach_msg_return_t
ipc_fastpath_wait_end(const struct ipc_msg_caller *c, void *msg,
    struct ipc_fastpath_wait *w, unsigned long lk)
{
	struct thread *self = current_thread();
	mach_msg_return_t mr;
	int r = self->wait_result;

	sched_unlock(lk);
	self->ith_fastpath = NULL;
	if (w->delivered)
		mr = ipc_fastpath_copyout(c, msg, w);
	else if (r == WAIT_INTERRUPTED)
		mr = MACH_RCV_INTERRUPTED;
	else if (!ipc_fastpath_still_named(c->space, w))
		mr = MACH_RCV_PORT_DIED;
	else	/* a slow-path sender queued something: take it as usual */
		mr = ipc_mach_msg(c, msg, w->option & ~MACH_SEND_MSG, 0,
		    w->rcv_size, w->name, 0);
	ipc_fastpath_release(w->obj);
	return mr;
}

/* Start waiting in the fast path's receive (w prepared, lock held). */
static inline __attribute__((always_inline)) void
ipc_fastpath_wait_begin(struct thread *self, struct ipc_fastpath_wait *w)
{
	self->ith_fastpath = w;
	thread_assert_wait_forever(self, ipc_fastpath_waitq(w->obj));
}

/*
 * Past the point of no return (the guards passed, s and the caller's own
 * wait record w prepared, scheduler lock held as `lk` says): take the
 * rights, start the caller's wait, and give the receiver its message and
 * the CPU.  The usual way is direct: the sender stamps the message and
 * copies it out into the receiver's buffer itself, in the receiver's
 * address space, and the receiver leaves for user mode straight from its
 * trap frame — no record, no stack switch, no second copy.  Otherwise
 * (ipc_fastpath_stamp or the copy refused) the message goes through the
 * receiver's record and the receiver resumes where it blocked.  Returns
 * the caller's receive result, when it runs again in the kernel.
 */
static inline __attribute__((always_inline)) mach_msg_return_t
ipc_fastpath_send_and_wait(const struct ipc_msg_caller *c, void *msg,
    struct ipc_fastpath_send *s, struct ipc_fastpath_wait *w,
    unsigned long lk)
{
	struct thread *self = current_thread(), *to = s->receiver;
	struct ipc_fastpath_wait *rw = to->ith_fastpath;

	ipc_fastpath_take_rights(c, s);
	ipc_fastpath_wait_begin(self, w);
	thread_end_wait_untimed(to);	/* no timeout: see the guards */
	if (!ipc_fastpath_stamp(c, s, rw)) {
		ipc_fastpath_deliver(c, s);
		thread_handoff_direct_inline(to);
		return ipc_fastpath_wait_end(c, msg, w, lk);
	}
	thread_handoff_begin_inline(to);
	if (ipc_fastpath_copyout_direct(s, rw)) {
		rw->obj->refs--;	/* its release: not the last (stamp) */
		to->ith_fastpath = NULL;
		ipc_fastpath_stats.direct++;
		thread_handoff_to_user_inline(self, to, MACH_MSG_SUCCESS);
	} else {
		ipc_fastpath_copy(rw->buf, s->buf, s->needed);
		rw->needed = s->needed;
		rw->stamped = true;
		rw->delivered = true;
		ipc_fastpath_stats.record++;
		ipc_fastpath_stats.direct_faults++;
		thread_handoff_finish_inline(self, to);
	}
	return ipc_fastpath_wait_end(c, msg, w, lk);
}

/*
 * A receive (options checked), the scheduler lock held as `lk` says: wait
 * here if it can, else the slow path.
 */
static mach_msg_return_t
ipc_fastpath_receive(const struct ipc_msg_caller *c, void *msg,
    mach_msg_option_t option, mach_msg_size_t rcv_size,
    mach_port_name_t rcv_name, unsigned long lk)
{
	struct ipc_fastpath_wait w;

	if (ipc_fastpath_rcv_prepare(ipc_fastpath_lookup(c->space, rcv_name),
	    rcv_name, msg, option, rcv_size, &w) != IPC_FP_TAKEN) {
		sched_unlock(lk);
		return ipc_mach_msg(c, msg, option & ~MACH_SEND_MSG, 0,
		    rcv_size, rcv_name, 0);
	}
	ipc_fastpath_wait_begin(current_thread(), &w);
	thread_block();
	return ipc_fastpath_wait_end(c, msg, &w, lk);
}

static inline __attribute__((always_inline)) bool
ipc_fastpath_msg(const struct ipc_msg_caller *c, void *msg,
    mach_msg_option_t option, mach_msg_size_t send_size,
    mach_msg_size_t rcv_size, mach_port_name_t rcv_name,
    mach_msg_timeout_t timeout, mach_msg_return_t *mrp)
{
	struct ipc_fastpath_wait w;
	struct ipc_fastpath_send s;
	enum ipc_fastpath_miss why;
	/* the trap holds the scheduler lock from its entry (mach_msg_trap_regs) */
	unsigned long lk = SCHED_LOCK_HELD_BY_TRAP;

	(void)timeout;	/* no timeout option passes the guards */
	if (!c->user || !ipc_fastpath_options_ok(option)) {
		sched_unlock(lk);
		ipc_fastpath_stats.misses[IPC_FP_MISS_OPTIONS]++;
		return false;
	}
	if (!(option & MACH_SEND_MSG)) {
		*mrp = ipc_fastpath_receive(c, msg, option, rcv_size, rcv_name,
		    lk);
		return true;
	}
	/*
	 * Read the message once, without waiting for a page (interrupts are
	 * off): a fault falls back, and the slow path's copy-in resolves it.
	 */
	if (send_size < IPC_USER_HEADER_SIZE || (send_size & 3) ||
	    send_size > IPC_USER_HEADER_SIZE + IPC_FASTPATH_MAX_BODY ||
	    !arch_copyin_words4_nowait(msg, s.buf, send_size)) {
		why = IPC_FP_MISS_SIZE;		/* the slow path says why */
	} else {
		/* from the guards to the hand-off under the scheduler lock */
		why = ipc_fastpath_check_send(c, send_size, rcv_name, &s);
		if (why == IPC_FP_TAKEN)
			why = ipc_fastpath_rcv_prepare(s.rcv_entry, rcv_name,
			    msg, option, rcv_size, &w);
		if (why == IPC_FP_TAKEN) {
			/* Point of no return: nothing below fails or falls back. */
			*mrp = ipc_fastpath_send_and_wait(c, msg, &s, &w, lk);
			return true;
		}
	}
	sched_unlock(lk);
	ipc_fastpath_stats.misses[why]++;
	if (why == IPC_FP_MISS_RCV)
		return false;
	/*
	 * The send is the slow path's; the receive may still wait here, so
	 * that the reply to it can come fast.
	 */
	*mrp = ipc_mach_msg(c, msg, option & ~MACH_RCV_MSG, send_size, 0,
	    MACH_PORT_NULL, 0);
	if (*mrp == MACH_MSG_SUCCESS)
		*mrp = ipc_fastpath_receive(c, msg, option, rcv_size,
		    rcv_name, sched_lock_intr_on());
	return true;
}

/*
 * The mach_msg trap (mach_traps.h) when the fast path is compiled in:
 * here rather than in mach_traps.c so that the fast path is inlined into
 * it (one frame from the system-call entry to the hand-off).  The same
 * as mach_traps.c's version otherwise.  Entered with interrupts off
 * (syscall_entry.S), which is the scheduler lock the fast path's guards
 * need: ipc_fastpath_msg turns them on before anything else is done.
 */
uint64_t
mach_msg_trap_regs(uint64_t msg, uint64_t option, uint64_t send_size,
    uint64_t rcv_size, uint64_t rcv_name, uint64_t timeout)
{
	struct task *task = current_thread()->task;
	struct ipc_msg_caller caller = { task->itk_space, task->sec_token, true };
	mach_msg_return_t mr;

	if (!task->itk_space) {	/* as mach_trap */
		sched_unlock(SCHED_LOCK_HELD_BY_TRAP);
		return KERN_INVALID_ARGUMENT;
	}
	/* interrupts on again unless it was taken (and they are now the
	 * receiver's, on its way back to user mode) */
	if (!ipc_fastpath_msg(&caller, (void *)msg, (mach_msg_option_t)option,
	    (mach_msg_size_t)send_size, (mach_msg_size_t)rcv_size,
	    (mach_port_name_t)rcv_name, (mach_msg_timeout_t)timeout, &mr))
		mr = ipc_mach_msg(&caller, (void *)msg,
		    (mach_msg_option_t)option, (mach_msg_size_t)send_size,
		    (mach_msg_size_t)rcv_size, (mach_port_name_t)rcv_name,
		    (mach_msg_timeout_t)timeout);
	return (uint32_t)mr;
}
