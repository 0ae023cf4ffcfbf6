/*
 * The system call handlers, one per Linux call, grouped by the file that
 * implements them.  Each has the posix_syscall_fn signature (dispatch.h).
 */
#ifndef POSIX_HANDLERS_H
#define POSIX_HANDLERS_H

#include "dispatch.h"

/* console.c */
posix_syscall_fn posix_sys_read, posix_sys_write, posix_sys_readv,
	posix_sys_writev, posix_sys_ioctl;

/* memory.c */
posix_syscall_fn posix_sys_brk, posix_sys_mmap, posix_sys_munmap,
	posix_sys_mprotect, posix_sys_mremap, posix_sys_madvise;

/* time.c */
posix_syscall_fn posix_sys_clock_gettime, posix_sys_clock_getres,
	posix_sys_gettimeofday, posix_sys_time, posix_sys_nanosleep,
	posix_sys_clock_nanosleep;

/* process.c */
posix_syscall_fn posix_sys_exit, posix_sys_exit_group, posix_sys_getpid,
	posix_sys_getppid, posix_sys_gettid, posix_sys_set_tid_address,
	posix_sys_getuid, posix_sys_geteuid, posix_sys_getgid,
	posix_sys_getegid, posix_sys_arch_prctl;

/* misc.c */
posix_syscall_fn posix_sys_uname, posix_sys_getrandom;

#endif /* POSIX_HANDLERS_H */
