/*
 * User-level IPC benchmarks: an RPC between two tasks, client and
 * server each in its own address space, through harbor-mig's stubs
 * (ipctest.defs).  rpc_null: a request and a reply with no data;
 * rpc_inline_64 / rpc_inline_4k: ipct_echo with that much inline data
 * each way.  Each sample is one round trip in rdtsc cycles (instructions
 * under qemu -icount, docs/performance.md); the lines printed are the
 * kernel benchmarks' (`BENCH name median= min= max= reps=`).  Started by
 * the kernel benchmark user_rpc (tests/kern/user.c) when Harbor boots
 * with `bench`.
 */
#include "ipct.h"
#include "ipctServer.h"
#include "usertest.h"

#define BENCH_REPS	101
#define BENCH_WARMUP	5
#define SERVER_NAME	0x6503u		/* the receive right, in the server task */

/*
 * The server: reply and wait for the next request in one mach_msg, as a
 * Mach server loop does.
 */
static void
bench_server(uint64_t arg)
{
	static union {
		mach_msg_header_t h;
		_Alignas(8) char buf[ipct_MAX_MSG_SIZE];
	} a, b;
	mach_msg_header_t *in = &a.h, *out = &b.h;
	mach_msg_return_t mr;

	(void)arg;
	mr = mach_msg(in, MACH_RCV_MSG, 0, sizeof(a), SERVER_NAME, 0, MACH_PORT_NULL);
	for (;;) {
		mach_msg_header_t *t;

		if (mr != MACH_MSG_SUCCESS) {
			mr = mach_msg(in, MACH_RCV_MSG, 0, sizeof(a), SERVER_NAME, 0,
			    MACH_PORT_NULL);
			continue;
		}
		ipct_server(in, out);
		if (out->msgh_remote_port == MACH_PORT_NULL) {
			mr = mach_msg(in, MACH_RCV_MSG, 0, sizeof(a), SERVER_NAME, 0,
			    MACH_PORT_NULL);
			continue;
		}
		/* the reply goes out and the next request comes into its buffer */
		mr = mach_msg(out, MACH_SEND_MSG | MACH_RCV_MSG, out->msgh_size,
		    sizeof(a), SERVER_NAME, 0, MACH_PORT_NULL);
		t = in;
		in = out;
		out = t;
	}
}

static void
sort(uint64_t *s, unsigned n)
{
	for (unsigned i = 1; i < n; i++) {
		uint64_t v = s[i];
		unsigned j = i;
		for (; j > 0 && s[j - 1] > v; j--)
			s[j] = s[j - 1];
		s[j] = v;
	}
}

static void
report(const char *name, uint64_t *s, unsigned n)
{
	sort(s, n);
	u_printf("BENCH %s median=%lu min=%lu max=%lu reps=%u\n", name, s[n / 2], s[0],
	    s[n - 1], n);
}

static char bench_data[4096], bench_reply[4096];

/* One round trip of size bytes (0: ipct_null). */
static kern_return_t
bench_once(mach_port_t server, unsigned size)
{
	mach_msg_type_number_t n = sizeof(bench_reply);

	if (size == 0)
		return ipct_null(server);
	return ipct_echo(server, bench_data, size, bench_reply, &n);
}

static void
bench_rpc(const char *name, mach_port_t server, unsigned size)
{
	static uint64_t samples[BENCH_REPS];

	for (int i = 0; i < BENCH_WARMUP; i++)
		if (bench_once(server, size) != KERN_SUCCESS) {
			u_printf("BENCH-FAIL %s the RPC failed\n", name);
			return;
		}
	for (int i = 0; i < BENCH_REPS; i++) {
		uint64_t t0 = u_rdtsc();
		bench_once(server, size);
		samples[i] = u_rdtsc() - t0;
	}
	report(name, samples, BENCH_REPS);
}

static void
bench_user_rpc(void)
{
	mach_port_t port = new_port(), child = MACH_PORT_NULL;
	uint64_t stack = u_stack(16 * PG);

	/* the server task gets the receive right; we keep a send right */
	CHECK_EQ(task_create(mach_task_self(), TRUE, &child), KERN_SUCCESS);
	CHECK_EQ(mach_port_insert_right(child, SERVER_NAME, port,
	    MACH_MSG_TYPE_MOVE_RECEIVE), KERN_SUCCESS);
	mach_port_t th = MACH_PORT_NULL;
	CHECK_EQ(u_thread_start(child, bench_server, stack, 0, &th), KERN_SUCCESS);
	for (unsigned i = 0; i < sizeof(bench_data); i++)
		bench_data[i] = (char)i;
	bench_rpc("rpc_null", port, 0);
	bench_rpc("rpc_inline_64", port, 64);
	bench_rpc("rpc_inline_4k", port, 4096);
	CHECK_EQ(memcmp(bench_reply, bench_data, 4096), 0);
	CHECK_EQ(task_terminate(child), KERN_SUCCESS);
	mach_port_deallocate(mach_task_self(), child);
	mach_port_deallocate(mach_task_self(), th);
	mach_port_deallocate(mach_task_self(), port);
}

/* A request with no body that ipct_server answers with MIG_BAD_ID. */
static void
fault_request(mach_msg_header_t *h, mach_port_t server, mach_port_t reply)
{
	h->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
	    MACH_MSG_TYPE_MAKE_SEND_ONCE);
	h->msgh_size = sizeof(*h);
	h->msgh_remote_port = server;
	h->msgh_local_port = reply;
	h->msgh_voucher_port = MACH_PORT_NULL;
	h->msgh_id = 0x7a11;
}

/*
 * The fast path's inline copies (x86_64/arch_inline.h) recover from
 * faults as copyin/copyout do, against the same server as bench_rpc:
 * a send from an unmapped buffer or one running into an unmapped page
 * (a fault in the middle of the copy) falls back and fails with
 * MACH_SEND_INVALID_DATA; a request from a read-only buffer goes out
 * (fast), the reply comes back fast and its copy-out into that buffer
 * fails with MACH_RCV_INVALID_DATA; a reply into a page not yet touched
 * arrives whole; RPCs work before and after.
 * tests/kern/ipc_fastpath.c checks which path each took.
 */
static void
fp_copy_faults(void)
{
	mach_port_t port = new_port(), child = MACH_PORT_NULL, th = MACH_PORT_NULL;
	mach_port_t reply = new_port();
	uint64_t stack = u_stack(16 * PG), a = 0;
	mach_msg_header_t *h;
	const mach_msg_option_t opt = MACH_SEND_MSG | MACH_RCV_MSG;

	CHECK_EQ(task_create(mach_task_self(), TRUE, &child), KERN_SUCCESS);
	CHECK_EQ(mach_port_insert_right(child, SERVER_NAME, port,
	    MACH_MSG_TYPE_MOVE_RECEIVE), KERN_SUCCESS);
	CHECK_EQ(u_thread_start(child, bench_server, stack, 0, &th), KERN_SUCCESS);
	CHECK_EQ(ipct_null(port), KERN_SUCCESS);	/* the server waits */
	CHECK_EQ(ipct_null(port), KERN_SUCCESS);

	/* three pages: [a] read-only, [a + PG] unmapped, [a + 2 PG] spare */
	CHECK_EQ(u_vm_allocate(&a, 3 * PG, VM_FLAGS_ANYWHERE), KERN_SUCCESS);
	CHECK_EQ(u_vm_deallocate(a + PG, PG), KERN_SUCCESS);

	/* unmapped: the range check passes, the first word faults */
	CHECK_EQ(mach_msg_trap((mach_msg_header_t *)(a + PG), opt,
	    sizeof(*h), sizeof(*h) + 64, reply, 0),
	    MACH_SEND_INVALID_DATA);
	/* the header's last 8 bytes on the unmapped page */
	h = (mach_msg_header_t *)(a + PG - 16);
	h->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
	    MACH_MSG_TYPE_MAKE_SEND_ONCE);
	h->msgh_size = sizeof(*h);
	h->msgh_remote_port = port;
	h->msgh_local_port = reply;	/* voucher and id: unmapped */
	CHECK_EQ(mach_msg_trap(h, opt, sizeof(*h), sizeof(*h) + 64, reply, 0),
	    MACH_SEND_INVALID_DATA);
	CHECK_EQ(ipct_null(port), KERN_SUCCESS);

	/* read-only: the send reads it, the reply cannot be written */
	h = (mach_msg_header_t *)a;
	fault_request(h, port, reply);
	CHECK_EQ(u_vm_protect(a, PG, 0, VM_PROT_READ), KERN_SUCCESS);
	CHECK_EQ(mach_msg_trap(h, opt, sizeof(*h), 256, reply, 0),
	    MACH_RCV_INVALID_DATA);
	CHECK_EQ(h->msgh_id, 0x7a11);		/* untouched */
	CHECK_EQ(ipct_null(port), KERN_SUCCESS);

	/*
	 * A reply running into a page never touched (demand zero): the
	 * server's direct copy-out into our buffer may not wait for the
	 * page, so it hands the reply over through our record and we copy
	 * it out here, faulting the page in: the reply arrives whole.
	 */
	uint64_t b = 0;
	mig_reply_error_t *e;

	CHECK_EQ(u_vm_allocate(&b, 2 * PG, VM_FLAGS_ANYWHERE), KERN_SUCCESS);
	h = (mach_msg_header_t *)(b + PG - sizeof(*h));
	fault_request(h, port, reply);
	CHECK_EQ(mach_msg_trap(h, opt, sizeof(*h), 256, reply, 0),
	    MACH_MSG_SUCCESS);
	e = (mig_reply_error_t *)h;
	CHECK_EQ(h->msgh_id, 0x7a11 + 100);
	CHECK_EQ(h->msgh_size, sizeof(*e));
	CHECK_EQ(e->RetCode, MIG_BAD_ID);
	CHECK_EQ(ipct_null(port), KERN_SUCCESS);
	u_vm_deallocate(b, 2 * PG);

	CHECK_EQ(task_terminate(child), KERN_SUCCESS);
	mach_port_deallocate(mach_task_self(), child);
	mach_port_deallocate(mach_task_self(), th);
	mach_port_deallocate(mach_task_self(), port);
	mach_port_mod_refs(mach_task_self(), reply, MACH_PORT_RIGHT_RECEIVE, -1);
	mach_port_deallocate(mach_task_self(), reply);
	u_vm_deallocate(a, 3 * PG);
}

/* The receive status of `name` in `task`'s space. */
static mach_port_status_t
fp_status(mach_port_t task, mach_port_t name)
{
	mach_port_status_t st;
	mach_msg_type_number_t n = MACH_PORT_RECEIVE_STATUS_COUNT;

	memset(&st, 0xff, sizeof(st));
	CHECK_EQ(mach_port_get_attributes(task, name, MACH_PORT_RECEIVE_STATUS,
	    (mach_port_info_t)&st, &n), KERN_SUCCESS);
	return st;
}

/*
 * The rights a fast RPC moves leave the counts as the slow path leaves
 * them (the fast path releases the destination right at delivery, not
 * at the receiver's copy-out): a run of fast ipct_null calls leaves the
 * server's port with exactly the client's send right (gone when the
 * client deallocates it) and the send-once count it had, the client's
 * reply port with no send-once right but the one of the status request
 * that asks, nothing queued on either, and
 * the server's sequence number one further per request.
 */
#define FP_COUNT_CALLS	20

static void
fp_right_counts(void)
{
	mach_port_t port = new_port(), child = MACH_PORT_NULL, reply;
	mach_port_t th = MACH_PORT_NULL;
	uint64_t stack = u_stack(16 * PG);
	mach_port_urefs_t urefs = 0;
	mach_port_status_t st, st0;

	CHECK_EQ(task_create(mach_task_self(), TRUE, &child), KERN_SUCCESS);
	CHECK_EQ(mach_port_insert_right(child, SERVER_NAME, port,
	    MACH_MSG_TYPE_MOVE_RECEIVE), KERN_SUCCESS);
	CHECK_EQ(u_thread_start(child, bench_server, stack, 0, &th), KERN_SUCCESS);
	CHECK_EQ(ipct_null(port), KERN_SUCCESS);	/* the server waits now */
	st0 = fp_status(child, SERVER_NAME);
	for (int i = 1; i < FP_COUNT_CALLS; i++)
		CHECK_EQ(ipct_null(port), KERN_SUCCESS);
	reply = mig_get_reply_port();
	st = fp_status(mach_task_self(), reply);
	CHECK_EQ(st.mps_sorights, 1);	/* the status request's own reply */
	CHECK_EQ(st.mps_msgcount, 0);
	st = fp_status(child, SERVER_NAME);
	CHECK_EQ(st.mps_srights, 1);
	CHECK_EQ(st.mps_sorights, st0.mps_sorights);
	CHECK_EQ(st.mps_msgcount, 0);
	CHECK_EQ(st.mps_seqno, st0.mps_seqno + FP_COUNT_CALLS - 1);
	CHECK_EQ(mach_port_get_refs(mach_task_self(), port, MACH_PORT_RIGHT_SEND,
	    &urefs), KERN_SUCCESS);
	CHECK_EQ(urefs, 1);
	mach_port_deallocate(mach_task_self(), port);
	st = fp_status(child, SERVER_NAME);	/* that was the last send right */
	CHECK_EQ(st.mps_srights, 0);
	CHECK_EQ(task_terminate(child), KERN_SUCCESS);
	mach_port_deallocate(mach_task_self(), child);
	mach_port_deallocate(mach_task_self(), th);
}

const struct test bench_tests[] = {
	{ "bench_rpc", bench_user_rpc },
	{ "fp_copy_faults", fp_copy_faults },
	{ "fp_right_counts", fp_right_counts },
};
const unsigned bench_ntests = sizeof(bench_tests) / sizeof(bench_tests[0]);
