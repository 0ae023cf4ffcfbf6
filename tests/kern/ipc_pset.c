/*
 * Self-tests of port sets: membership moves, a port in at most one set,
 * members leaving on death or on moving their receive right, and which
 * member a receive on the set would take.
 */
#include "ipc/ipc_pset.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_right_copy.h"
#include "ipc/mach_port.h"
#include "ipc_testlib.h"
#include "kern/ktest.h"

static struct ipc_pset *
t_pset(struct ipc_space *space, mach_port_name_t name)
{
	struct ipc_entry *e;

	if (ipc_right_lookup(space, name, &e) != KERN_SUCCESS ||
	    e->type != MACH_PORT_TYPE_PORT_SET)
		return NULL;
	return (struct ipc_pset *)e->object;
}

KTEST(ipc_pset_move_member)
{
	struct ipc_leak_mark mark;
	struct ipc_space *a;
	struct ipc_port_status st;
	mach_port_name_t s1, s2, p1, p2, p3, snd;

	ipc_leak_begin(&mark);
	a = t_space();
	KEXPECT_EQ(mach_port_allocate(a, MACH_PORT_RIGHT_PORT_SET, &s1),
	    KERN_SUCCESS);
	KEXPECT_EQ(mach_port_allocate(a, MACH_PORT_RIGHT_PORT_SET, &s2),
	    KERN_SUCCESS);
	KEXPECT_EQ(t_type(a, s1), MACH_PORT_TYPE_PORT_SET);
	p1 = t_receive(a);
	p2 = t_receive(a);
	p3 = t_receive(a);
	KEXPECT_EQ(mach_port_move_member(a, p1, s1), KERN_SUCCESS);
	KEXPECT_EQ(mach_port_move_member(a, p2, s1), KERN_SUCCESS);
	KEXPECT_EQ(t_pset(a, s1)->member_count, 2);
	KEXPECT_EQ(mach_port_get_receive_status(a, p1, &st), KERN_SUCCESS);
	KEXPECT_EQ(st.pset, s1);
	/* moving to another set takes it out of the first */
	KEXPECT_EQ(mach_port_move_member(a, p1, s2), KERN_SUCCESS);
	KEXPECT_EQ(t_pset(a, s1)->member_count, 1);
	KEXPECT_EQ(t_pset(a, s2)->member_count, 1);
	KEXPECT(t_port(a, p1)->pset == t_pset(a, s2));
	KEXPECT_EQ(mach_port_move_member(a, p1, s2), KERN_SUCCESS);
	KEXPECT_EQ(t_pset(a, s2)->member_count, 1);
	/* out of any set */
	KEXPECT_EQ(mach_port_move_member(a, p1, MACH_PORT_NULL), KERN_SUCCESS);
	KEXPECT(t_port(a, p1)->pset == NULL);
	KEXPECT_EQ(mach_port_move_member(a, p1, MACH_PORT_NULL),
	    KERN_NOT_IN_SET);
	/* only receive rights join, only sets are joined */
	snd = t_give(a, p3, MACH_MSG_TYPE_MAKE_SEND_ONCE, a);
	KEXPECT_EQ(mach_port_move_member(a, snd, s1), KERN_INVALID_RIGHT);
	KEXPECT_EQ(mach_port_move_member(a, p3, p2), KERN_INVALID_RIGHT);
	KEXPECT_EQ(mach_port_move_member(a, s1, s2), KERN_INVALID_RIGHT);
	KEXPECT_EQ(mach_port_move_member(a, p3, s1 + 1), KERN_INVALID_NAME);
	/* a member that dies leaves; a set that dies lets its members go */
	KEXPECT_EQ(mach_port_move_member(a, p3, s1), KERN_SUCCESS);
	KEXPECT_EQ(mach_port_mod_refs(a, p2, MACH_PORT_RIGHT_RECEIVE, -1),
	    KERN_SUCCESS);
	KEXPECT_EQ(t_pset(a, s1)->member_count, 1);
	KEXPECT_EQ(mach_port_mod_refs(a, s1, MACH_PORT_RIGHT_PORT_SET, -1),
	    KERN_SUCCESS);
	KEXPECT(t_port(a, p3)->pset == NULL);
	KEXPECT_EQ(mach_port_deallocate(a, s1), KERN_INVALID_NAME);
	ipc_space_release(a);
	ipc_leak_end(&mark);
}

/* Moving the receive right to another space takes the port out. */
KTEST(ipc_pset_member_moves_away)
{
	struct ipc_leak_mark mark;
	struct ipc_space *a, *b;
	mach_port_name_t s, p, pb;

	ipc_leak_begin(&mark);
	a = t_space();
	b = t_space();
	KEXPECT_EQ(mach_port_allocate(a, MACH_PORT_RIGHT_PORT_SET, &s),
	    KERN_SUCCESS);
	p = t_receive(a);
	KEXPECT_EQ(mach_port_move_member(a, p, s), KERN_SUCCESS);
	pb = t_give(a, p, MACH_MSG_TYPE_MOVE_RECEIVE, b);
	KEXPECT_EQ(t_pset(a, s)->member_count, 0);
	KEXPECT(t_port(b, pb)->pset == NULL);
	ipc_space_release(a);
	ipc_space_release(b);
	ipc_leak_end(&mark);
}

/* A receive on the set takes the first member with a message, in turn. */
KTEST(ipc_pset_first_ready)
{
	struct ipc_leak_mark mark;
	struct ipc_space *a;
	struct ipc_pset *set;
	mach_port_name_t s, p1, p2;

	ipc_leak_begin(&mark);
	a = t_space();
	KEXPECT_EQ(mach_port_allocate(a, MACH_PORT_RIGHT_PORT_SET, &s),
	    KERN_SUCCESS);
	set = t_pset(a, s);
	p1 = t_receive(a);
	p2 = t_receive(a);
	KEXPECT_EQ(mach_port_move_member(a, p1, s), KERN_SUCCESS);
	KEXPECT_EQ(mach_port_move_member(a, p2, s), KERN_SUCCESS);
	KEXPECT(ipc_pset_first_ready(set) == NULL);
	t_send_simple(a, p2, 1);
	KEXPECT(ipc_pset_first_ready(set) == t_port(a, p2));
	t_send_simple(a, p1, 2);
	t_send_simple(a, p2, 3);
	/* p2 went to the back after being chosen: p1 is next */
	KEXPECT(ipc_pset_first_ready(set) == t_port(a, p1));
	KEXPECT(ipc_pset_first_ready(set) == t_port(a, p2));
	ipc_space_release(a);	/* flushes the queued messages */
	ipc_leak_end(&mark);
}
