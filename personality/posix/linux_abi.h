/*
 * The parts of the Linux x86_64 kernel ABI that the personality
 * implements: error numbers, flags and structure layouts exactly as musl
 * passes them to "the kernel".  They are written out here, rather than
 * taken from a libc's headers, because the personality stands in for the
 * kernel: it must agree with the kernel's ABI, whatever libc it is built
 * beside (musl for Harbor programs, the host's libc in host tests).
 * Values are from the Linux UAPI headers (facts of the ABI).
 */
#ifndef POSIX_LINUX_ABI_H
#define POSIX_LINUX_ABI_H

#include <stdint.h>

/* Error numbers (returned negated). */
#define LINUX_EPERM	1
#define LINUX_ENOENT	2
#define LINUX_EINTR	4
#define LINUX_EIO	5
#define LINUX_EBADF	9
#define LINUX_EAGAIN	11
#define LINUX_ENOMEM	12
#define LINUX_EACCES	13
#define LINUX_EFAULT	14
#define LINUX_EEXIST	17
#define LINUX_ENODEV	19
#define LINUX_EINVAL	22
#define LINUX_ENOTTY	25
#define LINUX_ENOSYS	38

/* mmap, mprotect, mremap, madvise */
#define LINUX_PROT_READ		0x1
#define LINUX_PROT_WRITE	0x2
#define LINUX_PROT_EXEC		0x4
#define LINUX_MAP_SHARED	0x01
#define LINUX_MAP_PRIVATE	0x02
#define LINUX_MAP_FIXED		0x10
#define LINUX_MAP_ANONYMOUS	0x20
#define LINUX_MAP_FIXED_NOREPLACE 0x100000
#define LINUX_MREMAP_MAYMOVE	1
#define LINUX_MREMAP_FIXED	2
#define LINUX_MADV_NORMAL	0
#define LINUX_MADV_RANDOM	1
#define LINUX_MADV_SEQUENTIAL	2
#define LINUX_MADV_WILLNEED	3
#define LINUX_MADV_DONTNEED	4
#define LINUX_MADV_FREE		8

/* Clocks */
#define LINUX_CLOCK_REALTIME		0
#define LINUX_CLOCK_MONOTONIC		1
#define LINUX_CLOCK_PROCESS_CPUTIME_ID	2
#define LINUX_CLOCK_THREAD_CPUTIME_ID	3
#define LINUX_CLOCK_MONOTONIC_RAW	4
#define LINUX_CLOCK_REALTIME_COARSE	5
#define LINUX_CLOCK_MONOTONIC_COARSE	6
#define LINUX_CLOCK_BOOTTIME		7
#define LINUX_TIMER_ABSTIME		1

struct linux_timespec {
	int64_t tv_sec;
	int64_t tv_nsec;
};

struct linux_timeval {
	int64_t tv_sec;
	int64_t tv_usec;
};

struct linux_timezone {
	int32_t tz_minuteswest;
	int32_t tz_dsttime;
};

struct linux_iovec {
	void *iov_base;
	uint64_t iov_len;
};
#define LINUX_IOV_MAX 1024

/* uname */
#define LINUX_UTSNAME_LEN 65
struct linux_utsname {
	char sysname[LINUX_UTSNAME_LEN];
	char nodename[LINUX_UTSNAME_LEN];
	char release[LINUX_UTSNAME_LEN];
	char version[LINUX_UTSNAME_LEN];
	char machine[LINUX_UTSNAME_LEN];
	char domainname[LINUX_UTSNAME_LEN];
};

/* ioctl on terminals */
#define LINUX_TCGETS		0x5401
#define LINUX_TIOCGWINSZ	0x5413
struct linux_winsize {
	uint16_t ws_row;
	uint16_t ws_col;
	uint16_t ws_xpixel;
	uint16_t ws_ypixel;
};

/* arch_prctl */
#define LINUX_ARCH_SET_FS	0x1002

/* getrandom */
#define LINUX_GRND_NONBLOCK	0x1
#define LINUX_GRND_RANDOM	0x2
#define LINUX_GRND_INSECURE	0x4

/* Auxiliary vector entry types that the personality reads. */
#define LINUX_AT_NULL		0
#define LINUX_AT_PAGESZ		6
#define LINUX_AT_UID		11
#define LINUX_AT_EUID		12
#define LINUX_AT_GID		13
#define LINUX_AT_EGID		14
#define LINUX_AT_SECURE		23
#define LINUX_AT_RANDOM		25
#define LINUX_AT_EXECFN		31

#endif /* POSIX_LINUX_ABI_H */
