/*
 * host_backend.c: the personality's Harbor operations (harbor.h) done
 * with Linux system calls, FOR HOST TESTS ONLY.
 *
 * Linking this object into a program built by harbor-cc replaces
 * libharbor-sys.a (an archive member is used only for symbols still
 * undefined, and this object defines them all).  The program then runs
 * on the Linux build machine through everything Harbor's programs use:
 * crt1.o, the start-up parser, musl with the overlay, the dispatcher and
 * the handlers; only the bottom layer differs.  That checks the overlay
 * and the personality long before Harbor can run programs.  This file is
 * the one place in a Harbor-built program allowed to hold the `syscall`
 * instruction, and it is never part of the sysroot.
 */
#include "harbor.h"
#include "linux_abi.h"

#define HOST_SYS_write 1
#define HOST_SYS_read 0
#define HOST_SYS_mmap 9
#define HOST_SYS_mprotect 10
#define HOST_SYS_munmap 11
#define HOST_SYS_nanosleep 35
#define HOST_SYS_arch_prctl 158
#define HOST_SYS_clock_gettime 228
#define HOST_SYS_exit_group 231
#define HOST_SYS_getrandom 318

static long host_syscall6(long n, long a, long b, long c, long d, long e,
	long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall"
		: "=a"(ret)
		: "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
		: "rcx", "r11", "memory");
	return ret;
}

long harbor_console_write(const void *buf, size_t len)
{
	return host_syscall6(HOST_SYS_write, 1, (long)buf, (long)len, 0, 0, 0);
}

long harbor_console_read(void *buf, size_t len)
{
	return host_syscall6(HOST_SYS_read, 0, (long)buf, (long)len, 0, 0, 0);
}

int harbor_vm_allocate(uintptr_t *addr, size_t size, bool anywhere)
{
	long flags = LINUX_MAP_PRIVATE | LINUX_MAP_ANONYMOUS |
		(anywhere ? 0 : LINUX_MAP_FIXED_NOREPLACE);
	long r = host_syscall6(HOST_SYS_mmap, anywhere ? 0 : (long)*addr,
		(long)size, LINUX_PROT_READ | LINUX_PROT_WRITE, flags, -1, 0);

	if (r < 0 && r > -4096)
		return r == -LINUX_EEXIST ? -LINUX_ENOMEM : (int)r;
	/* Kernels before 4.17 treat the flag as a hint: check the place. */
	if (!anywhere && (uintptr_t)r != *addr) {
		host_syscall6(HOST_SYS_munmap, r, (long)size, 0, 0, 0, 0);
		return -LINUX_ENOMEM;
	}
	*addr = (uintptr_t)r;
	return 0;
}

int harbor_vm_deallocate(uintptr_t addr, size_t size)
{
	return (int)host_syscall6(HOST_SYS_munmap, (long)addr, (long)size, 0, 0, 0, 0);
}

int harbor_vm_protect(uintptr_t addr, size_t size, int prot)
{
	return (int)host_syscall6(HOST_SYS_mprotect, (long)addr, (long)size, prot, 0, 0, 0);
}

int harbor_clock_read(int clock, uint64_t *ns)
{
	struct linux_timespec ts;
	long id = clock == HARBOR_CLOCK_REALTIME ? LINUX_CLOCK_REALTIME :
		LINUX_CLOCK_MONOTONIC;
	long r = host_syscall6(HOST_SYS_clock_gettime, id, (long)&ts, 0, 0, 0, 0);

	if (r < 0)
		return (int)r;
	*ns = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
	return 0;
}

int harbor_clock_sleep(uint64_t ns)
{
	struct linux_timespec ts = {
		.tv_sec = (int64_t)(ns / 1000000000ULL),
		.tv_nsec = (int64_t)(ns % 1000000000ULL),
	};

	return (int)host_syscall6(HOST_SYS_nanosleep, (long)&ts, 0, 0, 0, 0, 0);
}

int harbor_thread_set_tls(uintptr_t base)
{
	return (int)host_syscall6(HOST_SYS_arch_prctl, LINUX_ARCH_SET_FS,
		(long)base, 0, 0, 0, 0);
}

int harbor_task_exit(int status)
{
	return (int)host_syscall6(HOST_SYS_exit_group, status, 0, 0, 0, 0, 0);
}

/* Left to the personality's seeded generator, which this way gets tested. */
int harbor_random(void *buf, size_t len)
{
	(void)buf;
	(void)len;
	return -LINUX_ENOSYS;
}
