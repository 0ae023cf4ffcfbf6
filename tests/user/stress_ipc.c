/*
 * Many clients, many servers: STRESS_CLIENTS client tasks each make
 * STRESS_RPCS RPCs with sequence-numbered payloads, spread over
 * STRESS_SERVERS server tasks that each receive on a port set of
 * STRESS_PORTS ports.  Every reply is checked (client, sequence number,
 * and the server's count of that client's requests so far, which a lost
 * or duplicated message would put off), and each server checks its
 * totals per client when it is told to quit.  The kernel test that runs
 * this checks that no page, port or message leaks (tests/kern/user.c).
 */
#include "usertest.h"

#define STRESS_CLIENTS	6
#define STRESS_SERVERS	3
#define STRESS_PORTS	2		/* per server, in its port set */
#define STRESS_RPCS	500
/* Clients' names of the server ports: one table slot each (index << 8). */
#define STRESS_NAME(n)	((mach_port_t)(0x70u + (n)) << 8)

#define MSGID_REQUEST	0x5100
#define MSGID_REPLY	0x5101
#define MSGID_QUIT	0x5102

struct stress_msg {
	mach_msg_header_t h;
	uint32_t client, seq, count, server;
	uint32_t pad[12];		/* a payload a little larger than nothing */
};

struct stress_rcv {
	struct stress_msg m;
	mach_msg_max_trailer_t trailer;
};

static void
stress_payload(struct stress_msg *m)
{
	for (unsigned i = 0; i < 12; i++)
		m->pad[i] = m->client * 1000003u + m->seq * 31u + i;
}

static bool
stress_payload_ok(const struct stress_msg *m)
{
	for (unsigned i = 0; i < 12; i++)
		if (m->pad[i] != m->client * 1000003u + m->seq * 31u + i)
			return false;
	return true;
}

/* How many of a client's requests server j gets: seq % servers == j. */
static uint32_t
stress_expected(unsigned j)
{
	return (STRESS_RPCS + STRESS_SERVERS - 1 - j) / STRESS_SERVERS;
}

/* arg: server number in bits 0..7, its port set's name above. */
static void
stress_server(uint64_t arg)
{
	static struct stress_rcv in;
	static struct stress_msg out;
	uint32_t count[STRESS_CLIENTS] = { 0 }, next[STRESS_CLIENTS] = { 0 };
	unsigned me = (unsigned)(arg & 0xff), bad = 0;
	mach_port_t set = (mach_port_t)(arg >> 8);

	for (;;) {
		mach_msg_return_t mr = mach_msg(&in.m.h, MACH_RCV_MSG |
		    MACH_RCV_TIMEOUT, 0, sizeof(in), set, 30000, MACH_PORT_NULL);
		uint32_t c = in.m.client;

		if (mr != MACH_MSG_SUCCESS)
			u_exit(10);
		if (in.m.h.msgh_id == MSGID_QUIT)
			break;
		if (in.m.h.msgh_id != MSGID_REQUEST || c >= STRESS_CLIENTS ||
		    in.m.seq % STRESS_SERVERS != me || in.m.seq < next[c] ||
		    !stress_payload_ok(&in.m)) {
			bad++;
			mach_msg_destroy(&in.m.h);
			continue;
		}
		/* a client's requests to one server arrive in order */
		next[c] = in.m.seq + 1;
		out = in.m;
		out.count = ++count[c];
		out.server = me;
		out.h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		out.h.msgh_remote_port = in.m.h.msgh_remote_port;
		out.h.msgh_local_port = MACH_PORT_NULL;
		out.h.msgh_size = sizeof(out);
		out.h.msgh_id = MSGID_REPLY;
		if (mach_msg(&out.h, MACH_SEND_MSG, sizeof(out), 0, MACH_PORT_NULL,
		    0, MACH_PORT_NULL) != MACH_MSG_SUCCESS)
			bad++;
	}
	for (unsigned c = 0; c < STRESS_CLIENTS; c++)
		bad += count[c] != stress_expected(me);
	u_exit(bad ? 1 : 0);
}

static void
stress_client(uint64_t me)
{
	static struct stress_rcv m;
	mach_port_t reply = mig_get_reply_port();
	uint32_t count[STRESS_SERVERS] = { 0 };
	unsigned bad = 0;

	for (uint32_t seq = 0; seq < STRESS_RPCS; seq++) {
		unsigned j = seq % STRESS_SERVERS;
		mach_port_t dest = STRESS_NAME(j * STRESS_PORTS +
		    (seq / STRESS_SERVERS + (unsigned)me) % STRESS_PORTS);
		mach_msg_return_t mr;

		memset(&m, 0, sizeof(m));
		m.m.h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
		    MACH_MSG_TYPE_MAKE_SEND_ONCE);
		m.m.h.msgh_size = sizeof(m.m);
		m.m.h.msgh_remote_port = dest;
		m.m.h.msgh_local_port = reply;
		m.m.h.msgh_id = MSGID_REQUEST;
		m.m.client = (uint32_t)me;
		m.m.seq = seq;
		stress_payload(&m.m);
		mr = mach_msg(&m.m.h, MACH_SEND_MSG | MACH_RCV_MSG |
		    MACH_RCV_TIMEOUT, sizeof(m.m), sizeof(m), reply, 30000,
		    MACH_PORT_NULL);
		if (mr != MACH_MSG_SUCCESS) {
			u_printf("# stress client %lu: seq %u: %x\n", me, seq, mr);
			u_exit(10);
		}
		bad += m.m.h.msgh_id != MSGID_REPLY || m.m.client != me ||
		    m.m.seq != seq || m.m.server != j ||
		    m.m.count != ++count[j] || !stress_payload_ok(&m.m);
	}
	u_exit(bad ? 1 : 0);
}

static void
stress_quit(mach_port_t port)
{
	struct stress_msg m;

	memset(&m, 0, sizeof(m));
	m.h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	m.h.msgh_size = sizeof(m);
	m.h.msgh_remote_port = port;
	m.h.msgh_id = MSGID_QUIT;
	CHECK_EQ(mach_msg(&m.h, MACH_SEND_MSG, sizeof(m), 0, MACH_PORT_NULL, 0,
	    MACH_PORT_NULL), MACH_MSG_SUCCESS);
}

/* A server task with its port set; our send rights to its ports in ports[]. */
static uint64_t
stress_start_server(unsigned j, mach_port_t *task, mach_port_t ports[])
{
	mach_port_t set = MACH_PORT_NULL, th = MACH_PORT_NULL;
	mach_msg_type_name_t t;
	uint64_t id, stack = u_stack(8 * PG);

	CHECK_EQ(task_create(mach_task_self(), TRUE, task), KERN_SUCCESS);
	id = task_id_of(*task);
	CHECK_EQ(mach_port_allocate(*task, MACH_PORT_RIGHT_PORT_SET, &set),
	    KERN_SUCCESS);
	for (unsigned k = 0; k < STRESS_PORTS; k++) {
		mach_port_t name = MACH_PORT_NULL;
		integer_t limit = 4;	/* small queues: senders wait */

		CHECK_EQ(mach_port_allocate(*task, MACH_PORT_RIGHT_RECEIVE, &name),
		    KERN_SUCCESS);
		CHECK_EQ(mach_port_set_attributes(*task, name,
		    MACH_PORT_LIMITS_INFO, &limit, 1), KERN_SUCCESS);
		CHECK_EQ(mach_port_move_member(*task, name, set), KERN_SUCCESS);
		CHECK_EQ(mach_port_extract_right(*task, name,
		    MACH_MSG_TYPE_MAKE_SEND, &ports[k], &t), KERN_SUCCESS);
	}
	CHECK_EQ(u_thread_start(*task, stress_server, stack,
	    j | ((uint64_t)set << 8), &th), KERN_SUCCESS);
	mach_port_deallocate(mach_task_self(), th);
	return id;
}

static void
test_stress_ipc(void)
{
	mach_port_t stask[STRESS_SERVERS], sport[STRESS_SERVERS][STRESS_PORTS];
	uint64_t sid[STRESS_SERVERS], cid[STRESS_CLIENTS];
	uint64_t t0 = clock_ns();

	for (unsigned j = 0; j < STRESS_SERVERS; j++)
		sid[j] = stress_start_server(j, &stask[j], sport[j]);
	for (unsigned i = 0; i < STRESS_CLIENTS; i++) {
		mach_port_t child = MACH_PORT_NULL, th = MACH_PORT_NULL;
		uint64_t stack = u_stack(8 * PG);

		CHECK_EQ(task_create(mach_task_self(), TRUE, &child), KERN_SUCCESS);
		cid[i] = task_id_of(child);
		for (unsigned j = 0; j < STRESS_SERVERS; j++)
			for (unsigned k = 0; k < STRESS_PORTS; k++)
				CHECK_EQ(mach_port_insert_right(child,
				    STRESS_NAME(j * STRESS_PORTS + k),
				    sport[j][k], MACH_MSG_TYPE_COPY_SEND),
				    KERN_SUCCESS);
		CHECK_EQ(u_thread_start(child, stress_client, stack, i, &th),
		    KERN_SUCCESS);
		mach_port_deallocate(mach_task_self(), th);
		mach_port_deallocate(mach_task_self(), child);
	}
	for (unsigned i = 0; i < STRESS_CLIENTS; i++)
		CHECK_EQ(wait_child(cid[i]), 0);
	for (unsigned j = 0; j < STRESS_SERVERS; j++) {
		stress_quit(sport[j][0]);
		CHECK_EQ(wait_child(sid[j]), 0);
		for (unsigned k = 0; k < STRESS_PORTS; k++)
			mach_port_deallocate(mach_task_self(), sport[j][k]);
		mach_port_deallocate(mach_task_self(), stask[j]);
	}
	u_printf("# stress_ipc: %u clients x %u RPCs over %u servers in %lu ms\n",
	    STRESS_CLIENTS, STRESS_RPCS, STRESS_SERVERS,
	    (unsigned long)((clock_ns() - t0) / MSEC));
}

/*
 * Atomic send failure (mach/ipc/mach_msg.c): a send that times out or
 * is interrupted on a full queue takes nothing — the receive right it
 * moves, the send right it moves as reply port, and the page it sends
 * with deallocate are all still the sender's — and the same message
 * can simply be sent again.
 */
struct atomic_msg {
	mach_msg_header_t h;
	mach_msg_body_t body;
	mach_msg_port_descriptor_t recv;
	mach_msg_ool_descriptor_t ool;
};

static struct {
	mach_port_t dest, recv, reply;
	vm_address_t page;
	volatile mach_msg_return_t result;
} at;

static void
atomic_build(struct atomic_msg *m)
{
	memset(m, 0, sizeof(*m));
	m->h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
	    MACH_MSG_TYPE_MOVE_SEND) | MACH_MSGH_BITS_COMPLEX;
	m->h.msgh_size = sizeof(*m);
	m->h.msgh_remote_port = at.dest;
	m->h.msgh_local_port = at.reply;
	m->h.msgh_id = 0x5200;
	m->body.msgh_descriptor_count = 2;
	m->recv.name = at.recv;
	m->recv.disposition = MACH_MSG_TYPE_MOVE_RECEIVE;
	m->recv.type = MACH_MSG_PORT_DESCRIPTOR;
	m->ool.address = (void *)at.page;
	m->ool.size = PG;
	m->ool.deallocate = TRUE;
	m->ool.copy = MACH_MSG_VIRTUAL_COPY;
	m->ool.type = MACH_MSG_OOL_DESCRIPTOR;
}

/* Everything the message would take is still ours. */
static void
atomic_check_intact(void)
{
	CHECK_EQ(type_of(at.recv), MACH_PORT_TYPE_RECEIVE);
	CHECK_EQ(refs_of(at.reply, MACH_PORT_RIGHT_SEND), 1);
	CHECK_EQ(*(volatile uint32_t *)at.page, 0xa7031c);
}

static void
atomic_blocked_sender(uint64_t arg)
{
	struct atomic_msg m;

	(void)arg;
	atomic_build(&m);
	at.result = mach_msg(&m.h, MACH_SEND_MSG, sizeof(m), 0, MACH_PORT_NULL,
	    0, MACH_PORT_NULL);
	u_thread_exit();
}

static void
test_atomic_send(void)
{
	static struct {
		struct atomic_msg m;
		mach_msg_max_trailer_t t;
	} r;
	struct atomic_msg m;
	mach_port_t th = MACH_PORT_NULL, other = MACH_PORT_NULL;
	mach_msg_type_name_t t;
	integer_t limit = 1;

	at.dest = new_port();
	CHECK_EQ(mach_port_set_attributes(mach_task_self(), at.dest,
	    MACH_PORT_LIMITS_INFO, &limit, 1), KERN_SUCCESS);
	CHECK_EQ(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
	    &at.recv), KERN_SUCCESS);
	CHECK_EQ(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
	    &other), KERN_SUCCESS);
	CHECK_EQ(mach_port_extract_right(mach_task_self(), other,
	    MACH_MSG_TYPE_MAKE_SEND, &at.reply, &t), KERN_SUCCESS);
	CHECK_EQ(vm_allocate(mach_task_self(), &at.page, PG, TRUE), KERN_SUCCESS);
	*(volatile uint32_t *)at.page = 0xa7031c;
	stress_quit(at.dest);			/* the queue is full now */

	/* timed out: nothing taken */
	atomic_build(&m);
	CHECK_EQ(mach_msg(&m.h, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(m), 0,
	    MACH_PORT_NULL, 10, MACH_PORT_NULL), MACH_SEND_TIMED_OUT);
	atomic_check_intact();

	/* interrupted (thread_abort): nothing taken */
	at.result = MACH_MSG_SUCCESS;
	CHECK_EQ(u_thread_start(MACH_PORT_NULL, atomic_blocked_sender,
	    u_stack(4 * PG), 0, &th), KERN_SUCCESS);
	u_sleep(5 * MSEC);
	CHECK_EQ(thread_abort(th), KERN_SUCCESS);
	CHECK_EQ(u_thread_join(th, 2000), KERN_SUCCESS);
	CHECK_EQ(at.result, MACH_SEND_INTERRUPTED);
	atomic_check_intact();

	/* room again: the same message goes, and takes everything */
	CHECK_EQ(mach_msg(&r.m.h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(r),
	    at.dest, 1000, MACH_PORT_NULL), MACH_MSG_SUCCESS);
	atomic_build(&m);
	CHECK_EQ(mach_msg(&m.h, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(m), 0,
	    MACH_PORT_NULL, 10, MACH_PORT_NULL), MACH_MSG_SUCCESS);
	CHECK_EQ(type_of(at.recv), 0);
	CHECK_EQ(type_of(at.reply), MACH_PORT_TYPE_RECEIVE);	/* send moved */
	CHECK_EQ(mach_msg(&r.m.h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(r),
	    at.dest, 1000, MACH_PORT_NULL), MACH_MSG_SUCCESS);
	CHECK_EQ(r.m.recv.disposition, MACH_MSG_TYPE_PORT_RECEIVE);
	CHECK_EQ(*(volatile uint32_t *)r.m.ool.address, 0xa7031c);
	mach_msg_destroy(&r.m.h);
	CHECK_EQ(mach_port_destroy(mach_task_self(), at.dest), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(mach_task_self(), other), KERN_SUCCESS);
}

const struct test stress_ipc_tests[] = {
	{ "stress_ipc", test_stress_ipc },
	{ "atomic_send", test_atomic_send },
};
const unsigned stress_ipc_ntests = 2;
