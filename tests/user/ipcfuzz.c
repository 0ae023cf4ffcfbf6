/*
 * The in-QEMU IPC fuzzer: FUZZ_ITERATIONS random and malformed messages
 * from a fixed seed (so a failure can be replayed), sent with
 * mach_msg_trap to its own ports and to kernel objects' ports: random
 * header bits and dispositions, bad and stale names, sizes from 0 to
 * huge, descriptors of every type (and invalid ones) with counts and
 * sizes out of bounds, out-of-line pointers into unmapped, kernel and
 * non-canonical memory, random ids (and the ids of the kernel's
 * interfaces with bodies of noise).  It checks that every call returns
 * (sends and receives never wait: timeouts of 0), and the kernel test
 * that runs it checks that pages, ports and messages are back where
 * they started (tests/kern/user.c, KTEST ipcfuzz_user).
 *
 * Kernel objects: a sacrificial child task (its task, vm and thread
 * ports take any id: it may be terminated, made to fault, filled with
 * ports; it is replaced when it dies), the host port, and our own task
 * and thread ports with read-only ids only (the fuzzer must survive).
 */
#include "usertest.h"

#define FUZZ_SEED		0x4861726275u	/* "Harbu" */
#define FUZZ_ITERATIONS		20000u
#define FUZZ_POOL		8		/* our receive rights */
#define FUZZ_BUF		2048u
#define FUZZ_SCRATCH_PAGES	4
#define ARRAY_LEN(a)		(sizeof(a) / sizeof((a)[0]))

static uint64_t fuzz_state = FUZZ_SEED;

/* xorshift64*: small, fixed, good enough to pick cases. */
static uint32_t
fz_rand(void)
{
	fuzz_state ^= fuzz_state >> 12;
	fuzz_state ^= fuzz_state << 25;
	fuzz_state ^= fuzz_state >> 27;
	return (uint32_t)((fuzz_state * 2685821657736338717ull) >> 32);
}

static uint32_t
fz_below(uint32_t n)
{
	return fz_rand() % n;
}

static struct {
	mach_port_t pool[FUZZ_POOL];	/* receive + send rights, in `set` */
	mach_port_t set;
	mach_port_t sonce;		/* a send-once right (to pool[0]) */
	mach_port_t child, child_thread;
	mach_port_t host, self_task, self_thread;
	vm_address_t scratch;		/* OOL sources; holds names first */
	uint64_t sends, kernel_sends, received, errors;
} fz;

static _Alignas(8) uint32_t fz_msg[FUZZ_BUF / 4];
static _Alignas(8) char fz_rcv[FUZZ_BUF + 256];

/* Read-only requests, for our own task and thread. */
static const mach_msg_id_t fz_safe_self_ids[] = {
	3201, 3207, 3217, 3405, 3414, 3800, 3603, 3610, 3612, 3614,
	200, 201, 202, 203,
};

/* Keep the pool whole: names that lost their receive right are replaced. */
static void
fz_refresh_pool(void)
{
	for (unsigned i = 0; i < FUZZ_POOL; i++) {
		if (type_of(fz.pool[i]) & MACH_PORT_TYPE_RECEIVE)
			continue;
		mach_port_destroy(mach_task_self(), fz.pool[i]);
		fz.pool[i] = new_port();
		mach_port_move_member(mach_task_self(), fz.pool[i], fz.set);
	}
	if (!(type_of(fz.sonce) & MACH_PORT_TYPE_SEND_ONCE)) {
		mach_msg_type_name_t t;

		mach_port_destroy(mach_task_self(), fz.sonce);
		fz.sonce = MACH_PORT_NULL;
		mach_port_extract_right(mach_task_self(), fz.pool[0],
		    MACH_MSG_TYPE_MAKE_SEND_ONCE, &fz.sonce, &t);
	}
}

/* A fresh sacrificial child when the last one is gone. */
static void
fz_refresh_child(void)
{
	if (fz.child && (type_of(fz.child) & MACH_PORT_TYPE_SEND) &&
	    type_of(fz.child_thread) & MACH_PORT_TYPE_SEND)
		return;
	if (fz.child) {
		task_terminate(fz.child);
		mach_port_destroy(mach_task_self(), fz.child);
		mach_port_destroy(mach_task_self(), fz.child_thread);
	}
	fz.child = fz.child_thread = MACH_PORT_NULL;
	if (task_create(mach_task_self(), FALSE, &fz.child) != KERN_SUCCESS)
		return;
	/* a suspended thread that never runs: a target for thread ids */
	if (thread_create(fz.child, &fz.child_thread) != KERN_SUCCESS)
		fz.child_thread = MACH_PORT_NULL;
	/*
	 * Messages may move these rights away; with plenty of urefs we keep
	 * the child's port until we terminate it (a lost port would leave a
	 * task with a suspended thread alive for ever).
	 */
	mach_port_mod_refs(mach_task_self(), fz.child, MACH_PORT_RIGHT_SEND,
	    30000);
	mach_port_mod_refs(mach_task_self(), fz.child_thread,
	    MACH_PORT_RIGHT_SEND, 30000);
}

/* The scratch pages again (an OOL send with deallocate took them). */
static void
fz_refresh_scratch(void)
{
	uint32_t *names = (uint32_t *)fz.scratch;

	vm_allocate(mach_task_self(), &fz.scratch, FUZZ_SCRATCH_PAGES * PG,
	    FALSE);
	for (unsigned i = 0; i < FUZZ_POOL; i++)
		names[i] = fz.pool[i];
}

static mach_port_t
fz_name(void)
{
	switch (fz_below(12)) {
	case 0: return MACH_PORT_NULL;
	case 1: return MACH_PORT_DEAD;
	case 2: return fz_rand();
	case 3: return fz.pool[fz_below(FUZZ_POOL)] + 0x100;	/* stale gen */
	case 4: return fz.set;
	case 5: return fz.sonce;
	case 6: return fz.host;
	case 7: return fz.child;
	case 8: return fz.child_thread;
	default: return fz.pool[fz_below(FUZZ_POOL)];
	}
}

static mach_msg_type_name_t
fz_disposition(void)
{
	if (fz_below(8) == 0)
		return fz_below(256);
	return MACH_MSG_TYPE_MOVE_RECEIVE + fz_below(7);	/* 16..22 */
}

static uint64_t
fz_address(void)
{
	static const uint64_t bad[] = {
		0, 0x1000, 0xffffffff80000000ull, 0x0000800000000000ull,
		0xffff800000000000ull, ~0ull - 100, 0x7ffffffff000ull,
	};

	switch (fz_below(4)) {
	case 0: return bad[fz_below(ARRAY_LEN(bad))];
	case 1: return ((uint64_t)fz_rand() << 32) | fz_rand();
	default: return fz.scratch + fz_below(FUZZ_SCRATCH_PAGES * PG);
	}
}

static uint32_t
fz_size(void)
{
	static const uint32_t sizes[] = {
		0, 1, 4, 100, 4096, 3 * 4096, 4097, 1u << 30, (1u << 30) + 1,
		0xffffffffu, 0x80000000u,
	};

	return fz_below(2) ? sizes[fz_below(ARRAY_LEN(sizes))] :
	    fz_below(FUZZ_SCRATCH_PAGES * PG + 64);
}

/* Descriptors after the body count; returns the bytes written. */
static uint32_t
fz_descriptors(char *at, uint32_t room, bool *dealloc)
{
	uint32_t used = 0;
	unsigned n = fz_below(5);

	((mach_msg_body_t *)at)->msgh_descriptor_count = fz_below(16) ? n :
	    fz_rand();
	used += sizeof(mach_msg_body_t);
	for (unsigned i = 0; i < n && used + 16 <= room; i++) {
		mach_msg_descriptor_t *d = (mach_msg_descriptor_t *)(at + used);
		unsigned type = fz_below(10) ? fz_below(3) : fz_below(256);

		memset(d, 0, 16);
		if (type == MACH_MSG_PORT_DESCRIPTOR) {
			d->port.name = fz_name();
			d->port.disposition = fz_disposition();
			d->port.type = MACH_MSG_PORT_DESCRIPTOR;
			used += 12;
			continue;
		}
		d->out_of_line.address = (void *)fz_address();
		d->out_of_line.size = fz_size();
		d->out_of_line.copy = fz_below(4);
		d->out_of_line.type = type;
		if (type == MACH_MSG_OOL_PORTS_DESCRIPTOR)
			d->ool_ports.disposition = fz_disposition();
		/* deallocate only our scratch pages (we must survive) */
		if ((uint64_t)d->out_of_line.address >= fz.scratch &&
		    (uint64_t)d->out_of_line.address < fz.scratch +
		    FUZZ_SCRATCH_PAGES * PG && fz_below(4) == 0) {
			d->out_of_line.deallocate = TRUE;
			*dealloc = true;
		}
		used += 16;
	}
	return used;
}

/* The destination and the id: our ports, or a kernel object's. */
static void
fz_target(mach_msg_header_t *h)
{
	switch (fz_below(8)) {
	case 0:		/* the child's task / vm: any id of those interfaces */
		h->msgh_remote_port = fz.child;
		h->msgh_id = (fz_below(2) ? 3200 : fz_below(2) ? 3401 : 3800) +
		    (mach_msg_id_t)fz_below(20);
		fz.kernel_sends++;
		break;
	case 1:
		h->msgh_remote_port = fz.child_thread;
		h->msgh_id = 3600 + (mach_msg_id_t)fz_below(16);
		fz.kernel_sends++;
		break;
	case 2:
		h->msgh_remote_port = fz_below(2) ? fz.self_task :
		    fz_below(2) ? fz.self_thread : fz.host;
		h->msgh_id = fz_safe_self_ids[fz_below(ARRAY_LEN(fz_safe_self_ids))];
		/* never give our own task's right away */
		h->msgh_bits = (h->msgh_bits & ~MACH_MSGH_BITS_REMOTE_MASK) |
		    MACH_MSG_TYPE_COPY_SEND;
		fz.kernel_sends++;
		break;
	default:
		h->msgh_remote_port = fz_name();
		h->msgh_id = fz_below(4) ? (mach_msg_id_t)fz_rand() :
		    (mach_msg_id_t)(200 + fz_below(4000));
		if (h->msgh_remote_port == fz.child ||
		    h->msgh_remote_port == fz.child_thread ||
		    h->msgh_remote_port == fz.host)
			fz.kernel_sends++;
		break;
	}
	/*
	 * Never task_create: a task without threads lives on when its port
	 * is dropped, and the leak check would (rightly) count it.
	 */
	if (h->msgh_id == 3400)
		h->msgh_id = 3405;
}

/* Take everything queued on our ports (and release what it carries). */
static void
fz_drain(void)
{
	mach_msg_header_t *h = (mach_msg_header_t *)fz_rcv;

	while (mach_msg(h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(fz_rcv),
	    fz.set, 0, MACH_PORT_NULL) == MACH_MSG_SUCCESS) {
		fz.received++;
		mach_msg_destroy(h);
	}
}

static void
fz_one(void)
{
	mach_msg_header_t *h = (mach_msg_header_t *)fz_msg;
	mach_msg_option_t opt = MACH_SEND_MSG | MACH_SEND_TIMEOUT;
	uint32_t size, body = FUZZ_BUF - sizeof(*h);
	mach_port_t rcv_name = MACH_PORT_NULL;
	bool dealloc = false;
	mach_msg_return_t mr;

	for (unsigned i = 0; i < FUZZ_BUF / 4; i++)
		fz_msg[i] = fz_below(4) ? fz_rand() : fz.pool[fz_below(FUZZ_POOL)];
	h->msgh_bits = MACH_MSGH_BITS(fz_disposition(), fz_below(3) ?
	    fz_disposition() : 0) | (fz_below(2) ? MACH_MSGH_BITS_COMPLEX : 0);
	if (fz_below(16) == 0)
		h->msgh_bits = fz_rand();
	h->msgh_local_port = fz_below(3) ? fz_name() : MACH_PORT_NULL;
	h->msgh_voucher_port = fz_below(16) ? 0 : fz_rand();
	fz_target(h);
	size = sizeof(*h);
	if (h->msgh_bits & MACH_MSGH_BITS_COMPLEX)
		size += fz_descriptors((char *)(h + 1), body, &dealloc);
	size += 4 * fz_below(32);
	switch (fz_below(16)) {
	case 0: size = fz_below(24); break;
	case 1: size = fz_rand(); break;
	case 2: size |= 1; break;
	case 3: size = FUZZ_BUF; break;
	}
	h->msgh_size = fz_below(8) ? size : fz_rand();
	if (fz_below(4) == 0) {
		opt |= MACH_RCV_MSG | MACH_RCV_TIMEOUT |
		    (fz_below(2) ? MACH_RCV_LARGE : 0) |
		    MACH_RCV_TRAILER_ELEMENTS(fz_below(6));
		rcv_name = fz_below(2) ? fz.set : fz_name();
	}
	if (fz_below(8) == 0)
		opt |= fz_rand() & ~(MACH_RCV_MSG | MACH_SEND_MSG) &
		    0x00ffffffu;	/* stray option bits */
	opt |= MACH_SEND_TIMEOUT | ((opt & MACH_RCV_MSG) ? MACH_RCV_TIMEOUT : 0);
	mr = mach_msg(h, opt, size, (opt & MACH_RCV_MSG) ?
	    fz_below(FUZZ_BUF) : 0, rcv_name, 0, MACH_PORT_NULL);
	fz.sends++;
	if (mr != MACH_MSG_SUCCESS)
		fz.errors++;
	else if (opt & MACH_RCV_MSG)
		mach_msg_destroy(h);	/* what we received */
	if (dealloc)
		fz_refresh_scratch();
}

static void
test_ipcfuzz(void)
{
	uint64_t t0 = clock_ns();

	memset(&fz, 0, sizeof(fz));
	fuzz_state = FUZZ_SEED;
	CHECK_EQ(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_PORT_SET,
	    &fz.set), KERN_SUCCESS);
	for (unsigned i = 0; i < FUZZ_POOL; i++) {
		fz.pool[i] = new_port();
		CHECK_EQ(mach_port_move_member(mach_task_self(), fz.pool[i], fz.set),
		    KERN_SUCCESS);
	}
	fz.host = mach_host_self();
	/* the host right may be moved away by a message: keep plenty */
	mach_port_mod_refs(mach_task_self(), fz.host, MACH_PORT_RIGHT_SEND, 30000);
	fz.self_task = mach_task_self();
	fz.self_thread = mach_thread_self();
	CHECK_EQ(vm_allocate(mach_task_self(), &fz.scratch,
	    FUZZ_SCRATCH_PAGES * PG, TRUE), KERN_SUCCESS);
	fz_refresh_scratch();
	fz_refresh_pool();
	fz_refresh_child();
	for (unsigned i = 0; i < FUZZ_ITERATIONS; i++) {
		fz_one();
		fz_drain();
		if (i % 64 == 63) {
			fz_refresh_pool();
			fz_refresh_child();
		}
	}
	fz_drain();
	u_printf("# ipcfuzz: %lu messages (%lu to kernel objects), %lu refused, "
	    "%lu received, %lu ms\n", fz.sends, fz.kernel_sends, fz.errors,
	    fz.received, (unsigned long)((clock_ns() - t0) / MSEC));
	CHECK(fz.errors > 0 && fz.errors < fz.sends);
	/* our own ports still work: an RPC through the stubs answers */
	CHECK(task_id_of(mach_task_self()) != 0);
	if (fz.child) {
		task_terminate(fz.child);
		mach_port_destroy(mach_task_self(), fz.child);
		mach_port_destroy(mach_task_self(), fz.child_thread);
	}
}

const struct test ipcfuzz_tests[] = {
	{ "ipcfuzz", test_ipcfuzz },
};
const unsigned ipcfuzz_ntests = 1;
