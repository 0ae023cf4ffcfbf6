/*
 * Self-tests of right transitions: every disposition of copy-in, copy-out
 * merging, user references and their bound, and the port's counts
 * (srights, sorights, mscount, references) after each step.
 */
#include "ipc/ipc_right.h"
#include "ipc/ipc_right_copy.h"
#include "ipc/mach_port.h"
#include "ipc_testlib.h"
#include "kern/ktest.h"

KTEST(ipc_right_receive_and_make_send)
{
	struct ipc_leak_mark mark;
	struct ipc_space *a;
	struct ipc_port *p;
	mach_port_name_t r;

	ipc_leak_begin(&mark);
	a = t_space();
	r = t_receive(a);
	p = t_port(a, r);
	KEXPECT_EQ(p->obj.refs, 1);
	KEXPECT_EQ(p->receiver, a);
	KEXPECT_EQ(p->receiver_name, r);
	/* MAKE_SEND into the same space merges with the receive right */
	KEXPECT_EQ(t_give(a, r, MACH_MSG_TYPE_MAKE_SEND, a), r);
	KEXPECT_EQ(t_type(a, r), MACH_PORT_TYPE_SEND_RECEIVE);
	KEXPECT_EQ(t_refs(a, r, MACH_PORT_RIGHT_SEND), 1);
	KEXPECT_EQ(t_refs(a, r, MACH_PORT_RIGHT_RECEIVE), 1);
	KEXPECT_EQ(p->srights, 1);
	KEXPECT_EQ(p->mscount, 1);
	KEXPECT_EQ(p->obj.refs, 1);		/* one entry, one reference */
	KEXPECT_EQ(t_give(a, r, MACH_MSG_TYPE_MAKE_SEND, a), r);
	KEXPECT_EQ(t_refs(a, r, MACH_PORT_RIGHT_SEND), 2);
	KEXPECT_EQ(p->srights, 1);		/* still one send right */
	KEXPECT_EQ(p->mscount, 2);
	/* dropping the send urefs leaves the receive right */
	KEXPECT_EQ(mach_port_mod_refs(a, r, MACH_PORT_RIGHT_SEND, -2),
	    KERN_SUCCESS);
	KEXPECT_EQ(t_type(a, r), MACH_PORT_TYPE_RECEIVE);
	KEXPECT_EQ(p->srights, 0);
	KEXPECT_EQ(p->obj.refs, 1);
	KEXPECT_EQ(mach_port_mod_refs(a, r, MACH_PORT_RIGHT_RECEIVE, -1),
	    KERN_SUCCESS);
	KEXPECT_EQ(mach_port_deallocate(a, r), KERN_INVALID_NAME);
	ipc_space_release(a);
	ipc_leak_end(&mark);
}

/* Send rights between spaces: copy, move, merge, and the counts. */
KTEST(ipc_right_send_between_spaces)
{
	struct ipc_leak_mark mark;
	struct ipc_space *a, *b, *c;
	struct ipc_port *p;
	mach_port_name_t r, sb, sb2, sc;

	ipc_leak_begin(&mark);
	a = t_space();
	b = t_space();
	c = t_space();
	r = t_receive(a);
	p = t_port(a, r);
	sb = t_give(a, r, MACH_MSG_TYPE_MAKE_SEND, b);
	KEXPECT_EQ(t_type(b, sb), MACH_PORT_TYPE_SEND);
	KEXPECT_EQ(p->srights, 1);
	KEXPECT_EQ(p->obj.refs, 2);
	/* a second send right to the same port gets the same name */
	sb2 = t_give(a, r, MACH_MSG_TYPE_MAKE_SEND, b);
	KEXPECT_EQ(sb2, sb);
	KEXPECT_EQ(t_refs(b, sb, MACH_PORT_RIGHT_SEND), 2);
	KEXPECT_EQ(p->srights, 1);
	KEXPECT_EQ(p->obj.refs, 2);
	/* COPY_SEND: b keeps its urefs, c gets a right */
	sc = t_give(b, sb, MACH_MSG_TYPE_COPY_SEND, c);
	KEXPECT_EQ(t_refs(b, sb, MACH_PORT_RIGHT_SEND), 2);
	KEXPECT_EQ(t_refs(c, sc, MACH_PORT_RIGHT_SEND), 1);
	KEXPECT_EQ(p->srights, 2);
	KEXPECT_EQ(p->obj.refs, 3);
	/* MOVE_SEND of one of two urefs: b keeps one, c merges */
	KEXPECT_EQ(t_give(b, sb, MACH_MSG_TYPE_MOVE_SEND, c), sc);
	KEXPECT_EQ(t_refs(b, sb, MACH_PORT_RIGHT_SEND), 1);
	KEXPECT_EQ(t_refs(c, sc, MACH_PORT_RIGHT_SEND), 2);
	KEXPECT_EQ(p->srights, 2);
	/* MOVE_SEND of the last uref: b's name goes away */
	KEXPECT_EQ(t_give(b, sb, MACH_MSG_TYPE_MOVE_SEND, c), sc);
	KEXPECT_EQ(mach_port_deallocate(b, sb), KERN_INVALID_NAME);
	KEXPECT_EQ(t_refs(c, sc, MACH_PORT_RIGHT_SEND), 3);
	KEXPECT_EQ(p->srights, 1);
	KEXPECT_EQ(p->obj.refs, 2);
	KEXPECT_EQ(p->mscount, 2);
	ipc_space_release(c);
	KEXPECT_EQ(p->srights, 0);
	KEXPECT_EQ(p->obj.refs, 1);
	ipc_space_release(b);
	ipc_space_release(a);
	ipc_leak_end(&mark);
}

/* Send-once rights: a fresh name each, counted in sorights. */
KTEST(ipc_right_send_once)
{
	struct ipc_leak_mark mark;
	struct ipc_space *a, *b;
	struct ipc_port *p;
	mach_port_name_t r, so1, so2, moved;

	ipc_leak_begin(&mark);
	a = t_space();
	b = t_space();
	r = t_receive(a);
	p = t_port(a, r);
	so1 = t_give(a, r, MACH_MSG_TYPE_MAKE_SEND_ONCE, b);
	so2 = t_give(a, r, MACH_MSG_TYPE_MAKE_SEND_ONCE, b);
	KEXPECT(so1 != so2);
	KEXPECT_EQ(t_type(b, so1), MACH_PORT_TYPE_SEND_ONCE);
	KEXPECT_EQ(t_refs(b, so1, MACH_PORT_RIGHT_SEND_ONCE), 1);
	KEXPECT_EQ(p->sorights, 2);
	KEXPECT_EQ(p->obj.refs, 3);
	KEXPECT_EQ(p->mscount, 0);	/* send-once rights do not count */
	/* a send-once right cannot take more references */
	KEXPECT_EQ(mach_port_mod_refs(b, so1, MACH_PORT_RIGHT_SEND_ONCE, 1),
	    KERN_INVALID_VALUE);
	KEXPECT_EQ(mach_port_mod_refs(b, so1, MACH_PORT_RIGHT_SEND, 1),
	    KERN_INVALID_RIGHT);
	/* MOVE_SEND_ONCE moves it to a fresh name; the old one is gone */
	moved = t_give(b, so1, MACH_MSG_TYPE_MOVE_SEND_ONCE, a);
	KEXPECT(moved != r);
	KEXPECT_EQ(t_type(a, moved), MACH_PORT_TYPE_SEND_ONCE);
	KEXPECT_EQ(mach_port_deallocate(b, so1), KERN_INVALID_NAME);
	KEXPECT_EQ(p->sorights, 2);
	/* each unused send-once right, destroyed, sends a notification */
	KEXPECT_EQ(mach_port_deallocate(a, moved), KERN_SUCCESS);
	KEXPECT_EQ(mach_port_mod_refs(b, so2, MACH_PORT_RIGHT_SEND_ONCE, -1),
	    KERN_SUCCESS);
	KEXPECT_EQ(t_queued(a, r), 2);
	/* each notification holds its right until it is received */
	KEXPECT_EQ(p->sorights, 2);
	t_expect_notification(a, r, MACH_NOTIFY_SEND_ONCE);
	t_expect_notification(a, r, MACH_NOTIFY_SEND_ONCE);
	KEXPECT_EQ(p->sorights, 0);
	KEXPECT_EQ(p->obj.refs, 1);
	ipc_space_release(b);
	ipc_space_release(a);
	ipc_leak_end(&mark);
}

/* MOVE_RECEIVE: send rights stay with the name; the port goes in transit. */
KTEST(ipc_right_move_receive)
{
	struct ipc_leak_mark mark;
	struct ipc_space *a, *b;
	struct ipc_port *p = NULL;
	struct ipc_port_status st;
	mach_port_name_t r, rb;

	ipc_leak_begin(&mark);
	a = t_space();
	b = t_space();
	r = t_receive(a);
	KEXPECT_EQ(t_give(a, r, MACH_MSG_TYPE_MAKE_SEND, a), r);
	t_send_simple(a, r, 1);
	KEXPECT_EQ(ipc_right_copyin(a, r, MACH_MSG_TYPE_MOVE_RECEIVE, &p),
	    KERN_SUCCESS);
	KEXPECT_EQ(t_type(a, r), MACH_PORT_TYPE_SEND);
	KEXPECT(p->receiver == NULL);
	KEXPECT_EQ(p->mscount, 0);		/* fresh for the new holder */
	KEXPECT_EQ(p->obj.refs, 3);		/* a's entry, in transit, msg */
	KEXPECT_EQ(ipc_right_copyout(b, p, MACH_MSG_TYPE_PORT_RECEIVE, &rb),
	    KERN_SUCCESS);
	KEXPECT_EQ(p->receiver, b);
	KEXPECT_EQ(p->receiver_name, rb);
	KEXPECT_EQ(mach_port_get_receive_status(b, rb, &st), KERN_SUCCESS);
	KEXPECT_EQ(st.msgcount, 1);		/* queued messages move too */
	KEXPECT(st.srights);
	/* back to a: it merges with a's send right under a's name */
	KEXPECT_EQ(t_give(b, rb, MACH_MSG_TYPE_MOVE_RECEIVE, a), r);
	KEXPECT_EQ(t_type(a, r), MACH_PORT_TYPE_SEND_RECEIVE);
	KEXPECT_EQ(mach_port_type(b, rb, &st.sorights), KERN_INVALID_NAME);
	KEXPECT_EQ(p->obj.refs, 2);		/* a's entry and the message */
	ipc_space_release(b);
	ipc_space_release(a);
	ipc_leak_end(&mark);
}

/* User references are bounded, everywhere they can grow. */
KTEST(ipc_right_urefs_overflow)
{
	struct ipc_leak_mark mark;
	struct ipc_space *a, *b;
	struct ipc_port *p = NULL;
	mach_port_name_t r, s, d, out;

	ipc_leak_begin(&mark);
	a = t_space();
	b = t_space();
	r = t_receive(a);
	s = t_give(a, r, MACH_MSG_TYPE_MAKE_SEND, b);
	KEXPECT_EQ(mach_port_mod_refs(b, s, MACH_PORT_RIGHT_SEND,
	    IPC_UREFS_MAX - 1), KERN_SUCCESS);
	KEXPECT_EQ(t_refs(b, s, MACH_PORT_RIGHT_SEND), IPC_UREFS_MAX);
	KEXPECT_EQ(mach_port_mod_refs(b, s, MACH_PORT_RIGHT_SEND, 1),
	    KERN_UREFS_OVERFLOW);
	KEXPECT_EQ(mach_port_mod_refs(b, s, MACH_PORT_RIGHT_SEND,
	    -(mach_port_delta_t)IPC_UREFS_MAX - 1), KERN_INVALID_VALUE);
	KEXPECT_EQ(t_refs(b, s, MACH_PORT_RIGHT_SEND), IPC_UREFS_MAX);
	/* copy-out of one more send right fails and leaves it to the caller */
	KEXPECT_EQ(ipc_right_copyin(a, r, MACH_MSG_TYPE_MAKE_SEND, &p),
	    KERN_SUCCESS);
	KEXPECT_EQ(ipc_right_copyout(b, p, MACH_MSG_TYPE_PORT_SEND, &out),
	    KERN_UREFS_OVERFLOW);
	KEXPECT_EQ(mach_port_insert_right(b, s, p, MACH_MSG_TYPE_PORT_SEND),
	    KERN_UREFS_OVERFLOW);
	KEXPECT_EQ(p->srights, 2);
	ipc_port_release_send(p);
	KEXPECT_EQ(p->srights, 1);
	/* dead names too */
	KEXPECT_EQ(mach_port_allocate(b, MACH_PORT_RIGHT_DEAD_NAME, &d),
	    KERN_SUCCESS);
	KEXPECT_EQ(mach_port_mod_refs(b, d, MACH_PORT_RIGHT_DEAD_NAME,
	    IPC_UREFS_MAX), KERN_UREFS_OVERFLOW);
	KEXPECT_EQ(mach_port_mod_refs(b, d, MACH_PORT_RIGHT_DEAD_NAME, 4),
	    KERN_SUCCESS);
	KEXPECT_EQ(t_refs(b, d, MACH_PORT_RIGHT_DEAD_NAME), 5);
	KEXPECT_EQ(mach_port_mod_refs(b, d, MACH_PORT_RIGHT_DEAD_NAME, -5),
	    KERN_SUCCESS);
	KEXPECT_EQ(mach_port_deallocate(b, d), KERN_INVALID_NAME);
	ipc_space_release(b);
	ipc_space_release(a);
	ipc_leak_end(&mark);
}

/* Copy-in refuses what the name does not hold, and changes nothing. */
KTEST(ipc_right_copyin_errors)
{
	struct ipc_leak_mark mark;
	struct ipc_space *a, *b;
	struct ipc_port *p = NULL;
	mach_port_name_t r, s, so, ps;

	ipc_leak_begin(&mark);
	a = t_space();
	b = t_space();
	r = t_receive(a);
	s = t_give(a, r, MACH_MSG_TYPE_MAKE_SEND, b);
	so = t_give(a, r, MACH_MSG_TYPE_MAKE_SEND_ONCE, b);
	KEXPECT_EQ(mach_port_allocate(b, MACH_PORT_RIGHT_PORT_SET, &ps),
	    KERN_SUCCESS);
	KEXPECT_EQ(ipc_right_copyin(b, s, MACH_MSG_TYPE_MAKE_SEND, &p),
	    KERN_INVALID_RIGHT);
	KEXPECT_EQ(ipc_right_copyin(b, s, MACH_MSG_TYPE_MOVE_RECEIVE, &p),
	    KERN_INVALID_RIGHT);
	KEXPECT_EQ(ipc_right_copyin(b, s, MACH_MSG_TYPE_MOVE_SEND_ONCE, &p),
	    KERN_INVALID_RIGHT);
	KEXPECT_EQ(ipc_right_copyin(b, so, MACH_MSG_TYPE_COPY_SEND, &p),
	    KERN_INVALID_RIGHT);
	KEXPECT_EQ(ipc_right_copyin(b, ps, MACH_MSG_TYPE_COPY_SEND, &p),
	    KERN_INVALID_RIGHT);
	KEXPECT_EQ(ipc_right_copyin(b, s, 99, &p), KERN_INVALID_VALUE);
	KEXPECT_EQ(ipc_right_copyin(b, s, MACH_MSG_TYPE_PORT_NAME, &p),
	    KERN_INVALID_VALUE);
	KEXPECT_EQ(ipc_right_copyin(b, s + 1, MACH_MSG_TYPE_COPY_SEND, &p),
	    KERN_INVALID_NAME);
	KEXPECT_EQ(mach_port_deallocate(a, r), KERN_INVALID_RIGHT);
	KEXPECT_EQ(mach_port_deallocate(b, ps), KERN_INVALID_RIGHT);
	KEXPECT_EQ(mach_port_mod_refs(b, s, MACH_PORT_RIGHT_RECEIVE, -1),
	    KERN_INVALID_RIGHT);
	KEXPECT_EQ(mach_port_mod_refs(b, s, MACH_PORT_RIGHT_NUMBER, 1),
	    KERN_INVALID_VALUE);
	KEXPECT_EQ(mach_port_mod_refs(a, r, MACH_PORT_RIGHT_RECEIVE, 1),
	    KERN_INVALID_VALUE);
	KEXPECT_EQ(t_refs(b, s, MACH_PORT_RIGHT_SEND), 1);
	KEXPECT_EQ(t_port(a, r)->srights, 1);
	KEXPECT_EQ(t_port(a, r)->sorights, 1);
	ipc_space_release(b);
	KEXPECT_EQ(t_queued(a, r), 1);		/* b's send-once, unused */
	ipc_space_release(a);
	ipc_leak_end(&mark);
}

/* insert_right / extract_right under chosen names. */
KTEST(ipc_right_insert_extract)
{
	struct ipc_leak_mark mark;
	struct ipc_space *a, *b;
	struct ipc_port *p = NULL;
	mach_msg_type_name_t type;
	mach_port_name_t r, chosen = IPC_NAME_MAKE(77, 3), other;

	ipc_leak_begin(&mark);
	a = t_space();
	b = t_space();
	r = t_receive(a);
	KEXPECT_EQ(mach_port_extract_right(a, r, MACH_MSG_TYPE_MAKE_SEND, &p,
	    &type), KERN_SUCCESS);
	KEXPECT_EQ(type, MACH_MSG_TYPE_PORT_SEND);
	KEXPECT_EQ(mach_port_insert_right(b, chosen, p, type), KERN_SUCCESS);
	KEXPECT_EQ(t_type(b, chosen), MACH_PORT_TYPE_SEND);
	/* the same port under the same name merges */
	KEXPECT_EQ(mach_port_extract_right(a, r, MACH_MSG_TYPE_MAKE_SEND, &p,
	    &type), KERN_SUCCESS);
	KEXPECT_EQ(mach_port_insert_right(b, chosen, p, type), KERN_SUCCESS);
	KEXPECT_EQ(t_refs(b, chosen, MACH_PORT_RIGHT_SEND), 2);
	/* ... but not under another name, and no other port there */
	KEXPECT_EQ(mach_port_extract_right(a, r, MACH_MSG_TYPE_MAKE_SEND, &p,
	    &type), KERN_SUCCESS);
	KEXPECT_EQ(mach_port_insert_right(b, IPC_NAME_MAKE(78, 0), p, type),
	    KERN_RIGHT_EXISTS);
	KEXPECT_EQ(mach_port_allocate(b, MACH_PORT_RIGHT_DEAD_NAME, &other),
	    KERN_SUCCESS);
	KEXPECT_EQ(mach_port_insert_right(b, other, p, type), KERN_RIGHT_EXISTS);
	KEXPECT_EQ(mach_port_insert_right(b, chosen, p, 99), KERN_INVALID_VALUE);
	KEXPECT_EQ(mach_port_insert_right(b, chosen, p, type), KERN_SUCCESS);
	KEXPECT_EQ(t_refs(b, chosen, MACH_PORT_RIGHT_SEND), 3);
	/* a send-once right needs a fresh name */
	KEXPECT_EQ(mach_port_extract_right(a, r, MACH_MSG_TYPE_MAKE_SEND_ONCE,
	    &p, &type), KERN_SUCCESS);
	KEXPECT_EQ(mach_port_insert_right(b, chosen, p, type), KERN_NAME_EXISTS);
	KEXPECT_EQ(mach_port_insert_right(b, other, p, type), KERN_NAME_EXISTS);
	KEXPECT_EQ(mach_port_insert_right(b, IPC_NAME_MAKE(79, 1), p, type),
	    KERN_SUCCESS);
	KEXPECT_EQ(t_port(a, r)->srights, 1);
	KEXPECT_EQ(t_port(a, r)->sorights, 1);
	KEXPECT_EQ(t_port(a, r)->mscount, 3);
	ipc_space_release(b);
	ipc_space_release(a);
	ipc_leak_end(&mark);
}
