/*
 * User tests of IPC between tasks: rights of every disposition and how
 * their counts change, FIFO order with sequence numbers and the sender's
 * security token, timeouts, MACH_RCV_LARGE, interrupted receives, port
 * sets, and every notification, received in user space.  Messages
 * between the tasks come from ipctest.defs (harbor-mig).
 */
#include "ipct.h"
#include "ipctServer.h"
#include "usertest.h"

mach_msg_timeout_t ipct_send_timeout;

/* What the server functions saw. */
static struct {
	mach_port_t recv, msend, csend, ksend, ksonce, msonce;
	int rights_calls;
	int values[32];
	mach_port_seqno_t seqnos[32];
	security_token_t token;
	unsigned nnotes;
	mach_msg_type_number_t bytes;
	unsigned bytes_sum;
} got;

kern_return_t
srv_ipct_rights(mach_port_t server, mach_port_t recv, mach_port_t msend,
    mach_port_t csend, mach_port_t ksend, mach_port_t ksonce, mach_port_t msonce)
{
	(void)server;
	got.recv = recv;
	got.msend = msend;
	got.csend = csend;
	got.ksend = ksend;
	got.ksonce = ksonce;
	got.msonce = msonce;
	got.rights_calls++;
	return KERN_SUCCESS;
}

kern_return_t
srv_ipct_note(mach_port_t server, mach_port_seqno_t seqno,
    security_token_t token, int value)
{
	(void)server;
	if (got.nnotes < 32) {
		got.values[got.nnotes] = value;
		got.seqnos[got.nnotes] = seqno;
	}
	got.nnotes++;
	got.token = token;
	return KERN_SUCCESS;
}

kern_return_t
srv_ipct_note_timed(mach_port_t server, int value)
{
	(void)server;
	(void)value;
	got.nnotes++;
	return KERN_SUCCESS;
}

kern_return_t
srv_ipct_bytes(mach_port_t server, ipct_bytes_t data, mach_msg_type_number_t n)
{
	(void)server;
	got.bytes = n;
	got.bytes_sum = 0;
	for (mach_msg_type_number_t i = 0; i < n; i++)
		got.bytes_sum += (unsigned char)data[i];
	return KERN_SUCCESS;
}

kern_return_t
srv_ipct_null(mach_port_t server)
{
	(void)server;
	return KERN_SUCCESS;
}

kern_return_t
srv_ipct_echo(mach_port_t server, ipct_bytes_t data, mach_msg_type_number_t n,
    ipct_bytes_t reply, mach_msg_type_number_t *replyCnt)
{
	(void)server;
	memcpy(reply, data, n);
	*replyCnt = n;
	return KERN_SUCCESS;
}

union ipct_buf {
	mach_msg_header_t h;
	_Alignas(8) char buf[ipct_MAX_MSG_SIZE];
};

/*
 * Receive one request on `port` and answer it with the receive-loop rule
 * of docs/idl.md.  Used by the benchmarks too.
 */
mach_msg_return_t ipct_serve_one(mach_port_t port, mach_msg_timeout_t ms);

mach_msg_return_t
ipct_serve_one(mach_port_t port, mach_msg_timeout_t ms)
{
	static union ipct_buf in, out;
	mach_msg_option_t opt = MACH_RCV_MSG |
	    MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SENDER) |
	    (ms ? MACH_RCV_TIMEOUT : 0);
	mach_msg_return_t mr = mach_msg(&in.h, opt, 0, sizeof(in), port, ms,
	    MACH_PORT_NULL);

	if (mr != MACH_MSG_SUCCESS)
		return mr;
	ipct_server(&in.h, &out.h);
	if (!(out.h.msgh_bits & MACH_MSGH_BITS_COMPLEX)) {
		kern_return_t rc = ((mig_reply_error_t *)&out.h)->RetCode;
		if (rc == MIG_NO_REPLY) {
			out.h.msgh_remote_port = MACH_PORT_NULL;
		} else if (rc != KERN_SUCCESS) {
			in.h.msgh_remote_port = MACH_PORT_NULL;
			mach_msg_destroy(&in.h);
		}
	}
	if (out.h.msgh_remote_port != MACH_PORT_NULL &&
	    mach_msg(&out.h, MACH_SEND_MSG, out.h.msgh_size, 0, MACH_PORT_NULL,
	    0, MACH_PORT_NULL) != MACH_MSG_SUCCESS)
		mach_msg_destroy(&out.h);
	return MACH_MSG_SUCCESS;
}

/* The name a child finds its parent's server port under. */
#define CHILD_SERVER_NAME	0x6403u

/* Give a child (not started yet) a send right to `port` under CHILD_SERVER_NAME. */
static void
give_server(mach_port_t child, mach_port_t port)
{
	CHECK_EQ(mach_port_insert_right(child, CHILD_SERVER_NAME, port,
	    MACH_MSG_TYPE_MAKE_SEND), KERN_SUCCESS);
}

static mach_port_t
recv_port(void)
{
	mach_port_t p = MACH_PORT_NULL;

	CHECK_EQ(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &p),
	    KERN_SUCCESS);
	return p;
}

/* A child started on `fn` that talks to `server` (its memory inherited). */
static uint64_t
start_child(void (*fn)(uint64_t), mach_port_t server, mach_port_t *task,
    const security_token_t *token)
{
	mach_port_t child = MACH_PORT_NULL, th = MACH_PORT_NULL;
	uint64_t id, stack = u_stack(16 * PG);	/* before: the child inherits it */

	CHECK_EQ(task_create(mach_task_self(), TRUE, &child), KERN_SUCCESS);
	id = task_id_of(child);
	if (server)
		give_server(child, server);
	if (token)
		CHECK_EQ(task_set_security_token(boot_info->host_priv, child, *token),
		    KERN_SUCCESS);
	CHECK_EQ(u_thread_start(child, fn, stack, 0, &th), KERN_SUCCESS);
	mach_port_deallocate(mach_task_self(), th);
	if (task)
		*task = child;
	else
		mach_port_deallocate(mach_task_self(), child);
	return id;
}

/* --- rights of every disposition, between two tasks --- */

static void
rights_child(uint64_t arg)
{
	mach_port_t r = recv_port(), a = new_port(), b = new_port();
	mach_port_t c = recv_port(), d = recv_port(), e = recv_port(), so;
	mach_msg_type_name_t t;
	int bad = 0;

	(void)arg;
	bad |= mach_port_mod_refs(mach_task_self(), a, MACH_PORT_RIGHT_SEND, 1) != 0;
	bad |= mach_port_extract_right(mach_task_self(), e,
	    MACH_MSG_TYPE_MAKE_SEND_ONCE, &so, &t) != 0;
	bad |= t != MACH_MSG_TYPE_PORT_SEND_ONCE;
	bad |= ipct_rights(CHILD_SERVER_NAME, r, a, b, c, d, so) != 0;
	/* what stayed here: a lost one uref of two, b kept its, r moved away */
	bad |= refs_of(a, MACH_PORT_RIGHT_SEND) != 1;
	bad |= refs_of(b, MACH_PORT_RIGHT_SEND) != 1;
	bad |= type_of(r) != 0;
	bad |= type_of(so) != 0;
	bad |= (type_of(c) & MACH_PORT_TYPE_SEND) != 0;
	/* stay alive (the rights stay live) until the parent says so through c */
	static union {
		mach_msg_header_t h;
		char buf[256];
	} m;
	bad |= mach_msg(&m.h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(m), c, 5000,
	    MACH_PORT_NULL) != 0;
	u_exit(bad ? 1 : 0);
}

static void
test_ipc_rights(void)
{
	mach_port_t server = new_port();
	uint64_t id;

	memset(&got, 0, sizeof(got));
	id = start_child(rights_child, server, NULL, NULL);
	CHECK_EQ(ipct_serve_one(server, 5000), MACH_MSG_SUCCESS);
	CHECK_EQ(got.rights_calls, 1);
	/* while the child lives: what each disposition became here */
	CHECK_EQ(type_of(got.msend), MACH_PORT_TYPE_SEND);
	CHECK_EQ(type_of(got.csend), MACH_PORT_TYPE_SEND);
	CHECK_EQ(type_of(got.ksend), MACH_PORT_TYPE_SEND);
	CHECK_EQ(type_of(got.ksonce), MACH_PORT_TYPE_SEND_ONCE);
	CHECK_EQ(type_of(got.msonce), MACH_PORT_TYPE_SEND_ONCE);
	CHECK_EQ(refs_of(got.csend, MACH_PORT_RIGHT_SEND), 1);
	CHECK_EQ(refs_of(got.ksonce, MACH_PORT_RIGHT_SEND_ONCE), 1);
	/* let it go: a message through the send right it made for us */
	CHECK_EQ(ipct_note_timed(got.ksend, 1), KERN_SUCCESS);
	CHECK_EQ(wait_child(id), 0);
	/* the receive right moved here and lives on */
	CHECK_EQ(type_of(got.recv), MACH_PORT_TYPE_RECEIVE);
	/* the others named ports whose receive rights died with the child */
	CHECK_EQ(type_of(got.msend), MACH_PORT_TYPE_DEAD_NAME);
	CHECK_EQ(type_of(got.csend), MACH_PORT_TYPE_DEAD_NAME);
	CHECK_EQ(type_of(got.ksend), MACH_PORT_TYPE_DEAD_NAME);
	CHECK_EQ(type_of(got.ksonce), MACH_PORT_TYPE_DEAD_NAME);
	CHECK_EQ(type_of(got.msonce), MACH_PORT_TYPE_DEAD_NAME);
	CHECK_EQ(refs_of(got.msend, MACH_PORT_RIGHT_DEAD_NAME), 1);
	/* send-once rights are never merged: each has a name of its own */
	CHECK(got.ksonce != got.msonce);
	/* a dead name is deallocated like a send right */
	CHECK_EQ(mach_port_deallocate(mach_task_self(), got.msend), KERN_SUCCESS);
	CHECK_EQ(type_of(got.msend), 0);
	CHECK_EQ(mach_port_mod_refs(mach_task_self(), got.recv,
	    MACH_PORT_RIGHT_RECEIVE, -1), KERN_SUCCESS);
	CHECK_EQ(type_of(got.recv), 0);
	/* make-send, copy, move within our space: urefs move as Mach says */
	mach_port_t p = recv_port(), q;
	mach_msg_type_name_t t;
	CHECK_EQ(mach_port_insert_right(mach_task_self(), p, p, MACH_MSG_TYPE_MAKE_SEND),
	    KERN_SUCCESS);
	CHECK_EQ(refs_of(p, MACH_PORT_RIGHT_SEND), 1);
	CHECK_EQ(mach_port_extract_right(mach_task_self(), p, MACH_MSG_TYPE_COPY_SEND,
	    &q, &t), KERN_SUCCESS);
	CHECK_EQ(q, p);			/* merged back under the same name */
	CHECK_EQ(refs_of(p, MACH_PORT_RIGHT_SEND), 2);
	CHECK_EQ(mach_port_mod_refs(mach_task_self(), p, MACH_PORT_RIGHT_SEND, -2),
	    KERN_SUCCESS);
	CHECK_EQ(type_of(p), MACH_PORT_TYPE_RECEIVE);
	CHECK_EQ(mach_port_mod_refs(mach_task_self(), p, MACH_PORT_RIGHT_SEND, -1),
	    KERN_INVALID_RIGHT);
	CHECK_EQ(mach_port_destroy(mach_task_self(), p), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(mach_task_self(), server), KERN_SUCCESS);
}

/* --- FIFO, sequence numbers, the sender's token --- */

#define NOTES	10

static void
notes_child(uint64_t arg)
{
	static char big[4096];
	int bad = 0;

	(void)arg;
	for (int i = 0; i < NOTES; i++)
		bad |= ipct_note(CHILD_SERVER_NAME, 100 + i) != 0;
	for (unsigned i = 0; i < sizeof(big); i++)
		big[i] = (char)i;
	bad |= ipct_bytes(CHILD_SERVER_NAME, big, 64) != 0;
	bad |= ipct_bytes(CHILD_SERVER_NAME, big, 4096) != 0;
	u_exit(bad ? 1 : 0);
}

static void
test_ipc_fifo_token(void)
{
	mach_port_t server = new_port();
	const security_token_t tok = { { 0x1234, 0x5678 } };
	uint64_t id;
	unsigned sum = 0;

	memset(&got, 0, sizeof(got));
	/* qlimit 16, so the child never waits and all of it queues up */
	integer_t limit = MACH_PORT_QLIMIT_MAX;
	CHECK_EQ(mach_port_set_attributes(mach_task_self(), server,
	    MACH_PORT_LIMITS_INFO, &limit, 1), KERN_SUCCESS);
	id = start_child(notes_child, server, NULL, &tok);
	CHECK_EQ(wait_child(id), 0);
	for (int i = 0; i < NOTES; i++)
		CHECK_EQ(ipct_serve_one(server, 1000), MACH_MSG_SUCCESS);
	CHECK_EQ(got.nnotes, NOTES);
	for (int i = 0; i < NOTES; i++) {
		CHECK_EQ(got.values[i], 100 + i);
		CHECK_EQ(got.seqnos[i], (unsigned)i);
	}
	/* set by us through host_priv, attested by the kernel */
	CHECK_EQ(got.token.val[0], 0x1234);
	CHECK_EQ(got.token.val[1], 0x5678);
	CHECK_EQ(ipct_serve_one(server, 1000), MACH_MSG_SUCCESS);
	CHECK_EQ(got.bytes, 64);
	CHECK_EQ(ipct_serve_one(server, 1000), MACH_MSG_SUCCESS);
	CHECK_EQ(got.bytes, 4096);
	for (unsigned i = 0; i < 4096; i++)
		sum += (unsigned char)i;
	CHECK_EQ(got.bytes_sum, sum);
	CHECK_EQ(mach_port_destroy(mach_task_self(), server), KERN_SUCCESS);
}

/* --- timeouts, queue limits, MACH_RCV_LARGE, interrupted receives --- */

static mach_port_t blocked_port;
static volatile mach_msg_return_t blocked_result;

static void
blocked_receiver(uint64_t arg)
{
	union ipct_buf *b = (union ipct_buf *)arg;

	blocked_result = mach_msg(&b->h, MACH_RCV_MSG, 0, sizeof(*b), blocked_port,
	    0, MACH_PORT_NULL);
	u_thread_exit();
}

static void
test_ipc_timeouts(void)
{
	static union ipct_buf b;
	static char data[4096];
	mach_port_t p = new_port(), th;
	integer_t limit = 1;
	uint64_t t0 = u_clock();

	CHECK_EQ(mach_msg(&b.h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(b), p, 10,
	    MACH_PORT_NULL), MACH_RCV_TIMED_OUT);
	CHECK(u_clock() - t0 >= 10 * MSEC);
	/* a full queue: the send waits, then gives up */
	CHECK_EQ(mach_port_set_attributes(mach_task_self(), p, MACH_PORT_LIMITS_INFO,
	    &limit, 1), KERN_SUCCESS);
	ipct_send_timeout = 0;
	CHECK_EQ(ipct_note_timed(p, 1), KERN_SUCCESS);
	CHECK_EQ(ipct_note_timed(p, 2), MACH_SEND_TIMED_OUT);
	ipct_send_timeout = 20;
	t0 = u_clock();
	CHECK_EQ(ipct_note_timed(p, 3), MACH_SEND_TIMED_OUT);
	CHECK(u_clock() - t0 >= 20 * MSEC);
	CHECK_EQ(msgcount(p), 1);
	CHECK_EQ(ipct_serve_one(p, 100), MACH_MSG_SUCCESS);
	/* MACH_RCV_LARGE: too small a buffer leaves the message queued ... */
	limit = 5;
	CHECK_EQ(mach_port_set_attributes(mach_task_self(), p, MACH_PORT_LIMITS_INFO,
	    &limit, 1), KERN_SUCCESS);
	CHECK_EQ(ipct_bytes(p, data, sizeof(data)), KERN_SUCCESS);
	CHECK_EQ(mach_msg(&b.h, MACH_RCV_MSG | MACH_RCV_LARGE | MACH_RCV_TIMEOUT, 0, 64,
	    p, 0, MACH_PORT_NULL), MACH_RCV_TOO_LARGE);
	CHECK(b.h.msgh_size > 4096 && b.h.msgh_size <= sizeof(b));
	CHECK_EQ(msgcount(p), 1);
	CHECK_EQ(mach_msg(&b.h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, b.h.msgh_size, p, 0,
	    MACH_PORT_NULL), MACH_MSG_SUCCESS);
	/* ... without it the message is dropped */
	CHECK_EQ(ipct_bytes(p, data, sizeof(data)), KERN_SUCCESS);
	CHECK_EQ(mach_msg(&b.h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, 64, p, 0,
	    MACH_PORT_NULL), MACH_RCV_TOO_LARGE);
	CHECK_EQ(msgcount(p), 0);
	/* thread_abort ends a blocked receive */
	static union ipct_buf rb;
	blocked_port = p;
	blocked_result = 0;
	CHECK_EQ(u_thread_start(MACH_PORT_NULL, blocked_receiver, u_stack(4 * PG),
	    (uint64_t)&rb, &th), KERN_SUCCESS);
	u_sleep(5 * MSEC);
	CHECK_EQ(thread_abort(th), KERN_SUCCESS);
	CHECK_EQ(u_thread_join(th, 2000), KERN_SUCCESS);
	CHECK_EQ(blocked_result, MACH_RCV_INTERRUPTED);
	CHECK_EQ(mach_port_destroy(mach_task_self(), p), KERN_SUCCESS);
}

/* --- port sets --- */

static void
test_ipc_port_sets(void)
{
	static union ipct_buf b;
	mach_port_t set = MACH_PORT_NULL, a = new_port(), c = new_port();
	mach_port_status_t st;
	mach_msg_type_number_t n = MACH_PORT_RECEIVE_STATUS_COUNT;

	CHECK_EQ(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_PORT_SET, &set),
	    KERN_SUCCESS);
	CHECK_EQ(type_of(set), MACH_PORT_TYPE_PORT_SET);
	CHECK_EQ(mach_port_move_member(mach_task_self(), a, set), KERN_SUCCESS);
	CHECK_EQ(mach_port_move_member(mach_task_self(), c, set), KERN_SUCCESS);
	CHECK_EQ(mach_port_get_attributes(mach_task_self(), c, MACH_PORT_RECEIVE_STATUS,
	    (mach_port_info_t)&st, &n), KERN_SUCCESS);
	CHECK_EQ(st.mps_pset, set);
	CHECK_EQ(ipct_note_timed(c, 1), KERN_SUCCESS);
	CHECK_EQ(ipct_note_timed(a, 2), KERN_SUCCESS);
	/* each comes from the set, naming the member it arrived on */
	CHECK_EQ(mach_msg(&b.h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(b), set, 100,
	    MACH_PORT_NULL), MACH_MSG_SUCCESS);
	mach_port_t first = b.h.msgh_local_port;
	CHECK_EQ(mach_msg(&b.h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(b), set, 100,
	    MACH_PORT_NULL), MACH_MSG_SUCCESS);
	CHECK(first != b.h.msgh_local_port);
	CHECK(first == a || first == c);
	CHECK(b.h.msgh_local_port == a || b.h.msgh_local_port == c);
	/* a member's own receive is refused? no: still allowed on the port */
	CHECK_EQ(mach_port_move_member(mach_task_self(), c, MACH_PORT_NULL), KERN_SUCCESS);
	CHECK_EQ(ipct_note_timed(c, 3), KERN_SUCCESS);
	CHECK_EQ(mach_msg(&b.h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(b), set, 0,
	    MACH_PORT_NULL), MACH_RCV_TIMED_OUT);
	CHECK_EQ(msgcount(c), 1);
	/* destroying the set leaves the members alone */
	CHECK_EQ(mach_port_destroy(mach_task_self(), set), KERN_SUCCESS);
	CHECK_EQ(type_of(a), MACH_PORT_TYPE_SEND_RECEIVE);
	CHECK_EQ(mach_port_destroy(mach_task_self(), a), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(mach_task_self(), c), KERN_SUCCESS);
}

/* --- notifications --- */

/* Receive one notification on `port`: its id, and its word in *value. */
static mach_msg_id_t
get_notification(mach_port_t port, uint32_t *value, mach_port_t *carried)
{
	static union {
		mach_port_destroyed_notification_t pd;
		mach_dead_name_notification_t dn;
		mach_msg_header_t h;
		char buf[128];
	} n;

	if (mach_msg(&n.h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(n), port, 1000,
	    MACH_PORT_NULL) != MACH_MSG_SUCCESS)
		return 0;
	if (value)
		*value = n.dn.not_port;
	if (carried)
		*carried = n.pd.not_port.name;
	return n.h.msgh_id;
}

static void
request(mach_port_t name, mach_msg_id_t what, mach_port_mscount_t sync,
    mach_port_t notify)
{
	mach_port_t prev = MACH_PORT_NULL;

	CHECK_EQ(mach_port_request_notification(mach_task_self(), name, what, sync,
	    notify, &prev), KERN_SUCCESS);
	CHECK_EQ(prev, MACH_PORT_NULL);
}

static void
test_ipc_notifications(void)
{
	mach_port_t n = recv_port(), p = new_port(), child, s, so, carried = 0;
	mach_msg_type_name_t t;
	uint32_t v = 0;

	/* no-senders: the last send right goes */
	request(p, MACH_NOTIFY_NO_SENDERS, 0, n);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), p), KERN_SUCCESS);
	CHECK_EQ(get_notification(n, &v, NULL), MACH_NOTIFY_NO_SENDERS);
	CHECK_EQ(v, 1);			/* the make-send count */
	/* send-once: a send-once right destroyed unused */
	CHECK_EQ(mach_port_extract_right(mach_task_self(), p,
	    MACH_MSG_TYPE_MAKE_SEND_ONCE, &so, &t), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), so), KERN_SUCCESS);
	CHECK_EQ(get_notification(p, NULL, NULL), MACH_NOTIFY_SEND_ONCE);
	/* port-destroyed: the receive right comes back in the message */
	request(p, MACH_NOTIFY_PORT_DESTROYED, 0, n);
	CHECK_EQ(mach_port_destroy(mach_task_self(), p), KERN_SUCCESS);
	CHECK_EQ(get_notification(n, NULL, &carried), MACH_NOTIFY_PORT_DESTROYED);
	CHECK_EQ(type_of(carried), MACH_PORT_TYPE_RECEIVE);
	CHECK_EQ(mach_port_mod_refs(mach_task_self(), carried, MACH_PORT_RIGHT_RECEIVE,
	    -1), KERN_SUCCESS);
	/* dead-name: a port in another task dies with it (task death) */
	CHECK_EQ(task_create(mach_task_self(), FALSE, &child), KERN_SUCCESS);
	mach_port_t there = MACH_PORT_NULL;
	CHECK_EQ(mach_port_allocate(child, MACH_PORT_RIGHT_RECEIVE, &there), KERN_SUCCESS);
	CHECK_EQ(mach_port_extract_right(child, there, MACH_MSG_TYPE_MAKE_SEND, &s, &t),
	    KERN_SUCCESS);
	CHECK_EQ(t, MACH_MSG_TYPE_PORT_SEND);
	request(s, MACH_NOTIFY_DEAD_NAME, 0, n);
	request(child, MACH_NOTIFY_DEAD_NAME, 0, n);
	CHECK_EQ(task_terminate(child), KERN_SUCCESS);
	mach_port_t seen1 = 0, seen2 = 0;
	CHECK_EQ(get_notification(n, &seen1, NULL), MACH_NOTIFY_DEAD_NAME);
	CHECK_EQ(get_notification(n, &seen2, NULL), MACH_NOTIFY_DEAD_NAME);
	CHECK((seen1 == s && seen2 == child) || (seen1 == child && seen2 == s));
	CHECK_EQ(type_of(s), MACH_PORT_TYPE_DEAD_NAME);
	CHECK_EQ(refs_of(s, MACH_PORT_RIGHT_DEAD_NAME), 2);	/* ours + the notice's */
	CHECK_EQ(mach_port_mod_refs(mach_task_self(), s, MACH_PORT_RIGHT_DEAD_NAME, -2),
	    KERN_SUCCESS);
	CHECK_EQ(mach_port_mod_refs(mach_task_self(), child, MACH_PORT_RIGHT_DEAD_NAME,
	    -2), KERN_SUCCESS);
	/* port-deleted: a name with a pending request is deallocated */
	CHECK_EQ(task_create(mach_task_self(), FALSE, &child), KERN_SUCCESS);
	request(child, MACH_NOTIFY_DEAD_NAME, 0, n);
	CHECK_EQ(task_terminate(child), KERN_SUCCESS);
	CHECK_EQ(get_notification(n, &v, NULL), MACH_NOTIFY_DEAD_NAME);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), child), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), child), KERN_SUCCESS);
	mach_port_t live = new_port();
	mach_port_t other = MACH_PORT_NULL;
	CHECK_EQ(task_create(mach_task_self(), FALSE, &other), KERN_SUCCESS);
	CHECK_EQ(mach_port_allocate(other, MACH_PORT_RIGHT_RECEIVE, &there), KERN_SUCCESS);
	CHECK_EQ(mach_port_extract_right(other, there, MACH_MSG_TYPE_MAKE_SEND, &s, &t),
	    KERN_SUCCESS);
	request(s, MACH_NOTIFY_DEAD_NAME, 0, n);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), s), KERN_SUCCESS);
	CHECK_EQ(get_notification(n, &v, NULL), MACH_NOTIFY_PORT_DELETED);
	CHECK_EQ(v, s);
	CHECK_EQ(task_terminate(other), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), other), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(mach_task_self(), live), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(mach_task_self(), n), KERN_SUCCESS);
}

const struct test ipc_tests[] = {
	{ "ipc_rights", test_ipc_rights },
	{ "ipc_fifo_token", test_ipc_fifo_token },
	{ "ipc_timeouts", test_ipc_timeouts },
	{ "ipc_port_sets", test_ipc_port_sets },
	{ "ipc_notifications", test_ipc_notifications },
};
const unsigned ipc_ntests = sizeof(ipc_tests) / sizeof(ipc_tests[0]);
