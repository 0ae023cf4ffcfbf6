/*
 * Self-tests of notifications: no-senders, dead-name, port-deleted,
 * port-destroyed and send-once, each checked by dequeuing the message
 * from the notify port.
 */
#include "ipc/ipc_right.h"
#include "ipc/ipc_right_copy.h"
#include "ipc/mach_port.h"
#include "ipc_testlib.h"
#include "kern/ktest.h"

static kern_return_t
request(struct ipc_space *space, mach_port_name_t name, mach_msg_id_t variant,
    mach_port_mscount_t sync, struct ipc_space *nspace,
    mach_port_name_t notify)
{
	struct ipc_port *previous = NULL;
	struct ipc_port *so = t_send_once(nspace, notify);
	kern_return_t kr = mach_port_request_notification(space, name, variant,
	    sync, so, &previous);

	if (kr != KERN_SUCCESS)
		ipc_port_release_sonce(so);
	KEXPECT(previous == NULL);
	return kr;
}

/* The last send right going fires no-senders with the make-send count. */
KTEST(ipc_notify_no_senders)
{
	struct ipc_leak_mark mark;
	struct ipc_space *a, *b;
	mach_port_name_t r, n, s;

	ipc_leak_begin(&mark);
	a = t_space();
	b = t_space();
	r = t_receive(a);
	n = t_receive(a);
	/* sync 1: not before a send right was made (0 would fire now) */
	KEXPECT_EQ(request(a, r, MACH_NOTIFY_NO_SENDERS, 1, a, n),
	    KERN_SUCCESS);
	KEXPECT_EQ(t_queued(a, n), 0);
	s = t_give(a, r, MACH_MSG_TYPE_MAKE_SEND, b);
	KEXPECT_EQ(t_give(a, r, MACH_MSG_TYPE_MAKE_SEND, b), s);
	KEXPECT_EQ(mach_port_deallocate(b, s), KERN_SUCCESS);
	KEXPECT_EQ(t_queued(a, n), 0);		/* one uref left */
	KEXPECT_EQ(mach_port_deallocate(b, s), KERN_SUCCESS);
	KEXPECT_EQ(t_queued(a, n), 1);
	KEXPECT_EQ(t_expect_notification(a, n, MACH_NOTIFY_NO_SENDERS), 2);
	KEXPECT(t_port(a, r)->nsrequest == NULL);	/* used up */
	/* already satisfied: fires at once */
	KEXPECT_EQ(request(a, r, MACH_NOTIFY_NO_SENDERS, 2, a, n),
	    KERN_SUCCESS);
	KEXPECT_EQ(t_expect_notification(a, n, MACH_NOTIFY_NO_SENDERS), 2);
	/* waiting for a make-send count not yet reached */
	KEXPECT_EQ(request(a, r, MACH_NOTIFY_NO_SENDERS, 3, a, n),
	    KERN_SUCCESS);
	KEXPECT_EQ(t_queued(a, n), 0);
	s = t_give(a, r, MACH_MSG_TYPE_MAKE_SEND, b);
	KEXPECT_EQ(mach_port_mod_refs(b, s, MACH_PORT_RIGHT_SEND, -1),
	    KERN_SUCCESS);
	KEXPECT_EQ(t_expect_notification(a, n, MACH_NOTIFY_NO_SENDERS), 3);
	/* a request replaced comes back as the previous right */
	KEXPECT_EQ(request(a, r, MACH_NOTIFY_NO_SENDERS, 9, a, n),
	    KERN_SUCCESS);
	{
		struct ipc_port *prev = NULL;
		KEXPECT_EQ(mach_port_request_notification(a, r,
		    MACH_NOTIFY_NO_SENDERS, 0, NULL, &prev), KERN_SUCCESS);
		KEXPECT(prev == t_port(a, n));
		ipc_port_release_right(prev, MACH_MSG_TYPE_PORT_SEND_ONCE);
		t_expect_notification(a, n, MACH_NOTIFY_SEND_ONCE);
	}
	KEXPECT_EQ(request(b, s, MACH_NOTIFY_NO_SENDERS, 0, a, n),
	    KERN_INVALID_NAME);
	KEXPECT_EQ(request(a, r, 12345, 0, a, n), KERN_INVALID_VALUE);
	ipc_space_release(b);
	ipc_space_release(a);
	ipc_leak_end(&mark);
}

/*
 * Destroying a receive right: other spaces' send rights become dead
 * names, their requests fire with their own names, and the dead name
 * carries one more uref for the notification.
 */
KTEST(ipc_notify_dead_name)
{
	struct ipc_leak_mark mark;
	struct ipc_space *a, *b, *c;
	mach_port_name_t r, sb, so, sc, nb;
	struct ipc_port *p;

	ipc_leak_begin(&mark);
	a = t_space();
	b = t_space();
	c = t_space();
	r = t_receive(a);
	p = t_port(a, r);
	nb = t_receive(b);
	sb = t_give(a, r, MACH_MSG_TYPE_MAKE_SEND, b);
	so = t_give(a, r, MACH_MSG_TYPE_MAKE_SEND_ONCE, b);
	sc = t_give(a, r, MACH_MSG_TYPE_MAKE_SEND, c);
	KEXPECT_EQ(request(b, sb, MACH_NOTIFY_DEAD_NAME, 0, b, nb),
	    KERN_SUCCESS);
	KEXPECT_EQ(request(b, so, MACH_NOTIFY_DEAD_NAME, 0, b, nb),
	    KERN_SUCCESS);
	ipc_port_reference(p);
	KEXPECT_EQ(mach_port_destroy(a, r), KERN_SUCCESS);
	KEXPECT(!ipc_port_active(p));
	KEXPECT_EQ(t_queued(b, nb), 2);
	KEXPECT_EQ(t_expect_notification(b, nb, MACH_NOTIFY_DEAD_NAME), sb);
	KEXPECT_EQ(t_expect_notification(b, nb, MACH_NOTIFY_DEAD_NAME), so);
	KEXPECT_EQ(t_type(b, sb), MACH_PORT_TYPE_DEAD_NAME);
	KEXPECT_EQ(t_refs(b, sb, MACH_PORT_RIGHT_DEAD_NAME), 2);
	KEXPECT_EQ(t_refs(b, so, MACH_PORT_RIGHT_DEAD_NAME), 2);
	KEXPECT_EQ(t_type(c, sc), MACH_PORT_TYPE_DEAD_NAME);
	KEXPECT_EQ(t_refs(c, sc, MACH_PORT_RIGHT_DEAD_NAME), 1);
	/* mod_refs(SEND) works on a send right that died */
	KEXPECT_EQ(mach_port_mod_refs(c, sc, MACH_PORT_RIGHT_SEND, -1),
	    KERN_SUCCESS);
	KEXPECT_EQ(mach_port_deallocate(c, sc), KERN_INVALID_NAME);
	/* a dead-name request on a dead name fires at once */
	KEXPECT_EQ(request(b, sb, MACH_NOTIFY_DEAD_NAME, 0, b, nb),
	    KERN_SUCCESS);
	KEXPECT_EQ(t_expect_notification(b, nb, MACH_NOTIFY_DEAD_NAME), sb);
	KEXPECT_EQ(t_refs(b, sb, MACH_PORT_RIGHT_DEAD_NAME), 3);
	KEXPECT_EQ(p->obj.refs, 1);		/* only ours: names let go */
	ipc_port_release(p);
	ipc_space_release(c);
	ipc_space_release(b);
	ipc_space_release(a);
	ipc_leak_end(&mark);
}

/* A name deleted while its dead-name request is pending: port-deleted. */
KTEST(ipc_notify_port_deleted)
{
	struct ipc_leak_mark mark;
	struct ipc_space *a, *b;
	mach_port_name_t r, s, n;

	ipc_leak_begin(&mark);
	a = t_space();
	b = t_space();
	r = t_receive(a);
	n = t_receive(b);
	s = t_give(a, r, MACH_MSG_TYPE_MAKE_SEND, b);
	KEXPECT_EQ(request(b, s, MACH_NOTIFY_DEAD_NAME, 0, b, n),
	    KERN_SUCCESS);
	KEXPECT_EQ(mach_port_deallocate(b, s), KERN_SUCCESS);
	KEXPECT_EQ(t_expect_notification(b, n, MACH_NOTIFY_PORT_DELETED), s);
	/* moving the last uref away deletes the name too */
	s = t_give(a, r, MACH_MSG_TYPE_MAKE_SEND, b);
	KEXPECT_EQ(request(b, s, MACH_NOTIFY_DEAD_NAME, 0, b, n),
	    KERN_SUCCESS);
	t_give(b, s, MACH_MSG_TYPE_MOVE_SEND, a);
	KEXPECT_EQ(t_expect_notification(b, n, MACH_NOTIFY_PORT_DELETED), s);
	/* and the port dying later sends nothing more */
	KEXPECT_EQ(mach_port_destroy(a, r), KERN_SUCCESS);
	KEXPECT_EQ(t_queued(b, n), 0);
	ipc_space_release(b);
	ipc_space_release(a);
	ipc_leak_end(&mark);
}

/* port-destroyed hands the receive right over, queue and all. */
KTEST(ipc_notify_port_destroyed)
{
	struct ipc_leak_mark mark;
	struct ipc_space *a, *b;
	struct ipc_kmsg *kmsg;
	struct ipc_port *p;
	mach_port_name_t r, n, got;
	mach_msg_port_descriptor_t *d;

	ipc_leak_begin(&mark);
	a = t_space();
	b = t_space();
	r = t_receive(a);
	p = t_port(a, r);
	n = t_receive(b);
	t_send_simple(a, r, 42);
	KEXPECT_EQ(request(a, r, MACH_NOTIFY_PORT_DESTROYED, 0, b, n),
	    KERN_SUCCESS);
	KEXPECT_EQ(request(a, r, MACH_NOTIFY_PORT_DESTROYED, 1, b, n),
	    KERN_INVALID_VALUE);
	KEXPECT_EQ(mach_port_destroy(a, r), KERN_SUCCESS);
	KEXPECT(ipc_port_active(p));
	KEXPECT(p->receiver == NULL);
	KEXPECT(p->destination == t_port(b, n));
	kmsg = t_dequeue(b, n);
	KEXPECT(kmsg != NULL);
	if (kmsg) {
		KEXPECT_EQ(kmsg->hdr.msgh_id, MACH_NOTIFY_PORT_DESTROYED);
		KEXPECT(MACH_MSGH_BITS_IS_COMPLEX(kmsg->hdr.msgh_bits));
		d = (mach_msg_port_descriptor_t *)
		    ((mach_msg_body_t *)ipc_kmsg_body(kmsg) + 1);
		KEXPECT(d->name == p);
		KEXPECT_EQ(d->disposition, MACH_MSG_TYPE_PORT_RECEIVE);
		KEXPECT_EQ(ipc_right_copyout(b, d->name,
		    MACH_MSG_TYPE_PORT_RECEIVE, &got), KERN_SUCCESS);
		d->name = NULL;
		ipc_kmsg_destroy(kmsg);
		KEXPECT(p->destination == NULL);
		KEXPECT_EQ(t_type(b, got), MACH_PORT_TYPE_RECEIVE);
		KEXPECT_EQ(t_expect_notification(b, got, 42), 0);
	}
	ipc_space_release(a);
	ipc_space_release(b);
	ipc_leak_end(&mark);
}

/* A port-destroyed request naming the port itself cannot keep it alive. */
KTEST(ipc_notify_port_destroyed_to_itself)
{
	struct ipc_leak_mark mark;
	struct ipc_space *a;
	mach_port_name_t r;

	ipc_leak_begin(&mark);
	a = t_space();
	r = t_receive(a);
	KEXPECT_EQ(request(a, r, MACH_NOTIFY_PORT_DESTROYED, 0, a, r),
	    KERN_SUCCESS);
	KEXPECT_EQ(mach_port_destroy(a, r), KERN_SUCCESS);
	ipc_space_release(a);
	ipc_leak_end(&mark);
}

/* Two ports whose port-destroyed requests name each other. */
KTEST(ipc_notify_port_destroyed_cycle)
{
	struct ipc_leak_mark mark;
	struct ipc_space *a;
	mach_port_name_t r1, r2;

	ipc_leak_begin(&mark);
	a = t_space();
	r1 = t_receive(a);
	r2 = t_receive(a);
	KEXPECT_EQ(request(a, r1, MACH_NOTIFY_PORT_DESTROYED, 0, a, r2),
	    KERN_SUCCESS);
	KEXPECT_EQ(request(a, r2, MACH_NOTIFY_PORT_DESTROYED, 0, a, r1),
	    KERN_SUCCESS);
	ipc_space_release(a);		/* task death destroys both */
	ipc_leak_end(&mark);
}
