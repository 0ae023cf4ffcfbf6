/*
 * Benchmarks of out-of-line transfer (run with `bench`; kern/kbench.h):
 * ool_4k … ool_4m.  One sample is the send and the receive of one
 * message carrying one region of that size from one task to another
 * (address space and IPC space each, user buffers, as through the trap),
 * including the copy-out that maps the region in the receiver.  The
 * sender's buffer is resident and written between samples, so every
 * send write-protects all its pages; the receiver's deallocation and the
 * sender's write are not counted.  No page is copied: the cost is a
 * constant plus a little per page (page-table entries write-protected),
 * so the cost per byte falls with the size.
 */
#include "ipc/ipc_space.h"
#include "ipc_ool.h"
#include "ipc_testlib.h"
#include "kern/arch.h"
#include "kern/kbench.h"

#define OOL_BENCH_SRC	0x40000000ul

static void
ool_bench(const char *name, vm_size_t size)
{
	static uint64_t samples[KBENCH_REPS];
	struct ool_task snd, rcv;
	mach_port_name_t port, dest;
	vm_address_t a = OOL_BENCH_SRC;
	struct ool_msg m;
	bool ok = ool_task_init(&snd) && ool_task_init(&rcv) &&
	    vm_allocate(snd.map, &a, size, VM_FLAGS_FIXED) == KERN_SUCCESS;

	/* the sender's memory is resident, as a real buffer would be */
	for (vm_address_t va = a; ok && va < a + size; va += PAGE_SIZE)
		ok = vm_fault(snd.map, va, VM_PROT_WRITE) == KERN_SUCCESS;
	if (!ok) {
		kbench_fail(name, "no memory");
		ool_task_destroy(&snd);
		ool_task_destroy(&rcv);
		return;
	}
	port = t_receive(rcv.space);
	dest = t_give(rcv.space, port, MACH_MSG_TYPE_MAKE_SEND, snd.space);
	for (int i = 0; ok && i < KBENCH_WARMUP + KBENCH_REPS; i++) {
		ool_msg_init(&m, dest);
		ool_msg_region(&m, 0, a, (mach_msg_size_t)size, false);
		uint64_t t0 = arch_cycles();
		ok = ool_send(&snd, &m, 1, 0, 0) == MACH_MSG_SUCCESS &&
		    ool_receive(&rcv, port, &m, sizeof(m), 0) ==
		    MACH_MSG_SUCCESS;
		uint64_t t1 = arch_cycles();
		if (i >= KBENCH_WARMUP)
			samples[i - KBENCH_WARMUP] = t1 - t0;
		vm_deallocate(rcv.map, (vm_address_t)m.d[0].out_of_line.address,
		    size);
		/* The sender writes its buffer again (the copy is gone, so
		 * the entry is simply writable again): each send then has to
		 * write-protect the whole range, as a fresh buffer would. */
		vm_fault(snd.map, a, VM_PROT_WRITE);
	}
	if (ok)
		kbench_report(name, samples, KBENCH_REPS);
	else
		kbench_fail(name, "transfer failed");
	ool_task_destroy(&snd);
	ool_task_destroy(&rcv);
}

KBENCH(ool_4k)
{
	ool_bench("ool_4k", 4 << 10);
}

KBENCH(ool_16k)
{
	ool_bench("ool_16k", 16 << 10);
}

KBENCH(ool_64k)
{
	ool_bench("ool_64k", 64 << 10);
}

KBENCH(ool_256k)
{
	ool_bench("ool_256k", 256 << 10);
}

KBENCH(ool_1m)
{
	ool_bench("ool_1m", 1 << 20);
}

KBENCH(ool_4m)
{
	ool_bench("ool_4m", 4 << 20);
}
