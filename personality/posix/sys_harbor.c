/*
 * sys_harbor.c: the personality's Harbor operations (harbor.h).
 *
 * This is the only file of the personality that talks to the rest of
 * Harbor.  It calls harbor-mig client stubs:
 *
 *   vm_*            vm_allocate / vm_deallocate / vm_protect on
 *                   mach_task_self() (libmach.a, idl/defs/mach/vm_map.defs)
 *   clocks          host_get_time on mach_host_self() (host.defs)
 *   console         console_write / console_read on the start-up block's
 *                   console_port (idl/defs/servers/console.defs, stubs
 *                   generated into gen/ by this directory's Makefile)
 *
 * libmach's reply ports are per thread; it finds the calling thread's
 * through mach_reply_port_slot(), defined here, because %fs:0 is musl's
 * thread pointer and not libmach's control block.
 *
 * TEMPORARY: what has no RPC yet still uses the kernel's temporary system
 * calls (mach/kern/syscall_temp.h):
 *
 *   console write   SYS_LOG when the start-up block names no console
 *   without a port  port (docs/startup.md §5): the bytes go to the kernel
 *                   log in SYS_LOG_MAX pieces, printed as C strings (a
 *                   NUL byte ends a piece early); reading is -ENOSYS
 *   exit            SYS_EXIT with the low 8 bits, as Linux keeps them:
 *                   the exit status belongs to proc, which does not
 *                   exist yet (task_terminate has no status)
 *   sleep           SYS_SLEEP: the kernel has no call that waits a time;
 *                   a mach_msg receive with a timeout on a port of the
 *                   process's own could, once signals exist to wake it
 *   TLS             SYS_SET_TLS: thread_set_state could set the FS base,
 *                   but the kernel refuses it on the calling thread (as
 *                   Mach does) and it replaces every register
 *   random          -ENOSYS: the kernel has no entropy source yet, and
 *                   the personality's fallback generator says so
 *
 * These and libmach's Mach traps are the only `syscall` instructions in a
 * Harbor program (tests/posix/no-linux-syscalls.test).
 */
#include <mach/kern_return.h>
#include <mach/mach_types.h>
#include <mach/vm_prot.h>
#include <mach/vm_statistics.h>

#include "kern/syscall_temp.h"
#include "libmach.h"

#include "console.h"		/* generated: gen/console.h */

#include "harbor.h"
#include "linux_abi.h"
#include "startup.h"

/* One trap of the temporary ABI: libmach's trap instruction. */
static uint64_t temp_syscall(uint64_t nr, uint64_t a0, uint64_t a1,
	uint64_t a2, uint64_t a3)
{
	return mach_trap6(nr, a0, a1, a2, a3, 0, 0);
}

/*
 * The reply port of libmach's stubs, per thread.  Until musl has set the
 * thread pointer (harbor_thread_set_tls), %fs:0 is not mapped and there
 * is one thread: the port sits in reply_port_early; musl's __init_tls can
 * already call mmap, an RPC, before that.  Afterwards each thread's
 * lives in its TLS, zero (no port yet) in every new thread's copy.
 */
static mach_port_t reply_port_early;
static _Thread_local mach_port_t reply_port_tls;
static bool tls_ready;

mach_port_t *mach_reply_port_slot(void)
{
	return tls_ready ? &reply_port_tls : &reply_port_early;
}

/* kern_return_t of a vm_* call to the errno Linux gives for the case. */
static int vm_errno(kern_return_t kr)
{
	switch (kr) {
	case KERN_SUCCESS:
		return 0;
	case KERN_INVALID_ARGUMENT:
		return -LINUX_EINVAL;
	case KERN_PROTECTION_FAILURE:	/* beyond the maximum protection */
		return -LINUX_EACCES;
	default:	/* no space, shortage, address not mapped */
		return -LINUX_ENOMEM;
	}
}

/* A console RPC's failure as the errno of read or write. */
static long console_errno(kern_return_t kr)
{
	switch (kr) {
	case D_INTERRUPTED:
		return -LINUX_EINTR;
	case D_WOULD_BLOCK:
		return -LINUX_EAGAIN;
	default:	/* driver gone, device error, bad reply */
		return -LINUX_EIO;
	}
}

static mach_port_t console_port(void)
{
	const struct harbor_startup *b = posix_process()->startup;

	return b ? b->console_port : MACH_PORT_NULL;
}

/* TEMPORARY fallback without a console port: the kernel log. */
static long console_log_write(const char *p, size_t len)
{
	size_t done = 0;

	while (done < len) {
		size_t n = len - done < SYS_LOG_MAX ? len - done : SYS_LOG_MAX;
		if (temp_syscall(SYS_LOG, (uint64_t)(p + done), n, 0, 0) !=
		    KERN_SUCCESS)
			return done ? (long)done : -LINUX_EFAULT;
		done += n;
	}
	return (long)done;
}

/*
 * Each console_write is atomic on the line (console.defs), so a write of
 * up to CONSOLE_IO_MAX bytes never mixes with another writer's; a longer
 * one goes in pieces of that size.  An error after some pieces reports
 * the bytes written, as write(2) does.
 */
long harbor_console_write(const void *buf, size_t len)
{
	mach_port_t port = console_port();
	const char *p = buf;
	size_t done = 0;

	if (port == MACH_PORT_NULL)
		return console_log_write(p, len);
	while (done < len) {
		size_t n = len - done < CONSOLE_IO_MAX ? len - done :
			CONSOLE_IO_MAX;
		natural_t written = 0;
		kern_return_t kr = console_write(port, (char *)(p + done),
			(mach_msg_type_number_t)n, &written);

		if (kr != KERN_SUCCESS)
			return done ? (long)done : console_errno(kr);
		done += written < n ? written : n;
		if (written < n)
			break;
	}
	return (long)done;
}

/* What is there, up to len (at most CONSOLE_IO_MAX): a terminal read. */
long harbor_console_read(void *buf, size_t len)
{
	mach_port_t port = console_port();
	mach_msg_type_number_t n = len < CONSOLE_IO_MAX ?
		(mach_msg_type_number_t)len : CONSOLE_IO_MAX;
	kern_return_t kr;

	if (port == MACH_PORT_NULL)
		return -LINUX_ENOSYS;
	kr = console_read(port, 0, n, buf, &n);
	return kr == KERN_SUCCESS ? (long)n : console_errno(kr);
}

int harbor_vm_allocate(uintptr_t *addr, size_t size, bool anywhere)
{
	vm_address_t at = anywhere ? 0 : *addr;
	kern_return_t kr = vm_allocate(mach_task_self(), &at, size,
		anywhere ? VM_FLAGS_ANYWHERE : VM_FLAGS_FIXED);

	if (kr == KERN_SUCCESS)
		*addr = (uintptr_t)at;
	return vm_errno(kr);
}

int harbor_vm_deallocate(uintptr_t addr, size_t size)
{
	return vm_errno(vm_deallocate(mach_task_self(), addr, size));
}

int harbor_vm_protect(uintptr_t addr, size_t size, int prot)
{
	vm_prot_t vp = ((prot & LINUX_PROT_READ) ? VM_PROT_READ : 0) |
		((prot & LINUX_PROT_WRITE) ? VM_PROT_WRITE : 0) |
		((prot & LINUX_PROT_EXEC) ? VM_PROT_EXECUTE : 0);

	return vm_errno(vm_protect(mach_task_self(), addr, size, 0, vp));
}

int harbor_clock_read(int clock, uint64_t *ns)
{
	mach_time_ns_t t = 0;
	kern_return_t kr = host_get_time(mach_host_self(),
		clock == HARBOR_CLOCK_REALTIME ? HOST_CLOCK_WALL :
		HOST_CLOCK_MONOTONIC, &t);

	if (kr != KERN_SUCCESS)
		return -LINUX_EINVAL;
	*ns = (uint64_t)t;
	return 0;
}

int harbor_clock_sleep(uint64_t ns)
{
	if (ns == 0)
		return 0;
	return temp_syscall(SYS_SLEEP, ns, 0, 0, 0) == KERN_ABORTED ?
		-LINUX_EINTR : 0;
}

/*
 * musl calls this once, for the first thread (__init_tp); from then on
 * %fs:0 is valid and the reply port moves into that thread's TLS.
 */
int harbor_thread_set_tls(uintptr_t base)
{
	if (temp_syscall(SYS_SET_TLS, base, 0, 0, 0) != KERN_SUCCESS)
		return -LINUX_EINVAL;
	if (!tls_ready) {
		reply_port_tls = reply_port_early;
		tls_ready = true;
	}
	return 0;
}

int harbor_task_exit(int status)
{
	(void)temp_syscall(SYS_EXIT, (uint64_t)(status & 0xff), 0, 0, 0);
	return -LINUX_EINVAL;
}

int harbor_random(void *buf, size_t len)
{
	(void)buf;
	(void)len;
	return -LINUX_ENOSYS;
}
