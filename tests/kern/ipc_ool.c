/*
 * Self-tests of out-of-line memory and port arrays in messages between
 * two tasks (address space + IPC space each), sent and received through
 * ipc_mach_msg with user buffers as a trap would: transfers of 1 byte to
 * 16 MiB verified byte for byte, copy-on-write both ways, deallocate
 * (move), port arrays of every disposition, undeliverable messages and
 * task death leaking nothing, and hostile descriptors refused.
 */
#include "ipc/ipc_right_copy.h"
#include "ipc/mach_port.h"
#include "ipc_ool.h"
#include "ipc_testlib.h"
#include "kern/ktest.h"
#include "kern/string.h"
#include "vm/vm_map_copy.h"

#define PG		PAGE_SIZE
#define SRC_AT		0x40000000ul

static uint8_t oo_page[PAGE_SIZE];

static uint8_t
oo_byte(size_t i, unsigned seed)
{
	return (uint8_t)((i * 37 + (i >> 12) * 11 + seed) ^ (i >> 16));
}

static bool
oo_fill(struct vm_map *map, vm_address_t a, vm_size_t size, unsigned seed)
{
	for (size_t done = 0; done < size;) {
		size_t n = MIN(size - done, PG - ((a + done) & PAGE_MASK));
		for (size_t i = 0; i < n; i++)
			oo_page[i] = oo_byte(done + i, seed);
		if (vm_map_copyout_kernel(map, a + done, oo_page, n, false))
			return false;
		done += n;
	}
	return true;
}

static bool
oo_check(struct vm_map *map, vm_address_t a, vm_size_t size, unsigned seed)
{
	for (size_t done = 0; done < size;) {
		size_t n = MIN(size - done, PG - ((a + done) & PAGE_MASK));
		if (vm_map_copyin_kernel(map, a + done, oo_page, n))
			return false;
		for (size_t i = 0; i < n; i++)
			if (oo_page[i] != oo_byte(done + i, seed))
				return false;
		done += n;
	}
	return true;
}

static uint8_t
oo_peek(struct vm_map *map, vm_address_t a)
{
	uint8_t b = 0xee;

	KEXPECT_EQ(vm_map_copyin_kernel(map, a, &b, 1), KERN_SUCCESS);
	return b;
}

static void
oo_poke(struct vm_map *map, vm_address_t a, uint8_t b)
{
	KEXPECT_EQ(vm_map_copyout_kernel(map, a, &b, 1, false), KERN_SUCCESS);
}

/* A sender and a receiver, the receiver's port and the sender's right. */
struct oo_pair {
	struct ool_task snd, rcv;
	mach_port_name_t port, dest;
};

static bool
oo_pair_init(struct oo_pair *p)
{
	if (!ool_task_init(&p->snd) || !ool_task_init(&p->rcv))
		return false;
	p->port = t_receive(p->rcv.space);
	p->dest = t_give(p->rcv.space, p->port, MACH_MSG_TYPE_MAKE_SEND,
	    p->snd.space);
	return p->dest != MACH_PORT_NULL;
}

static void
oo_pair_destroy(struct oo_pair *p)
{
	ool_task_destroy(&p->snd);
	ool_task_destroy(&p->rcv);
}

/*
 * One region of size bytes at page offset off: sent (moved with
 * dealloc), received, verified; then each side writes and the other
 * does not see it.
 */
static void
oo_transfer(struct oo_pair *p, vm_size_t size, vm_offset_t off, bool dealloc,
    unsigned seed)
{
	vm_address_t a = SRC_AT, r;
	struct ool_msg m;

	KEXPECT_EQ(vm_allocate(p->snd.map, &a, round_page(off + size),
	    VM_FLAGS_FIXED), KERN_SUCCESS);
	KEXPECT(oo_fill(p->snd.map, a + off, size, seed));
	ool_msg_init(&m, p->dest);
	ool_msg_region(&m, 0, a + off, (mach_msg_size_t)size, dealloc);
	KEXPECT_EQ(ool_send(&p->snd, &m, 1, 0, 0), MACH_MSG_SUCCESS);
	KEXPECT_EQ(ool_receive(&p->rcv, p->port, &m, sizeof(m), 0),
	    MACH_MSG_SUCCESS);
	KEXPECT_EQ(m.d[0].out_of_line.size, size);
	KEXPECT_EQ(m.d[0].out_of_line.type, MACH_MSG_OOL_DESCRIPTOR);
	KEXPECT_EQ(m.h.id, 4242);
	r = (vm_address_t)m.d[0].out_of_line.address;
	KEXPECT(r != 0);
	KEXPECT(oo_check(p->rcv.map, r, size, seed));
	if (dealloc) {
		KEXPECT_EQ(vm_fault(p->snd.map, a + off, VM_PROT_READ),
		    KERN_INVALID_ADDRESS);
	} else {
		oo_poke(p->snd.map, a + off + size - 1, 0x11);
		KEXPECT_EQ(oo_peek(p->rcv.map, r + size - 1),
		    oo_byte(size - 1, seed));
		oo_poke(p->rcv.map, r, 0x22);
		KEXPECT_EQ(oo_peek(p->snd.map, a + off),
		    size == 1 ? 0x11 : oo_byte(0, seed));
		KEXPECT_EQ(vm_deallocate(p->snd.map, a, round_page(off + size)),
		    KERN_SUCCESS);
	}
	KEXPECT_EQ(vm_deallocate(p->rcv.map, r, size), KERN_SUCCESS);
}

KTEST(ipc_ool_sizes)
{
	static const vm_size_t sizes[] = { 1, 4095, 4096, 4097, 64 << 10,
	    1 << 20, 16 << 20 };
	struct ipc_leak_mark mark;
	struct oo_pair p;
	size_t copies = vm_map_copy_count();

	ipc_leak_begin(&mark);
	KEXPECT(oo_pair_init(&p));
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		oo_transfer(&p, sizes[i], 0, false, (unsigned)i);
		oo_transfer(&p, sizes[i], 100, false, (unsigned)i + 10);
		oo_transfer(&p, sizes[i], i * 8, true, (unsigned)i + 20);
	}
	oo_pair_destroy(&p);
	KEXPECT_EQ(vm_map_copy_count(), copies);
	ipc_leak_end(&mark);
}

/* Two regions and a port array in one message; MACH_RCV_LARGE sizes. */
KTEST(ipc_ool_multi_and_large)
{
	struct ipc_leak_mark mark;
	struct oo_pair p;
	vm_address_t a = SRC_AT, r;
	struct ool_msg m;
	mach_msg_size_t want;

	ipc_leak_begin(&mark);
	KEXPECT(oo_pair_init(&p));
	vm_allocate(p.snd.map, &a, 8 * PG, VM_FLAGS_FIXED);
	KEXPECT(oo_fill(p.snd.map, a, 8 * PG, 3));
	ool_msg_init(&m, p.dest);
	ool_msg_region(&m, 0, a, 3 * PG, false);
	ool_msg_region(&m, 1, a + 5 * PG + 7, 100, false);
	ool_send(&p.snd, &m, 2, 0, 0);
	want = IPC_USER_HEADER_SIZE + 4 + 2 * 16 + 4 + sizeof(mach_msg_trailer_t);
	KEXPECT_EQ(ool_receive(&p.rcv, p.port, &m, want - 4, MACH_RCV_LARGE),
	    MACH_RCV_TOO_LARGE);
	KEXPECT_EQ(m.h.size, want);
	KEXPECT_EQ(t_queued(p.rcv.space, p.port), 1);
	KEXPECT_EQ(ool_receive(&p.rcv, p.port, &m, want, 0), MACH_MSG_SUCCESS);
	KEXPECT_EQ(m.body.msgh_descriptor_count, 2);
	r = (vm_address_t)m.d[0].out_of_line.address;
	KEXPECT(oo_check(p.rcv.map, r, 3 * PG, 3));
	r = (vm_address_t)m.d[1].out_of_line.address;
	KEXPECT_EQ(oo_peek(p.rcv.map, r), oo_byte(5 * PG + 7, 3));
	KEXPECT_EQ(oo_peek(p.rcv.map, r + 99), oo_byte(5 * PG + 106, 3));
	oo_pair_destroy(&p);
	ipc_leak_end(&mark);
}

/* The names array a port array arrived as. */
static bool
oo_names(struct ool_task *t, const struct ool_msg *m, unsigned i,
    mach_port_name_t *names, unsigned count)
{
	vm_address_t r = (vm_address_t)m->d[i].ool_ports.address;

	return r && m->d[i].ool_ports.count == count &&
	    vm_map_copyin_kernel(t->map, r, names, count * 4) == KERN_SUCCESS;
}

/* Port arrays of every disposition; NULL and DEAD entries; dealloc. */
KTEST(ipc_ool_port_arrays)
{
	static const mach_msg_type_name_t disps[] = {
		MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_COPY_SEND,
		MACH_MSG_TYPE_MOVE_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE,
		MACH_MSG_TYPE_MOVE_SEND_ONCE, MACH_MSG_TYPE_MOVE_RECEIVE };
	static const mach_port_type_t got[] = {
		MACH_PORT_TYPE_SEND, MACH_PORT_TYPE_SEND, MACH_PORT_TYPE_SEND,
		MACH_PORT_TYPE_SEND_ONCE, MACH_PORT_TYPE_SEND_ONCE,
		MACH_PORT_TYPE_RECEIVE };
	struct ipc_leak_mark mark;
	struct oo_pair p;
	vm_address_t a = SRC_AT;
	mach_port_name_t names[4], recv[4];
	struct ool_msg m;

	ipc_leak_begin(&mark);
	KEXPECT(oo_pair_init(&p));
	vm_allocate(p.snd.map, &a, PG, VM_FLAGS_FIXED);
	for (size_t k = 0; k < ARRAY_SIZE(disps); k++) {
		mach_msg_type_name_t d = disps[k];
		for (int i = 0; i < 2; i++) {
			names[i] = t_receive(p.snd.space);
			if (d == MACH_MSG_TYPE_COPY_SEND ||
			    d == MACH_MSG_TYPE_MOVE_SEND)
				t_give(p.snd.space, names[i],
				    MACH_MSG_TYPE_MAKE_SEND, p.snd.space);
			if (d == MACH_MSG_TYPE_MOVE_SEND_ONCE)
				names[i] = t_give(p.snd.space, names[i],
				    MACH_MSG_TYPE_MAKE_SEND_ONCE, p.snd.space);
		}
		names[2] = MACH_PORT_NULL;
		names[3] = MACH_PORT_DEAD;
		vm_map_copyout_kernel(p.snd.map, a, names, sizeof(names), false);
		ool_msg_init(&m, p.dest);
		ool_msg_ports(&m, 0, a, 4, d, k == 2);
		KEXPECT_EQ(ool_send(&p.snd, &m, 1, 0, 0), MACH_MSG_SUCCESS);
		KEXPECT_EQ(ool_receive(&p.rcv, p.port, &m, sizeof(m), 0),
		    MACH_MSG_SUCCESS);
		KEXPECT_EQ(m.d[0].ool_ports.disposition,
		    ipc_right_copyin_type(d));
		KEXPECT(oo_names(&p.rcv, &m, 0, recv, 4));
		KEXPECT_EQ(t_type(p.rcv.space, recv[0]), got[k]);
		KEXPECT_EQ(t_type(p.rcv.space, recv[1]), got[k]);
		KEXPECT_EQ(recv[2], MACH_PORT_NULL);
		KEXPECT_EQ(recv[3], MACH_PORT_DEAD);
		if (d == MACH_MSG_TYPE_MOVE_RECEIVE)
			KEXPECT_EQ(mach_port_type(p.snd.space, names[0],
			    &m.h.size), KERN_INVALID_NAME);
		if (k == 2)	/* deallocated: the array's page is gone */
			KEXPECT_EQ(vm_fault(p.snd.map, a, VM_PROT_READ),
			    KERN_INVALID_ADDRESS);
		if (k == 2)
			vm_allocate(p.snd.map, &a, PG, VM_FLAGS_FIXED);
	}
	oo_pair_destroy(&p);
	ipc_leak_end(&mark);
}

/*
 * A message with a 1 MiB region (moved) and a port array moving two
 * receive rights, from new memory of the sender (at a, or anywhere).
 */
static void
oo_send_loaded(struct oo_pair *p, vm_address_t a, mach_msg_option_t option,
    mach_msg_return_t expect)
{
	mach_port_name_t names[2];
	struct ool_msg m;

	if (a == 0) {
		KEXPECT_EQ(vm_allocate(p->snd.map, &a, (1 << 20) + PG,
		    VM_FLAGS_ANYWHERE), KERN_SUCCESS);
		KEXPECT(oo_fill(p->snd.map, a, 1 << 20, 1));
	}

	names[0] = t_receive(p->snd.space);
	names[1] = t_receive(p->snd.space);
	vm_map_copyout_kernel(p->snd.map, a + (1 << 20), names, sizeof(names),
	    false);
	ool_msg_init(&m, p->dest);
	ool_msg_region(&m, 0, a, 1 << 20, true);
	ool_msg_ports(&m, 1, a + (1 << 20), 2, MACH_MSG_TYPE_MOVE_RECEIVE,
	    false);
	KEXPECT_EQ(ool_send(&p->snd, &m, 2, option, 0), expect);
}

/*
 * Undeliverable messages leak nothing: the destination dies with
 * messages queued, a receive buffer too small (no MACH_RCV_LARGE), the
 * receiving task dies, a send times out on a full queue.
 */
KTEST(ipc_ool_undeliverable)
{
	struct ipc_leak_mark mark;
	struct oo_pair p;
	vm_address_t a = SRC_AT;
	struct ool_msg m;
	size_t copies = vm_map_copy_count();

	ipc_leak_begin(&mark);
	KEXPECT(oo_pair_init(&p));
	vm_allocate(p.snd.map, &a, (1 << 20) + PG, VM_FLAGS_FIXED);
	KEXPECT(oo_fill(p.snd.map, a, (1 << 20) + PG, 1));
	oo_send_loaded(&p, a, 0, MACH_MSG_SUCCESS);
	/* its region was moved out: sending it again fails, nothing taken */
	oo_send_loaded(&p, a, 0, MACH_SEND_INVALID_MEMORY);
	KEXPECT_EQ(vm_map_copy_count(), copies + 1);
	/* too large without MACH_RCV_LARGE: dropped, rights and memory too */
	KEXPECT_EQ(ool_receive(&p.rcv, p.port, &m, 40, 0), MACH_RCV_TOO_LARGE);
	KEXPECT_EQ(vm_map_copy_count(), copies);
	/* the destination dies with messages queued */
	oo_send_loaded(&p, 0, 0, MACH_MSG_SUCCESS);
	oo_send_loaded(&p, 0, 0, MACH_MSG_SUCCESS);
	KEXPECT_EQ(mach_port_destroy(p.rcv.space, p.port), KERN_SUCCESS);
	KEXPECT_EQ(vm_map_copy_count(), copies);
	/* the receiving task dies with messages queued */
	p.port = t_receive(p.rcv.space);
	p.dest = t_give(p.rcv.space, p.port, MACH_MSG_TYPE_MAKE_SEND,
	    p.snd.space);
	oo_send_loaded(&p, 0, 0, MACH_MSG_SUCCESS);
	/* a full queue and a send that times out: the message is destroyed */
	KEXPECT_EQ(mach_port_set_qlimit(p.rcv.space, p.port, 1), KERN_SUCCESS);
	oo_send_loaded(&p, 0, MACH_SEND_TIMEOUT, MACH_SEND_TIMED_OUT);
	KEXPECT_EQ(vm_map_copy_count(), copies + 1);
	ool_task_destroy(&p.rcv);
	KEXPECT_EQ(vm_map_copy_count(), copies);
	ool_task_destroy(&p.snd);
	ipc_leak_end(&mark);
}

/*
 * Hostile descriptors get MACH_SEND_* errors, change nothing in the
 * sender (its rights, its memory even with deallocate) and leak nothing.
 */
KTEST(ipc_ool_hostile)
{
	struct ipc_leak_mark mark;
	struct oo_pair p;
	vm_address_t a = SRC_AT;
	struct ool_msg m;
	mach_port_name_t names[2];
	size_t copies = vm_map_copy_count();

	ipc_leak_begin(&mark);
	KEXPECT(oo_pair_init(&p));
	vm_allocate(p.snd.map, &a, 4 * PG, VM_FLAGS_FIXED);
	KEXPECT(oo_fill(p.snd.map, a, 4 * PG, 2));
	names[0] = t_receive(p.snd.space);
	names[1] = names[0];		/* moved twice: fails while taking */
	vm_map_copyout_kernel(p.snd.map, a + 3 * PG, names, sizeof(names),
	    false);
	ool_msg_init(&m, p.dest);
	ool_msg_region(&m, 0, a + 8 * PG, PG, false);		/* unmapped */
	KEXPECT_EQ(ool_send(&p.snd, &m, 1, 0, 0), MACH_SEND_INVALID_MEMORY);
	ool_msg_region(&m, 0, 0xffff800000200000ul, PG, false);	/* kernel */
	KEXPECT_EQ(ool_send(&p.snd, &m, 1, 0, 0), MACH_SEND_INVALID_MEMORY);
	ool_msg_region(&m, 0, ~0ul - 100, 1000, false);		/* wraps */
	KEXPECT_EQ(ool_send(&p.snd, &m, 1, 0, 0), MACH_SEND_INVALID_MEMORY);
	ool_msg_region(&m, 0, a, 0xfffff000u, false);		/* huge */
	KEXPECT_EQ(ool_send(&p.snd, &m, 1, 0, 0), MACH_SEND_TOO_LARGE);
	ool_msg_region(&m, 0, a, 1u << 30, false);	/* 2 GiB in all */
	ool_msg_region(&m, 1, a, 1u << 30, false);
	KEXPECT_EQ(ool_send(&p.snd, &m, 2, 0, 0), MACH_SEND_TOO_LARGE);
	ool_msg_region(&m, 0, a, PG, false);
	m.d[0].out_of_line.copy = MACH_MSG_ALLOCATE;	/* receive-only */
	KEXPECT_EQ(ool_send(&p.snd, &m, 1, 0, 0), MACH_SEND_INVALID_TYPE);
	ool_msg_ports(&m, 0, a, 100000, MACH_MSG_TYPE_COPY_SEND, false);
	KEXPECT_EQ(ool_send(&p.snd, &m, 1, 0, 0), MACH_SEND_TOO_LARGE);
	ool_msg_ports(&m, 0, a + 9 * PG, 2, MACH_MSG_TYPE_COPY_SEND, false);
	KEXPECT_EQ(ool_send(&p.snd, &m, 1, 0, 0), MACH_SEND_INVALID_MEMORY);
	ool_msg_ports(&m, 0, a + 3 * PG, 2, 3, false);	/* no disposition */
	KEXPECT_EQ(ool_send(&p.snd, &m, 1, 0, 0), MACH_SEND_INVALID_TYPE);
	ool_msg_ports(&m, 0, a + 3 * PG, 1, MACH_MSG_TYPE_MOVE_SEND, false);
	KEXPECT_EQ(ool_send(&p.snd, &m, 1, 0, 0), MACH_SEND_INVALID_RIGHT);
	/* a region given away, then a failure: the region stays */
	ool_msg_region(&m, 0, a, 2 * PG, true);
	ool_msg_ports(&m, 1, a + 3 * PG, 2, MACH_MSG_TYPE_MOVE_RECEIVE, false);
	KEXPECT_EQ(ool_send(&p.snd, &m, 2, 0, 0), MACH_SEND_INVALID_RIGHT);
	KEXPECT(oo_check(p.snd.map, a, 2 * PG, 2));
	/* the failure came after the first right was taken: it is gone */
	KEXPECT_EQ(mach_port_type(p.snd.space, names[0], &m.h.size),
	    KERN_INVALID_NAME);
	/* a misaligned region is legal and arrives intact */
	ool_msg_init(&m, p.dest);
	ool_msg_region(&m, 0, a + 3, 2 * PG + 1, false);
	KEXPECT_EQ(ool_send(&p.snd, &m, 1, 0, 0), MACH_MSG_SUCCESS);
	KEXPECT_EQ(ool_receive(&p.rcv, p.port, &m, sizeof(m), 0),
	    MACH_MSG_SUCCESS);
	KEXPECT_EQ(oo_peek(p.rcv.map, (vm_address_t)m.d[0].out_of_line.address
	    + 2 * PG), oo_byte(2 * PG + 3, 2));
	KEXPECT_EQ(t_queued(p.rcv.space, p.port), 0);
	KEXPECT_EQ(t_refs(p.snd.space, p.dest, MACH_PORT_RIGHT_SEND), 1);
	oo_pair_destroy(&p);
	KEXPECT_EQ(vm_map_copy_count(), copies);
	ipc_leak_end(&mark);
}
