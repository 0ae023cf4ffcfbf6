/*
 * Entry points that musl's overlay jumps to directly, for the operations
 * Linux does in assembly because they change stacks or contexts
 * (libc-port/overlay/src/{thread,signal}/x86_64/).
 */
#ifndef POSIX_ENTRY_H
#define POSIX_ENTRY_H

#include <stddef.h>

/* musl's __clone contract: run fn(arg) in a new thread on stack. */
int __harbor_clone(int (*fn)(void *), void *stack, int flags, void *arg,
	int *ptid, void *tls, int *ctid);

/* A detached thread frees its stack [base, base+size) and ends. */
_Noreturn void __harbor_unmapself(void *base, size_t size);

/* A signal handler returned: restore the context saved in frame. */
_Noreturn void __harbor_sigreturn(void *frame);

#endif
