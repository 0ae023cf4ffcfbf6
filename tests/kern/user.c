/*
 * User-mode tests, reported as kernel self-tests so that one boot gives
 * one TAP stream with one plan: each KTEST user_<name> starts the boot
 * module `usertest` with the argument "<name>" (tests/user/usertest.c),
 * waits for the task to end and passes if it exited with status 0.  A
 * task killed by an exception or stuck past the time limit fails the
 * test and is cleaned up; the kernel carries on.  See tests/user/README.md.
 */
#include <mach/kern_return.h>

#include "kern/bootstrap.h"
#include "kern/kbench.h"
#include "kern/clock.h"
#include "kern/elf.h"
#include "kern/ktest.h"
#include "kern/bootinfo.h"
#include "kern/printf.h"
#include "kern/string.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "kern/zalloc.h"
#include "ipc_testlib.h"
#include "vm/vm_page.h"

#define USER_TEST_LIMIT_NS	(60ull * NSEC_PER_SEC)

static int
run_module(const char *module, const char *args)
{
	struct task *task;
	int status = -1, kr;

	kr = bootstrap_start_module(module, args, &task);
	KEXPECT_EQ(kr, KERN_SUCCESS);
	if (kr != KERN_SUCCESS)
		return -1;
	kr = task_wait_dead(task, clock_monotonic_ns() + USER_TEST_LIMIT_NS, &status);
	if (kr != KERN_SUCCESS) {
		kprintf("# %s %s: no exit within the time limit; terminating it\n",
		    module, args);
		task_terminate(task, -1);
		task_wait_dead(task, WAIT_FOREVER, &status);
		status = -1;
	}
	task_deallocate(task);
	return status;
}

#define USER_TEST(name)						\
	KTEST(user_##name)					\
	{							\
		KEXPECT_EQ(run_module("usertest", #name), 0);	\
	}

USER_TEST(runtime_printf)
USER_TEST(demand_zero)
USER_TEST(cow_fork)
USER_TEST(protection_fault)
USER_TEST(threads)
USER_TEST(preempt)
USER_TEST(sleep_timeout)
USER_TEST(fpu)
USER_TEST(thread_state)
USER_TEST(stress)
USER_TEST(ipc_rights)
USER_TEST(ipc_fifo_token)
USER_TEST(ipc_timeouts)
USER_TEST(ipc_port_sets)
USER_TEST(ipc_notifications)
USER_TEST(rpc_mach_port)
USER_TEST(rpc_vm)
USER_TEST(rpc_vm_ool)
USER_TEST(rpc_port_names)
USER_TEST(rpc_task_threads_ool)
USER_TEST(rpc_task_thread)
USER_TEST(rpc_host)
USER_TEST(rpc_bad_requests)
USER_TEST(dev_io_ports)
USER_TEST(dev_phys_map)
USER_TEST(dev_dma)
USER_TEST(dev_no_privilege)
USER_TEST(dev_irq)
USER_TEST(dev_irq_release)
USER_TEST(dev_irq_queue_full)

/*
 * A user test that must leave nothing behind: no task, page, port,
 * message or zone element (exceptions, the IPC fuzzer, the stress test).
 */
#define USER_TEST_CLEAN(ktname, name)					\
	KTEST(ktname)							\
	{								\
		struct ipc_leak_mark mark;				\
		unsigned tasks = task_count_alive();			\
									\
		ipc_leak_begin(&mark);					\
		KEXPECT_EQ(run_module("usertest", #name), 0);		\
		thread_sleep_ns(2 * NSEC_PER_MSEC, false);		\
		KEXPECT_EQ(task_count_alive(), tasks);			\
		ipc_leak_end(&mark);					\
	}

USER_TEST_CLEAN(user_exc_kinds, exc_kinds)
USER_TEST_CLEAN(user_exc_resume_state, exc_resume_state)
USER_TEST_CLEAN(user_exc_chain, exc_chain)
USER_TEST_CLEAN(user_exc_unhandled, exc_unhandled)
USER_TEST_CLEAN(user_exc_handler_dies, exc_handler_dies)
USER_TEST_CLEAN(user_exc_abort_terminate, exc_abort_terminate)
USER_TEST_CLEAN(user_stress_ipc, stress_ipc)
USER_TEST_CLEAN(user_atomic_send, atomic_send)
USER_TEST_CLEAN(user_exit_suspend_in_msg, exit_suspend_in_msg)
USER_TEST_CLEAN(user_exit_frame, exit_frame)
USER_TEST_CLEAN(user_exit_top_page, exit_top_page)
USER_TEST_CLEAN(user_rpc_reply_flood, rpc_reply_flood)
/* Named to run in the middle of the suite: everything after it must pass. */
USER_TEST_CLEAN(ipcfuzz_user, ipcfuzz)

/*
 * The first user task, servers/bootstrap, run to an end and leaving
 * nothing behind.  It serves forever unless wait= names a module: here
 * usertest, which bootstrap starts as its own child and which exits 3
 * for the empty test name its module line gives it (tests/user); then
 * a wait= module that cannot start, which ends bootstrap with 1.
 */
KTEST(bootstrap_first_task)
{
	size_t pages;
	unsigned tasks = task_count_alive();

	zone_gc();
	pages = vm_page_free_count();
	KEXPECT_EQ(run_module("bootstrap", "start=usertest wait=usertest"), 3);
	KEXPECT_EQ(run_module("bootstrap", "start=no-such-module wait=no-such-module"), 1);
	thread_sleep_ns(NSEC_PER_MSEC, false);
	KEXPECT_EQ(task_count_alive(), tasks);
	zone_gc();
	KEXPECT_EQ(vm_page_free_count(), pages);
}

/* A module that is not there is an error, not a crash. */
KTEST(bootstrap_missing_module)
{
	struct task *task;

	KEXPECT_EQ(bootstrap_start_module("no-such-module", "", &task), KERN_INVALID_NAME);
}

/* --- the ELF checker, on corrupted copies of a real executable --- */

static const struct boot_module *
find_module(const char *name)
{
	for (unsigned i = 0; i < boot_info.nmodules; i++)
		if (strcmp(boot_info.modules[i].cmdline, name) == 0)
			return &boot_info.modules[i];
	return NULL;
}

/* Corrupt `len` bytes at `off` of a copy with `val`, expect a rejection. */
static bool
rejected(const uint8_t *orig, size_t size, uint8_t *copy, size_t off,
    const void *val, size_t len, size_t check_size)
{
	struct elf_image img;
	const char *why;
	int kr;

	memcpy(copy, orig, size);
	memcpy(copy + off, val, len);
	kr = elf_check(copy, check_size, &img, &why);
	if (kr == KERN_SUCCESS)
		kprintf("# accepted a corruption at offset %zu\n", off);
	return kr == KERN_INVALID_ARGUMENT && why != NULL;
}

KTEST(elf_rejects_malformed)
{
	const struct boot_module *m = find_module("usertest");
	const uint8_t *orig;
	uint8_t *copy;
	size_t size, ph;
	struct elf_image img;
	const char *why;
	uint64_t big = 0xfffffffffffff000ull, kaddr = 0xffffffff80000000ull;
	uint16_t u16;
	uint32_t u32;

	KEXPECT(m != NULL);
	if (!m)
		return;
	orig = PHYS_TO_KVA(m->start);
	size = m->end - m->start;
	KEXPECT_EQ(elf_check(orig, size, &img, &why), KERN_SUCCESS);
	KEXPECT(img.nsegments >= 2);
	copy = kalloc(size);
	KEXPECT(copy != NULL);
	if (!copy)
		return;
	ph = *(const uint64_t *)(orig + 32);		/* e_phoff */
	KEXPECT(rejected(orig, size, copy, 0, "\x7f" "ELG", 4, size));	/* magic */
	KEXPECT(rejected(orig, size, copy, 4, "\x01", 1, size));	/* ELF32 */
	u16 = 3;	/* ET_DYN */
	KEXPECT(rejected(orig, size, copy, 16, &u16, 2, size));
	u16 = 40;	/* EM_SPARC */
	KEXPECT(rejected(orig, size, copy, 18, &u16, 2, size));
	KEXPECT(rejected(orig, size, copy, 32, &big, 8, size));		/* e_phoff */
	u16 = 0xffff;
	KEXPECT(rejected(orig, size, copy, 56, &u16, 2, size));		/* e_phnum */
	u16 = 20;
	KEXPECT(rejected(orig, size, copy, 54, &u16, 2, size));		/* e_phentsize */
	KEXPECT(rejected(orig, size, copy, 24, &kaddr, 8, size));	/* entry in kernel */
	KEXPECT(rejected(orig, size, copy, 0, orig, 0, 40));		/* truncated */
	/* first program header: PT_LOAD (the linker puts it first) */
	KEXPECT(rejected(orig, size, copy, ph + 8, &big, 8, size));	/* p_offset */
	KEXPECT(rejected(orig, size, copy, ph + 16, &kaddr, 8, size));	/* p_vaddr */
	KEXPECT(rejected(orig, size, copy, ph + 32, &big, 8, size));	/* p_filesz */
	KEXPECT(rejected(orig, size, copy, ph + 40, &big, 8, size));	/* p_memsz */
	u32 = 3;	/* PT_INTERP */
	KEXPECT(rejected(orig, size, copy, ph, &u32, 4, size));
	u32 = 0x80;	/* unknown p_flags */
	KEXPECT(rejected(orig, size, copy, ph + 4, &u32, 4, size));
	kfree(copy, size);
}

/*
 * User-level IPC benchmarks (rpc_null, rpc_inline_64, rpc_inline_4k):
 * usertest's bench_rpc runs client and server tasks and prints the BENCH
 * lines itself, inside kbench_run's BENCH-START / BENCH-DONE.
 */
KBENCH(user_rpc)
{
	struct task *task;
	int status = -1;

	if (bootstrap_start_module("usertest", "bench_rpc", &task) != KERN_SUCCESS) {
		kbench_fail("rpc_null", "usertest could not be started");
		return;
	}
	if (task_wait_dead(task, clock_monotonic_ns() + USER_TEST_LIMIT_NS,
	    &status) != KERN_SUCCESS) {
		task_terminate(task, -1);
		task_wait_dead(task, WAIT_FOREVER, &status);
	}
	if (status != 0)
		kbench_fail("rpc_null", "the user benchmark task failed");
	task_deallocate(task);
}
