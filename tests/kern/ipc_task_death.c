/*
 * Self-tests of task death (ipc_space_destroy): every kind of right the
 * dying space holds is released, and the notifications others asked for
 * arrive.
 */
#include "ipc/ipc_right.h"
#include "ipc/ipc_right_copy.h"
#include "ipc/mach_port.h"
#include "ipc_testlib.h"
#include "kern/ktest.h"

static void
request(struct ipc_space *space, mach_port_name_t name, mach_msg_id_t variant,
    struct ipc_space *nspace, mach_port_name_t notify)
{
	struct ipc_port *previous = NULL;

	KEXPECT_EQ(mach_port_request_notification(space, name, variant, 0,
	    t_send_once(nspace, notify), &previous), KERN_SUCCESS);
}

KTEST(ipc_task_death_releases_everything)
{
	struct ipc_leak_mark mark;
	struct ipc_space *dying, *srv, *cli;
	mach_port_name_t x, y, n, mine, cli_s, srv_n, ps, pd;

	ipc_leak_begin(&mark);
	dying = t_space();
	srv = t_space();
	cli = t_space();
	n = t_receive(srv);
	/* srv's port x: dying holds send rights; srv wants no-senders */
	x = t_receive(srv);
	request(srv, x, MACH_NOTIFY_NO_SENDERS, srv, n);
	t_give(srv, x, MACH_MSG_TYPE_MAKE_SEND, dying);
	/* srv's port y: dying holds a send-once right (an unanswered RPC) */
	y = t_receive(srv);
	t_give(srv, y, MACH_MSG_TYPE_MAKE_SEND_ONCE, dying);
	/* dying's own port: cli holds a send right with a dead-name request */
	mine = t_receive(dying);
	t_send_simple(dying, mine, 7);	/* queued messages are flushed */
	cli_s = t_give(dying, mine, MACH_MSG_TYPE_MAKE_SEND, cli);
	srv_n = t_receive(cli);
	request(cli, cli_s, MACH_NOTIFY_DEAD_NAME, cli, srv_n);
	/* a port set with a member, and a port handed to srv on death */
	KEXPECT_EQ(mach_port_allocate(dying, MACH_PORT_RIGHT_PORT_SET, &ps),
	    KERN_SUCCESS);
	KEXPECT_EQ(mach_port_move_member(dying, mine, ps), KERN_SUCCESS);
	pd = t_receive(dying);
	request(dying, pd, MACH_NOTIFY_PORT_DESTROYED, srv, n);
	/* dying holds a dead-name request on x: it is cancelled */
	request(dying, t_give(srv, x, MACH_MSG_TYPE_MAKE_SEND, dying),
	    MACH_NOTIFY_DEAD_NAME, srv, n);

	ipc_space_destroy(dying);

	/* srv: port-deleted (the request), no-senders, port-destroyed */
	KEXPECT_EQ(t_queued(srv, n), 3);
	KEXPECT_EQ(t_queued(srv, y), 1);
	t_expect_notification(srv, y, MACH_NOTIFY_SEND_ONCE);
	/* cli: its send right died with a dead-name notification */
	KEXPECT_EQ(t_expect_notification(cli, srv_n, MACH_NOTIFY_DEAD_NAME),
	    cli_s);
	KEXPECT_EQ(t_type(cli, cli_s), MACH_PORT_TYPE_DEAD_NAME);
	ipc_space_release(dying);
	ipc_space_release(cli);
	ipc_space_release(srv);
	ipc_leak_end(&mark);
}

/* The order of srv's notifications follows the order of dying's names. */
KTEST(ipc_task_death_notification_kinds)
{
	struct ipc_leak_mark mark;
	struct ipc_space *dying, *srv;
	struct ipc_kmsg *kmsg;
	mach_port_name_t x, n, pd;
	unsigned seen_ns = 0, seen_pd = 0;

	ipc_leak_begin(&mark);
	dying = t_space();
	srv = t_space();
	n = t_receive(srv);
	x = t_receive(srv);
	request(srv, x, MACH_NOTIFY_NO_SENDERS, srv, n);
	t_give(srv, x, MACH_MSG_TYPE_MAKE_SEND, dying);
	pd = t_receive(dying);
	request(dying, pd, MACH_NOTIFY_PORT_DESTROYED, srv, n);
	ipc_space_release(dying);	/* last reference: destroys too */
	while ((kmsg = t_dequeue(srv, n)) != NULL) {
		if (kmsg->hdr.msgh_id == MACH_NOTIFY_NO_SENDERS)
			seen_ns++;
		if (kmsg->hdr.msgh_id == MACH_NOTIFY_PORT_DESTROYED)
			seen_pd++;
		ipc_kmsg_destroy(kmsg);	/* destroys the handed-over port */
	}
	KEXPECT_EQ(seen_ns, 1);
	KEXPECT_EQ(seen_pd, 1);
	ipc_space_release(srv);
	ipc_leak_end(&mark);
}
