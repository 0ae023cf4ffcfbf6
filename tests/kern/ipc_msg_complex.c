/*
 * Self-tests of message copy-in checks and port descriptors, and a
 * many-client, many-server stress run over a port set.
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

/* A port descriptor as a user writes it. */
struct t_port_desc {
	uint32_t name;
	uint32_t pad1;
	uint32_t word;		/* disposition << 16 | type << 24 */
};

struct t_cmsg {
	struct ipc_user_header h;
	mach_msg_body_t body;
	struct t_port_desc d[3];
	mach_msg_max_trailer_t trailer;
};

static uint32_t
t_desc_word(mach_msg_type_name_t disp, unsigned type)
{
	return (disp << 16) | (type << 24);
}

static struct ipc_msg_caller
t_caller(struct ipc_space *space)
{
	struct ipc_msg_caller c = { space, { { 0, 0 } }, false };
	return c;
}

static mach_msg_return_t
t_send_cmsg(struct ipc_msg_caller *c, struct t_cmsg *m, unsigned ndesc)
{
	m->h.bits |= MACH_MSGH_BITS_COMPLEX;
	m->body.msgh_descriptor_count = ndesc;
	return ipc_mach_msg(c, m, MACH_SEND_MSG, IPC_USER_HEADER_SIZE + 4 +
	    ndesc * sizeof(struct t_port_desc), 0, MACH_PORT_NULL, 0);
}

KTEST(ipc_msg_port_descriptors)
{
	struct ipc_leak_mark mark;
	struct ipc_space *a, *b;
	struct ipc_msg_caller ca, cb;
	struct t_cmsg m;
	mach_port_name_t dest, mine, other, sb;

	ipc_leak_begin(&mark);
	a = t_space();
	b = t_space();
	ca = t_caller(a);
	cb = t_caller(b);
	dest = t_receive(b);
	sb = t_give(b, dest, MACH_MSG_TYPE_MAKE_SEND, a);
	mine = t_receive(a);
	other = t_receive(a);
	memset(&m, 0, sizeof(m));
	m.h.bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	m.h.remote = sb;
	m.d[0].name = mine;
	m.d[0].word = t_desc_word(MACH_MSG_TYPE_MOVE_RECEIVE, 0);
	m.d[1].name = other;
	m.d[1].word = t_desc_word(MACH_MSG_TYPE_MAKE_SEND, 0);
	m.d[2].name = other;
	m.d[2].word = t_desc_word(MACH_MSG_TYPE_MAKE_SEND_ONCE, 0);
	KEXPECT_EQ(t_send_cmsg(&ca, &m, 3), MACH_MSG_SUCCESS);
	KEXPECT_EQ(mach_port_type(a, mine, &m.h.size), KERN_INVALID_NAME);
	memset(&m, 0, sizeof(m));
	KEXPECT_EQ(ipc_mach_msg(&cb, &m, MACH_RCV_MSG, 0, sizeof(m), dest, 0),
	    MACH_MSG_SUCCESS);
	KEXPECT(MACH_MSGH_BITS_IS_COMPLEX(m.h.bits));
	KEXPECT_EQ(m.body.msgh_descriptor_count, 3);
	KEXPECT_EQ(t_type(b, m.d[0].name), MACH_PORT_TYPE_RECEIVE);
	KEXPECT_EQ(m.d[0].word, t_desc_word(MACH_MSG_TYPE_PORT_RECEIVE, 0));
	KEXPECT_EQ(t_type(b, m.d[1].name), MACH_PORT_TYPE_SEND);
	KEXPECT_EQ(t_type(b, m.d[2].name), MACH_PORT_TYPE_SEND_ONCE);
	KEXPECT(m.d[1].name != m.d[2].name);
	KEXPECT_EQ(m.d[0].pad1, 0);
	KEXPECT(t_port(b, m.d[0].name)->destination == NULL);
	ipc_space_release(a);
	ipc_space_release(b);
	ipc_leak_end(&mark);
}

/* Malformed messages are refused; checked ones leave the sender as it was. */
KTEST(ipc_msg_send_errors)
{
	struct ipc_leak_mark mark;
	struct ipc_space *a;
	struct ipc_msg_caller ca;
	struct t_cmsg m;
	mach_port_name_t port, s, so;

	ipc_leak_begin(&mark);
	a = t_space();
	ca = t_caller(a);
	port = t_receive(a);
	s = t_give(a, port, MACH_MSG_TYPE_MAKE_SEND, a);
	so = t_give(a, port, MACH_MSG_TYPE_MAKE_SEND_ONCE, a);
	memset(&m, 0, sizeof(m));
	m.h.bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	m.h.remote = s;
	KEXPECT_EQ(ipc_mach_msg(&ca, &m, MACH_SEND_MSG, 20, 0, 0, 0),
	    MACH_SEND_MSG_TOO_SMALL);
	KEXPECT_EQ(ipc_mach_msg(&ca, &m, MACH_SEND_MSG, 26, 0, 0, 0),
	    MACH_SEND_MSG_TOO_SMALL);
	KEXPECT_EQ(ipc_mach_msg(&ca, &m, MACH_SEND_MSG, 1u << 30, 0, 0, 0),
	    MACH_SEND_TOO_LARGE);
	m.h.bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_RECEIVE, 0);
	KEXPECT_EQ(ipc_mach_msg(&ca, &m, MACH_SEND_MSG, 24, 0, 0, 0),
	    MACH_SEND_INVALID_HEADER);
	m.h.bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) | 0x4000000;
	KEXPECT_EQ(ipc_mach_msg(&ca, &m, MACH_SEND_MSG, 24, 0, 0, 0),
	    MACH_SEND_INVALID_HEADER);
	m.h.bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	m.h.remote = so;
	KEXPECT_EQ(ipc_mach_msg(&ca, &m, MACH_SEND_MSG, 24, 0, 0, 0),
	    MACH_SEND_INVALID_DEST);
	m.h.remote = s + 0x100000;
	KEXPECT_EQ(ipc_mach_msg(&ca, &m, MACH_SEND_MSG, 24, 0, 0, 0),
	    MACH_SEND_INVALID_DEST);
	m.h.remote = s;
	m.h.bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
	    MACH_MSG_TYPE_MOVE_SEND_ONCE);
	m.h.local = s;
	KEXPECT_EQ(ipc_mach_msg(&ca, &m, MACH_SEND_MSG, 24, 0, 0, 0),
	    MACH_SEND_INVALID_REPLY);
	m.h.bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND,
	    MACH_MSG_TYPE_MOVE_SEND);	/* one uref cannot move twice */
	KEXPECT_EQ(ipc_mach_msg(&ca, &m, MACH_SEND_MSG, 24, 0, 0, 0),
	    MACH_SEND_INVALID_REPLY);
	m.h.bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
	    MACH_MSG_TYPE_MOVE_RECEIVE);	/* into its own queue */
	m.h.local = port;
	KEXPECT_EQ(ipc_mach_msg(&ca, &m, MACH_SEND_MSG, 24, 0, 0, 0),
	    MACH_SEND_INVALID_REPLY);
	m.h.bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	m.h.local = MACH_PORT_NULL;
	/* bodies: too many descriptors, short, bad type, bad name */
	m.d[0].name = port;
	m.d[0].word = t_desc_word(MACH_MSG_TYPE_MAKE_SEND, 0);
	KEXPECT_EQ(t_send_cmsg(&ca, &m, 5000), MACH_SEND_TOO_LARGE);
	m.body.msgh_descriptor_count = 2;
	KEXPECT_EQ(ipc_mach_msg(&ca, &m, MACH_SEND_MSG, 24 + 4 + 12, 0, 0, 0),
	    MACH_SEND_MSG_TOO_SMALL);
	m.d[0].word = t_desc_word(MACH_MSG_TYPE_MAKE_SEND,
	    MACH_MSG_OOL_VOLATILE_DESCRIPTOR);	/* not carried */
	KEXPECT_EQ(t_send_cmsg(&ca, &m, 1), MACH_SEND_INVALID_TYPE);
	m.d[0].word = t_desc_word(3, 0);
	KEXPECT_EQ(t_send_cmsg(&ca, &m, 1), MACH_SEND_INVALID_TYPE);
	m.d[0].word = t_desc_word(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
	KEXPECT_EQ(t_send_cmsg(&ca, &m, 1), MACH_SEND_INVALID_RIGHT);
	/* none of that touched the sender's rights */
	KEXPECT_EQ(t_refs(a, s, MACH_PORT_RIGHT_SEND), 1);
	KEXPECT_EQ(t_type(a, so), MACH_PORT_TYPE_SEND_ONCE);
	KEXPECT_EQ(t_queued(a, port), 0);
	/* a name moved twice fails after copy-in began: all released */
	m.d[0].name = so;
	m.d[1].name = so;
	m.d[1].word = m.d[0].word;
	KEXPECT_EQ(t_send_cmsg(&ca, &m, 2), MACH_SEND_INVALID_RIGHT);
	KEXPECT_EQ(mach_port_type(a, so, &m.h.size), KERN_INVALID_NAME);
	KEXPECT_EQ(t_refs(a, s, MACH_PORT_RIGHT_SEND), 1);	/* COPY_SEND */
	ipc_space_release(a);
	ipc_leak_end(&mark);
}

/* --- stress: clients and servers, no message lost or doubled --- */

#define STRESS_CLIENTS	4
#define STRESS_SERVERS	3
#define STRESS_CALLS	150

static struct ipc_space *st_server_space;
static mach_port_name_t st_set;
static mach_port_name_t st_client_send[STRESS_CLIENTS];
static struct ipc_space *st_client_space[STRESS_CLIENTS];
static volatile int st_clients_done, st_servers_done, st_bad;
static uint8_t st_seen[STRESS_CLIENTS][STRESS_CALLS];

struct st_msg {
	struct ipc_user_header h;
	uint32_t data[2];
	mach_msg_max_trailer_t trailer;
};

static void
st_server_main(void *arg)
{
	struct ipc_msg_caller c = t_caller(st_server_space);
	struct st_msg m;

	(void)arg;
	for (;;) {
		if (ipc_mach_msg(&c, &m, MACH_RCV_MSG, 0, sizeof(m), st_set, 0)
		    != MACH_MSG_SUCCESS || m.h.id == 0xdead)
			break;
		if (m.data[0] < STRESS_CLIENTS && m.data[1] < STRESS_CALLS)
			st_seen[m.data[0]][m.data[1]]++;
		m.h.bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m.h.local = MACH_PORT_NULL;
		ipc_mach_msg(&c, &m, MACH_SEND_MSG,
		    sizeof(m) - sizeof(m.trailer), 0, MACH_PORT_NULL, 0);
	}
	st_servers_done++;
}

static void
st_client_main(void *arg)
{
	unsigned me = (unsigned)(uintptr_t)arg;
	struct ipc_space *space = st_client_space[me];
	struct ipc_msg_caller c = t_caller(space);
	mach_port_name_t reply = MACH_PORT_NULL;
	struct st_msg m;

	mach_port_allocate(space, MACH_PORT_RIGHT_RECEIVE, &reply);
	for (unsigned i = 0; i < STRESS_CALLS; i++) {
		memset(&m, 0, sizeof(m));
		m.h.bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
		    MACH_MSG_TYPE_MAKE_SEND_ONCE);
		m.h.remote = st_client_send[me];
		m.h.local = reply;
		m.h.id = (int)(me * 1000 + i);
		m.data[0] = me;
		m.data[1] = i;
		if (ipc_mach_msg(&c, &m, MACH_SEND_MSG | MACH_RCV_MSG,
		    sizeof(m) - sizeof(m.trailer), sizeof(m), reply, 0) !=
		    MACH_MSG_SUCCESS || m.data[0] != me || m.data[1] != i)
			st_bad++;
	}
	st_clients_done++;
}

KTEST(ipc_msg_stress_clients_servers)
{
	struct ipc_leak_mark mark;
	mach_port_name_t svc[2];
	struct ipc_msg_caller c;
	struct st_msg quit;
	unsigned missing = 0;

	ipc_leak_begin(&mark);
	memset(st_seen, 0, sizeof(st_seen));
	st_clients_done = st_servers_done = st_bad = 0;
	st_server_space = t_space();
	KEXPECT_EQ(mach_port_allocate(st_server_space,
	    MACH_PORT_RIGHT_PORT_SET, &st_set), KERN_SUCCESS);
	for (int i = 0; i < 2; i++) {
		svc[i] = t_receive(st_server_space);
		mach_port_move_member(st_server_space, svc[i], st_set);
	}
	for (unsigned i = 0; i < STRESS_CLIENTS; i++) {
		st_client_space[i] = t_space();
		st_client_send[i] = t_give(st_server_space, svc[i % 2],
		    MACH_MSG_TYPE_MAKE_SEND, st_client_space[i]);
	}
	for (unsigned i = 0; i < STRESS_SERVERS; i++)
		KEXPECT(thread_create_kernel("ipc-srv", st_server_main, NULL,
		    SCHED_PRI_KERNEL, 0) != NULL);
	for (unsigned i = 0; i < STRESS_CLIENTS; i++)
		KEXPECT(thread_create_kernel("ipc-cli", st_client_main,
		    (void *)(uintptr_t)i, SCHED_PRI_KERNEL, 0) != NULL);
	for (int i = 0; i < 5000 && st_clients_done < STRESS_CLIENTS; i++)
		thread_sleep_ns(NSEC_PER_MSEC, false);
	KEXPECT_EQ(st_clients_done, STRESS_CLIENTS);
	KEXPECT_EQ(st_bad, 0);
	for (unsigned i = 0; i < STRESS_CLIENTS; i++)
		for (unsigned j = 0; j < STRESS_CALLS; j++)
			missing += st_seen[i][j] != 1;
	KEXPECT_EQ(missing, 0);
	c = t_caller(st_server_space);
	for (unsigned i = 0; i < STRESS_SERVERS; i++) {
		memset(&quit, 0, sizeof(quit));
		quit.h.bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
		quit.h.remote = svc[0];
		quit.h.id = 0xdead;
		ipc_mach_msg(&c, &quit, MACH_SEND_MSG, IPC_USER_HEADER_SIZE, 0,
		    MACH_PORT_NULL, 0);
	}
	for (int i = 0; i < 2000 && st_servers_done < STRESS_SERVERS; i++)
		thread_sleep_ns(NSEC_PER_MSEC, false);
	KEXPECT_EQ(st_servers_done, STRESS_SERVERS);
	for (unsigned i = 0; i < STRESS_CLIENTS; i++)
		ipc_space_release(st_client_space[i]);
	ipc_space_release(st_server_space);
	ipc_leak_end(&mark);
}
