/*
 * Self-tests of mach_msg between kernel threads (each with its own IPC
 * space, buffers in kernel memory): send and receive with the trailer,
 * RPC with send-once replies, timeouts, interrupted and dying receives,
 * queue-full blocking, port sets, MACH_RCV_LARGE, port descriptors, and
 * the refusal of malformed messages without leaks.
 */
#include "ipc/ipc_right.h"
#include "ipc/mach_msg.h"
#include "ipc/mach_port.h"
#include "ipc_testlib.h"
#include "kern/clock.h"
#include "kern/ktest.h"
#include "kern/sched.h"
#include "kern/string.h"
#include "kern/thread.h"
#include "kern/waitq.h"

/* Messages in the user layout. */
struct t_msg {
	struct ipc_user_header h;
	uint32_t data[4];
};

struct t_rcv {
	struct ipc_user_header h;
	uint32_t data[4];
	mach_msg_max_trailer_t trailer;
};

#define T_SENDER_TRAILER \
	(MACH_RCV_TRAILER_TYPE(MACH_MSG_TRAILER_FORMAT_0) | \
	 MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SENDER))

static struct ipc_msg_caller
caller(struct ipc_space *space, unsigned uid)
{
	struct ipc_msg_caller c = { space, { { uid, uid + 1 } }, false };
	return c;
}

static mach_msg_return_t
t_send(struct ipc_msg_caller *c, mach_port_name_t dest,
    mach_msg_type_name_t disp, mach_msg_id_t id, mach_msg_option_t opt,
    mach_msg_timeout_t timeout)
{
	struct t_msg m;

	memset(&m, 0, sizeof(m));
	m.h.bits = MACH_MSGH_BITS(disp, 0);
	m.h.remote = dest;
	m.h.id = id;
	m.data[0] = (uint32_t)id * 3;
	return ipc_mach_msg(c, &m, MACH_SEND_MSG | opt, sizeof(m), 0,
	    MACH_PORT_NULL, timeout);
}

static mach_msg_return_t
t_recv(struct ipc_msg_caller *c, mach_port_name_t name, struct t_rcv *r,
    mach_msg_option_t opt, mach_msg_timeout_t timeout)
{
	memset(r, 0, sizeof(*r));
	return ipc_mach_msg(c, r, MACH_RCV_MSG | opt, 0, sizeof(*r), name,
	    timeout);
}

/* Wait (bounded) until *flag reaches want. */
static void
t_wait_for(volatile int *flag, int want)
{
	for (int i = 0; i < 2000 && *flag < want; i++)
		thread_sleep_ns(NSEC_PER_MSEC, false);
	KEXPECT(*flag >= want);
}

KTEST(ipc_msg_send_receive_trailer)
{
	struct ipc_leak_mark mark;
	struct ipc_space *a, *b;
	struct ipc_msg_caller ca, cb;
	struct t_rcv r;
	mach_port_name_t port, s;

	ipc_leak_begin(&mark);
	a = t_space();
	b = t_space();
	ca = caller(a, 100);
	cb = caller(b, 200);
	port = t_receive(a);
	s = t_give(a, port, MACH_MSG_TYPE_MAKE_SEND, b);
	for (int i = 0; i < 3; i++)
		KEXPECT_EQ(t_send(&cb, s, MACH_MSG_TYPE_COPY_SEND, 7 + i, 0, 0),
		    MACH_MSG_SUCCESS);
	for (int i = 0; i < 3; i++) {
		KEXPECT_EQ(t_recv(&ca, port, &r, T_SENDER_TRAILER, 0),
		    MACH_MSG_SUCCESS);
		KEXPECT_EQ(r.h.id, 7 + i);
		KEXPECT_EQ(r.h.size, sizeof(struct t_msg));
		KEXPECT_EQ(r.h.local, port);
		KEXPECT_EQ(r.h.remote, MACH_PORT_NULL);
		KEXPECT_EQ(r.h.bits, MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND));
		KEXPECT_EQ(r.data[0], (7u + i) * 3);
		KEXPECT_EQ(r.trailer.msgh_trailer_size,
		    sizeof(mach_msg_security_trailer_t));
		KEXPECT_EQ(r.trailer.msgh_seqno, i);
		KEXPECT_EQ(r.trailer.msgh_sender.val[0], 200);
		KEXPECT_EQ(r.trailer.msgh_sender.val[1], 201);
	}
	KEXPECT_EQ(t_refs(b, s, MACH_PORT_RIGHT_SEND), 1);
	ipc_space_release(b);
	ipc_space_release(a);
	ipc_leak_end(&mark);
}

/* --- RPC: a server thread answers through send-once reply rights --- */

static struct ipc_space *rpc_server_space;
static mach_port_name_t rpc_service;
static volatile int rpc_server_done;

static void
rpc_server_main(void *arg)
{
	struct ipc_msg_caller c = caller(rpc_server_space, 0);
	struct t_rcv r;

	(void)arg;
	for (;;) {
		if (t_recv(&c, rpc_service, &r, 0, 0) != MACH_MSG_SUCCESS)
			break;
		if (r.h.id == 0xdead)
			break;
		r.h.bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		r.h.local = MACH_PORT_NULL;
		r.h.id += 100;
		r.data[0] += 1;
		ipc_mach_msg(&c, &r, MACH_SEND_MSG, sizeof(struct t_msg), 0,
		    MACH_PORT_NULL, 0);
	}
	rpc_server_done++;
}

KTEST(ipc_msg_rpc_between_threads)
{
	struct ipc_leak_mark mark;
	struct ipc_space *cs;
	struct ipc_msg_caller cc;
	mach_port_name_t s, reply;
	struct t_rcv r;
	int good = 0;

	ipc_leak_begin(&mark);
	rpc_server_space = t_space();
	cs = t_space();
	cc = caller(cs, 5);
	rpc_service = t_receive(rpc_server_space);
	s = t_give(rpc_server_space, rpc_service, MACH_MSG_TYPE_MAKE_SEND, cs);
	reply = t_receive(cs);
	rpc_server_done = 0;
	KEXPECT(thread_create_kernel("ipc-rpc", rpc_server_main, NULL,
	    SCHED_PRI_KERNEL, 0) != NULL);
	for (int i = 0; i < 200; i++) {
		memset(&r, 0, sizeof(r));
		r.h.bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
		    MACH_MSG_TYPE_MAKE_SEND_ONCE);
		r.h.remote = s;
		r.h.local = reply;
		r.h.id = i;
		r.data[0] = i;
		if (ipc_mach_msg(&cc, &r, MACH_SEND_MSG | MACH_RCV_MSG,
		    sizeof(struct t_msg), sizeof(r), reply, 0) ==
		    MACH_MSG_SUCCESS && r.h.id == i + 100 &&
		    r.data[0] == (uint32_t)i + 1 && r.h.local == reply)
			good++;
	}
	KEXPECT_EQ(good, 200);
	KEXPECT_EQ(t_port(cs, reply)->sorights, 0);
	KEXPECT_EQ(t_send(&cc, s, MACH_MSG_TYPE_COPY_SEND, 0xdead, 0, 0),
	    MACH_MSG_SUCCESS);
	t_wait_for(&rpc_server_done, 1);
	ipc_space_release(cs);
	ipc_space_release(rpc_server_space);
	ipc_leak_end(&mark);
}

KTEST(ipc_msg_receive_timeout)
{
	struct ipc_leak_mark mark;
	struct ipc_space *a;
	struct ipc_msg_caller ca;
	struct t_rcv r;
	mach_port_name_t port;
	uint64_t t0;

	ipc_leak_begin(&mark);
	a = t_space();
	ca = caller(a, 1);
	port = t_receive(a);
	KEXPECT_EQ(t_recv(&ca, port, &r, MACH_RCV_TIMEOUT, 0),
	    MACH_RCV_TIMED_OUT);
	t0 = clock_monotonic_ns();
	KEXPECT_EQ(t_recv(&ca, port, &r, MACH_RCV_TIMEOUT, 10),
	    MACH_RCV_TIMED_OUT);
	KEXPECT(clock_monotonic_ns() - t0 >= 10 * NSEC_PER_MSEC);
	KEXPECT_EQ(t_recv(&ca, port + 1, &r, MACH_RCV_TIMEOUT, 0),
	    MACH_RCV_INVALID_NAME);
	KEXPECT_EQ(t_recv(&ca, port, &r, MACH_RCV_TIMEOUT |
	    MACH_RCV_TRAILER_ELEMENTS(9), 0), MACH_RCV_INVALID_TRAILER);
	ipc_space_release(a);
	ipc_leak_end(&mark);
}

/* --- a blocked receive ends by thread_abort or by the port dying --- */

static struct ipc_space *blk_space;
static mach_port_name_t blk_name;
static volatile int blk_started, blk_done;
static volatile mach_msg_return_t blk_result;

static void
blocked_receiver_main(void *arg)
{
	struct ipc_msg_caller c = caller(blk_space, 0);
	struct t_rcv r;

	(void)arg;
	blk_started = 1;
	blk_result = t_recv(&c, blk_name, &r, 0, 0);
	blk_done = 1;
}

static struct thread *
start_blocked_receiver(struct ipc_space *space, mach_port_name_t name)
{
	struct thread *t;

	blk_space = space;
	blk_name = name;
	blk_started = blk_done = 0;
	blk_result = 0;
	t = thread_create_kernel("ipc-rcv", blocked_receiver_main, NULL,
	    SCHED_PRI_KERNEL, 0);
	KEXPECT(t != NULL);
	t_wait_for(&blk_started, 1);
	thread_sleep_ns(2 * NSEC_PER_MSEC, false);	/* let it block */
	KEXPECT_EQ(blk_done, 0);
	return t;
}

KTEST(ipc_msg_receive_interrupted)
{
	struct ipc_leak_mark mark;
	struct ipc_space *a;
	struct thread *t;

	ipc_leak_begin(&mark);
	a = t_space();
	t = start_blocked_receiver(a, t_receive(a));
	thread_abort(t);
	t_wait_for(&blk_done, 1);
	KEXPECT_EQ(blk_result, MACH_RCV_INTERRUPTED);
	ipc_space_release(a);
	ipc_leak_end(&mark);
}

KTEST(ipc_msg_receive_port_died)
{
	struct ipc_leak_mark mark;
	struct ipc_space *a;
	mach_port_name_t port;

	ipc_leak_begin(&mark);
	a = t_space();
	port = t_receive(a);
	start_blocked_receiver(a, port);
	KEXPECT_EQ(mach_port_destroy(a, port), KERN_SUCCESS);
	t_wait_for(&blk_done, 1);
	KEXPECT_EQ(blk_result, MACH_RCV_PORT_DIED);
	ipc_space_release(a);
	ipc_leak_end(&mark);
}

/* A receive on a set wakes for a message to any member. */
KTEST(ipc_msg_receive_on_port_set)
{
	struct ipc_leak_mark mark;
	struct ipc_space *a;
	struct ipc_msg_caller ca;
	mach_port_name_t set, p1, p2;

	ipc_leak_begin(&mark);
	a = t_space();
	ca = caller(a, 1);
	KEXPECT_EQ(mach_port_allocate(a, MACH_PORT_RIGHT_PORT_SET, &set),
	    KERN_SUCCESS);
	p1 = t_receive(a);
	p2 = t_receive(a);
	KEXPECT_EQ(mach_port_move_member(a, p1, set), KERN_SUCCESS);
	KEXPECT_EQ(mach_port_move_member(a, p2, set), KERN_SUCCESS);
	start_blocked_receiver(a, set);
	KEXPECT_EQ(t_send(&ca, p2, MACH_MSG_TYPE_MAKE_SEND, 5, 0, 0),
	    MACH_MSG_SUCCESS);
	t_wait_for(&blk_done, 1);
	KEXPECT_EQ(blk_result, MACH_MSG_SUCCESS);
	/* the set dying ends a receive on it */
	start_blocked_receiver(a, set);
	KEXPECT_EQ(mach_port_destroy(a, set), KERN_SUCCESS);
	t_wait_for(&blk_done, 1);
	KEXPECT_EQ(blk_result, MACH_RCV_PORT_DIED);
	ipc_space_release(a);
	ipc_leak_end(&mark);
}

/* --- a full queue: senders time out or wait for room --- */

static struct ipc_space *snd_space;
static mach_port_name_t snd_name;
static volatile int snd_done;
static volatile mach_msg_return_t snd_result;

static void
blocked_sender_main(void *arg)
{
	struct ipc_msg_caller c = caller(snd_space, 0);

	(void)arg;
	snd_result = t_send(&c, snd_name, MACH_MSG_TYPE_MAKE_SEND, 2, 0, 0);
	snd_done = 1;
}

KTEST(ipc_msg_queue_full)
{
	struct ipc_leak_mark mark;
	struct ipc_space *a;
	struct ipc_msg_caller ca;
	struct t_rcv r;
	mach_port_name_t port;

	ipc_leak_begin(&mark);
	a = t_space();
	ca = caller(a, 1);
	port = t_receive(a);
	KEXPECT_EQ(mach_port_set_qlimit(a, port, 1), KERN_SUCCESS);
	KEXPECT_EQ(mach_port_set_qlimit(a, port, MACH_PORT_QLIMIT_MAX + 1),
	    KERN_INVALID_VALUE);
	KEXPECT_EQ(t_send(&ca, port, MACH_MSG_TYPE_MAKE_SEND, 1, 0, 0),
	    MACH_MSG_SUCCESS);
	KEXPECT_EQ(t_send(&ca, port, MACH_MSG_TYPE_MAKE_SEND, 9,
	    MACH_SEND_TIMEOUT, 0), MACH_SEND_TIMED_OUT);
	KEXPECT_EQ(t_send(&ca, port, MACH_MSG_TYPE_MAKE_SEND, 9,
	    MACH_SEND_TIMEOUT, 5), MACH_SEND_TIMED_OUT);
	/* a send-once message is never held back */
	KEXPECT_EQ(t_send(&ca, port, MACH_MSG_TYPE_MAKE_SEND_ONCE, 3,
	    MACH_SEND_TIMEOUT, 0), MACH_MSG_SUCCESS);
	snd_space = a;
	snd_name = port;
	snd_done = 0;
	KEXPECT(thread_create_kernel("ipc-snd", blocked_sender_main, NULL,
	    SCHED_PRI_KERNEL, 0) != NULL);
	thread_sleep_ns(3 * NSEC_PER_MSEC, false);
	KEXPECT_EQ(snd_done, 0);		/* blocked on the full queue */
	KEXPECT_EQ(t_recv(&ca, port, &r, 0, 0), MACH_MSG_SUCCESS);
	KEXPECT_EQ(r.h.id, 1);
	KEXPECT_EQ(t_recv(&ca, port, &r, 0, 0), MACH_MSG_SUCCESS);
	KEXPECT_EQ(r.h.id, 3);
	t_wait_for(&snd_done, 1);
	KEXPECT_EQ(snd_result, MACH_MSG_SUCCESS);
	KEXPECT_EQ(t_recv(&ca, port, &r, 0, 0), MACH_MSG_SUCCESS);
	KEXPECT_EQ(r.h.id, 2);
	ipc_space_release(a);
	ipc_leak_end(&mark);
}

KTEST(ipc_msg_too_large)
{
	struct ipc_leak_mark mark;
	struct ipc_space *a;
	struct ipc_msg_caller ca;
	struct t_rcv r;
	mach_port_name_t port;
	mach_msg_size_t need = sizeof(struct t_msg) + sizeof(mach_msg_trailer_t);

	ipc_leak_begin(&mark);
	a = t_space();
	ca = caller(a, 1);
	port = t_receive(a);
	t_send(&ca, port, MACH_MSG_TYPE_MAKE_SEND, 1, 0, 0);
	t_send(&ca, port, MACH_MSG_TYPE_MAKE_SEND, 2, 0, 0);
	memset(&r, 0, sizeof(r));
	KEXPECT_EQ(ipc_mach_msg(&ca, &r, MACH_RCV_MSG | MACH_RCV_LARGE, 0,
	    need - 4, port, 0), MACH_RCV_TOO_LARGE);
	KEXPECT_EQ(r.h.size, need);
	KEXPECT_EQ(t_queued(a, port), 2);	/* still there */
	KEXPECT_EQ(ipc_mach_msg(&ca, &r, MACH_RCV_MSG, 0, need - 4, port, 0),
	    MACH_RCV_TOO_LARGE);
	KEXPECT_EQ(t_queued(a, port), 1);	/* dropped, rights released */
	KEXPECT_EQ(ipc_mach_msg(&ca, &r, MACH_RCV_MSG, 0, need, port, 0),
	    MACH_MSG_SUCCESS);
	KEXPECT_EQ(r.h.id, 2);
	ipc_space_release(a);
	ipc_leak_end(&mark);
}
