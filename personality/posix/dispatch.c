/*
 * dispatch.c: the system call table of the POSIX personality.
 *
 * musl, through Harbor's overlay (libc-port/overlay), calls
 * __harbor_syscall(nr, ...) wherever it would have trapped into Linux.
 * This file maps the Linux x86_64 number to the handler; the handlers
 * live in files by area (console.c, memory.c, time.c, process.c,
 * misc.c).  A number with no handler returns -ENOSYS and is logged once
 * (log.c).  The table is the one place to look to see what Harbor
 * implements.
 */
#include "dispatch.h"
#include "handlers.h"
#include "linux_syscall.h"
#include "log.h"
#include "syscall_names.h"

static posix_syscall_fn *const posix_syscall_table[LINUX_SYSCALL_COUNT] = {
	/* console and descriptors: console.c */
	[LINUX_SYS_read] = posix_sys_read,
	[LINUX_SYS_write] = posix_sys_write,
	[LINUX_SYS_readv] = posix_sys_readv,
	[LINUX_SYS_writev] = posix_sys_writev,
	[LINUX_SYS_ioctl] = posix_sys_ioctl,

	/* memory: memory.c */
	[LINUX_SYS_brk] = posix_sys_brk,
	[LINUX_SYS_mmap] = posix_sys_mmap,
	[LINUX_SYS_munmap] = posix_sys_munmap,
	[LINUX_SYS_mprotect] = posix_sys_mprotect,
	[LINUX_SYS_mremap] = posix_sys_mremap,
	[LINUX_SYS_madvise] = posix_sys_madvise,

	/* time: time.c */
	[LINUX_SYS_clock_gettime] = posix_sys_clock_gettime,
	[LINUX_SYS_clock_getres] = posix_sys_clock_getres,
	[LINUX_SYS_gettimeofday] = posix_sys_gettimeofday,
	[LINUX_SYS_time] = posix_sys_time,
	[LINUX_SYS_nanosleep] = posix_sys_nanosleep,
	[LINUX_SYS_clock_nanosleep] = posix_sys_clock_nanosleep,

	/* process and thread: process.c */
	[LINUX_SYS_exit] = posix_sys_exit,
	[LINUX_SYS_exit_group] = posix_sys_exit_group,
	[LINUX_SYS_getpid] = posix_sys_getpid,
	[LINUX_SYS_getppid] = posix_sys_getppid,
	[LINUX_SYS_gettid] = posix_sys_gettid,
	[LINUX_SYS_set_tid_address] = posix_sys_set_tid_address,
	[LINUX_SYS_getuid] = posix_sys_getuid,
	[LINUX_SYS_geteuid] = posix_sys_geteuid,
	[LINUX_SYS_getgid] = posix_sys_getgid,
	[LINUX_SYS_getegid] = posix_sys_getegid,
	[LINUX_SYS_arch_prctl] = posix_sys_arch_prctl,

	/* everything else: misc.c */
	[LINUX_SYS_uname] = posix_sys_uname,
	[LINUX_SYS_getrandom] = posix_sys_getrandom,
};

posix_syscall_fn *posix_syscall_handler(long nr)
{
	if (nr < 0 || nr >= LINUX_SYSCALL_COUNT)
		return 0;
	return posix_syscall_table[nr];
}

const char *posix_syscall_name(long nr)
{
	if (nr < 0 || nr >= LINUX_SYSCALL_COUNT || !posix_syscall_names[nr])
		return "unknown";
	return posix_syscall_names[nr];
}

long __harbor_syscall(long nr, long a0, long a1, long a2, long a3, long a4,
	long a5)
{
	posix_syscall_fn *fn = posix_syscall_handler(nr);
	const long arg[6] = { a0, a1, a2, a3, a4, a5 };

	if (!fn)
		return posix_unimplemented(nr);
	return fn(arg);
}
