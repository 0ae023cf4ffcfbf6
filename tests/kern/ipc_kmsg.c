/*
 * Self-tests of kernel messages and queues: FIFO order and sequence
 * numbers, messages to dead ports, and destruction of messages whose
 * rights lead to more messages (a long chain, without recursion).
 */
#include "ipc/ipc_mqueue.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_right_copy.h"
#include "ipc/mach_port.h"
#include "ipc_testlib.h"
#include "kern/ktest.h"

KTEST(ipc_kmsg_fifo_seqno)
{
	struct ipc_leak_mark mark;
	struct ipc_space *a;
	struct ipc_kmsg *k;
	struct ipc_port_status st;
	mach_port_name_t r;

	ipc_leak_begin(&mark);
	a = t_space();
	r = t_receive(a);
	for (int i = 0; i < 5; i++)
		t_send_simple(a, r, 100 + i);
	for (int i = 0; i < 5; i++) {
		k = t_dequeue(a, r);
		KEXPECT(k != NULL);
		if (!k)
			break;
		KEXPECT_EQ(k->hdr.msgh_id, 100 + i);
		KEXPECT_EQ(k->seqno, i);
		ipc_kmsg_destroy(k);
	}
	KEXPECT(t_dequeue(a, r) == NULL);
	KEXPECT_EQ(mach_port_get_receive_status(a, r, &st), KERN_SUCCESS);
	KEXPECT_EQ(st.seqno, 5);
	KEXPECT_EQ(st.msgcount, 0);
	KEXPECT(!st.srights);		/* the messages' rights were released */
	ipc_space_release(a);
	ipc_leak_end(&mark);
}

/*
 * A message to a dead port is refused and destroyed: its reply right
 * fires a send-once notification at the reply port.
 */
KTEST(ipc_kmsg_to_dead_port)
{
	struct ipc_leak_mark mark;
	struct ipc_space *a;
	struct ipc_kmsg *k;
	struct ipc_port *dest = NULL;
	mach_port_name_t r, reply;

	ipc_leak_begin(&mark);
	a = t_space();
	r = t_receive(a);
	reply = t_receive(a);
	KEXPECT_EQ(ipc_right_copyin(a, r, MACH_MSG_TYPE_MAKE_SEND, &dest),
	    KERN_SUCCESS);
	KEXPECT_EQ(mach_port_destroy(a, r), KERN_SUCCESS);
	k = ipc_kmsg_alloc(IPC_USER_HEADER_SIZE);
	KEXPECT(k != NULL);
	if (k) {
		k->hdr.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND,
		    MACH_MSG_TYPE_PORT_SEND_ONCE);
		k->hdr.msgh_remote_port = dest;
		k->hdr.msgh_local_port = t_send_once(a, reply);
		KEXPECT_EQ(ipc_mqueue_deliver(k), MACH_SEND_INVALID_DEST);
		t_expect_notification(a, reply, MACH_NOTIFY_SEND_ONCE);
	}
	ipc_space_release(a);
	ipc_leak_end(&mark);
}

/* Queue a message on `dest` carrying `carried`'s receive right. */
static void
send_receive_right(struct ipc_space *a, mach_port_name_t dest,
    mach_port_name_t carried)
{
	struct ipc_kmsg *k = ipc_kmsg_alloc(IPC_USER_HEADER_SIZE + 4 + 12);
	mach_msg_body_t *body;
	mach_msg_port_descriptor_t *d;
	struct ipc_port *dp = NULL, *cp = NULL;

	KEXPECT(k != NULL);
	if (!k)
		return;
	KEXPECT_EQ(ipc_right_copyin(a, dest, MACH_MSG_TYPE_MAKE_SEND, &dp),
	    KERN_SUCCESS);
	KEXPECT_EQ(ipc_right_copyin(a, carried, MACH_MSG_TYPE_MOVE_RECEIVE,
	    &cp), KERN_SUCCESS);
	KEXPECT(!ipc_port_check_circularity(cp, dp));
	ipc_port_reference(dp);
	cp->destination = dp;
	k->hdr.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND, 0) |
	    MACH_MSGH_BITS_COMPLEX;
	k->hdr.msgh_remote_port = dp;
	body = ipc_kmsg_body(k);
	body->msgh_descriptor_count = 1;
	d = (mach_msg_port_descriptor_t *)(body + 1);
	d->name = cp;
	d->disposition = MACH_MSG_TYPE_PORT_RECEIVE;
	d->type = MACH_MSG_PORT_DESCRIPTOR;
	KEXPECT_EQ(ipc_mqueue_deliver(k), MACH_MSG_SUCCESS);
}

/*
 * 2000 ports, each one's receive right queued in a message on the next:
 * destroying the last destroys them all, without deep recursion.
 */
KTEST(ipc_kmsg_destroy_chain)
{
	struct ipc_leak_mark mark;
	struct ipc_space *a;
	mach_port_name_t prev, next;
	unsigned ports;

	ipc_leak_begin(&mark);
	a = t_space();
	prev = t_receive(a);
	for (int i = 0; i < 2000; i++) {
		next = t_receive(a);
		send_receive_right(a, next, prev);
		prev = next;
	}
	ports = ipc_port_count();
	KEXPECT_EQ(ports, mark.ports + 2001);
	KEXPECT_EQ(mach_port_destroy(a, prev), KERN_SUCCESS);
	KEXPECT_EQ(ipc_port_count(), mark.ports);
	ipc_space_release(a);
	ipc_leak_end(&mark);
}

/* Receive rights in transit know where they are going. */
KTEST(ipc_kmsg_circularity)
{
	struct ipc_leak_mark mark;
	struct ipc_space *a;
	mach_port_name_t p1, p2, p3;
	struct ipc_port *q1, *q2, *q3;

	ipc_leak_begin(&mark);
	a = t_space();
	p1 = t_receive(a);
	p2 = t_receive(a);
	p3 = t_receive(a);
	q1 = t_port(a, p1);
	q2 = t_port(a, p2);
	q3 = t_port(a, p3);
	KEXPECT(ipc_port_check_circularity(q1, q1));
	send_receive_right(a, p2, p1);		/* p1 in transit to p2 */
	send_receive_right(a, p3, p2);		/* p2 in transit to p3 */
	KEXPECT(ipc_port_check_circularity(q3, q1));	/* q1 -> q2 -> q3 */
	KEXPECT(ipc_port_check_circularity(q2, q1));
	KEXPECT(!ipc_port_check_circularity(q1, q3));
	KEXPECT(q2->destination == q3);
	ipc_space_release(a);
	ipc_leak_end(&mark);
}
