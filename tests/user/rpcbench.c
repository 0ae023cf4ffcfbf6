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

const struct test bench_tests[] = {
	{ "bench_rpc", bench_user_rpc },
};
const unsigned bench_ntests = sizeof(bench_tests) / sizeof(bench_tests[0]);
