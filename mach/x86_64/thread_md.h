/*
 * The machine-dependent part of a thread (struct arch_thread, opaque to
 * kern/).  It lives at the top of the thread's kernel stack pages, above
 * the stack itself:
 *
 *   kstack + size ->  +---------------------------+
 *                     | struct arch_thread        |  FPU area, TLS bases
 *   kstack_top    ->  +---------------------------+
 *                     | struct trapframe (user)   |  user registers while
 *                     +---------------------------+  in the kernel
 *                     | kernel stack ...          |
 *   kstack        ->  +---------------------------+
 *
 * A user thread entering the kernel always starts with an empty kernel
 * stack, so its trapframe is always at kstack_top - sizeof(trapframe).
 */
#ifndef X86_64_THREAD_MD_H
#define X86_64_THREAD_MD_H

#include "kern/types.h"
#include "x86_64/fpu.h"
#include "x86_64/x86_64.h"

struct thread;

struct arch_thread {
	struct fpu_area fpu;		/* user FPU/SSE state (scheduler lock) */
	uint64_t fs_base, gs_base;	/* user TLS bases */
} __attribute__((aligned(64)));

/* The user register frame of a user thread. */
struct trapframe *thread_trapframe(const struct thread *t);

#endif
