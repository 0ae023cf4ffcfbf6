/*
 * The dispatcher: from a Linux x86_64 system call number to the one C
 * function that implements it on Harbor.
 */
#ifndef POSIX_DISPATCH_H
#define POSIX_DISPATCH_H

/*
 * Every handler takes the six raw argument registers and returns the
 * Linux result (a value, or a negated errno).  A handler first decodes
 * and checks its arguments, then acts.
 */
typedef long posix_syscall_fn(const long arg[6]);

/* The entry point musl's overlay calls for every system call. */
long __harbor_syscall(long nr, long a0, long a1, long a2, long a3, long a4,
	long a5);

/* The handler for nr, or null if Harbor does not implement it. */
posix_syscall_fn *posix_syscall_handler(long nr);

/* The call's name for messages ("unknown" outside the table). */
const char *posix_syscall_name(long nr);

#endif /* POSIX_DISPATCH_H */
