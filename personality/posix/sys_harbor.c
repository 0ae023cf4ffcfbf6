/*
 * sys_harbor.c: the personality's Harbor operations (harbor.h).
 *
 * TEMPORARY BACKEND.  This is the only file of the personality that
 * talks to the rest of Harbor.  Its final form calls harbor-mig stubs —
 * the kernel's vm_* and task_* RPCs on the task port and the console
 * driver's write and read — with the ports of the start-up block
 * (posix_process()->startup).  Until kernel IPC to user space and the
 * console driver exist, it uses the kernel's TEMPORARY system calls
 * (mach/kern/syscall_temp.h), which exist only so that early programs
 * can run and which go away with this code:
 *
 *   console write   SYS_LOG: the bytes go to the kernel log (the serial
 *                   line), cut into SYS_LOG_MAX pieces; the kernel
 *                   prints them as a C string, so a NUL byte ends a
 *                   piece early (text output is unaffected)
 *   console read    -ENOSYS: there is no input path without the driver,
 *                   and an empty read would pretend to be end of file
 *   vm_*            SYS_VM_ALLOCATE / _DEALLOCATE / _PROTECT
 *   clocks          SYS_CLOCK (monotonic, wall), SYS_SLEEP
 *   TLS             SYS_SET_TLS
 *   exit            SYS_EXIT with the low 8 bits, as Linux keeps them
 *   random          -ENOSYS: the kernel has no entropy source yet, and
 *                   the personality's fallback generator says so
 *
 * These are the only `syscall` instructions in a Harbor program
 * (tests/posix/no-linux-syscalls.test allows this object and no other).
 */
#include <mach/kern_return.h>
#include <mach/vm_prot.h>
#include <mach/vm_statistics.h>

#include "kern/syscall_temp.h"

#include "harbor.h"
#include "linux_abi.h"

/* mprotect's answer for more than the maximum protection allows. */
#ifndef LINUX_EACCES
#define LINUX_EACCES	13
#endif

/* One trap of the temporary ABI: number in rax, arguments as Linux's. */
static uint64_t temp_syscall(uint64_t nr, uint64_t a0, uint64_t a1,
	uint64_t a2, uint64_t a3)
{
	register uint64_t r10 __asm__("r10") = a3;
	uint64_t ret;

	__asm__ volatile("syscall"
		: "=a"(ret)
		: "a"(nr), "D"(a0), "S"(a1), "d"(a2), "r"(r10)
		: "rcx", "r11", "memory");
	return ret;
}

/* kern_return_t of a vm_* call to the errno Linux gives for the case. */
static int vm_errno(uint64_t kr)
{
	switch (kr) {
	case KERN_SUCCESS:
		return 0;
	case KERN_INVALID_ARGUMENT:
		return -LINUX_EINVAL;
	case KERN_PROTECTION_FAILURE:
		return -LINUX_EACCES;
	default:	/* no space, shortage, address not mapped */
		return -LINUX_ENOMEM;
	}
}

long harbor_console_write(const void *buf, size_t len)
{
	const char *p = buf;
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

long harbor_console_read(void *buf, size_t len)
{
	(void)buf;
	(void)len;
	return -LINUX_ENOSYS;
}

int harbor_vm_allocate(uintptr_t *addr, size_t size, bool anywhere)
{
	uint64_t at = anywhere ? 0 : *addr;
	uint64_t kr = temp_syscall(SYS_VM_ALLOCATE, (uint64_t)&at, size,
		anywhere ? VM_FLAGS_ANYWHERE : VM_FLAGS_FIXED, 0);

	if (kr == KERN_SUCCESS)
		*addr = (uintptr_t)at;
	return vm_errno(kr);
}

int harbor_vm_deallocate(uintptr_t addr, size_t size)
{
	return vm_errno(temp_syscall(SYS_VM_DEALLOCATE, addr, size, 0, 0));
}

int harbor_vm_protect(uintptr_t addr, size_t size, int prot)
{
	vm_prot_t vp = ((prot & LINUX_PROT_READ) ? VM_PROT_READ : 0) |
		((prot & LINUX_PROT_WRITE) ? VM_PROT_WRITE : 0) |
		((prot & LINUX_PROT_EXEC) ? VM_PROT_EXECUTE : 0);

	return vm_errno(temp_syscall(SYS_VM_PROTECT, addr, size, 0,
		(uint64_t)vp));
}

int harbor_clock_read(int clock, uint64_t *ns)
{
	*ns = temp_syscall(SYS_CLOCK, clock == HARBOR_CLOCK_REALTIME ?
		CLOCK_WALL_NS : CLOCK_MONOTONIC_NS, 0, 0, 0);
	return 0;
}

int harbor_clock_sleep(uint64_t ns)
{
	if (ns == 0)
		return 0;
	return temp_syscall(SYS_SLEEP, ns, 0, 0, 0) == KERN_ABORTED ?
		-LINUX_EINTR : 0;
}

int harbor_thread_set_tls(uintptr_t base)
{
	return temp_syscall(SYS_SET_TLS, base, 0, 0, 0) == KERN_SUCCESS ?
		0 : -LINUX_EINVAL;
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
