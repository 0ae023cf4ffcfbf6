/*
 * The user side of Harbor's Mach interface (mach/user/libmach.a), for
 * servers, drivers and test programs: the trap wrappers,
 * mach_msg(), the per-call reply ports harbor-mig's stubs use, and the
 * generated client stubs of idl/defs/mach (mach_port, task, thread_act,
 * vm_map, host, host_priv).
 *
 * mach_task_self() and the reply ports are cached in memory: a task
 * created with inherited memory starts with its parent's cache, so its
 * first thread must call mach_init() before anything else (the spawn
 * helpers in usertest.c do).  POSIX programs link libmach too, without
 * mach_init(): see mach_reply_port_slot().
 */
#ifndef LIBMACH_H
#define LIBMACH_H

#include <mach/kern_return.h>
#include <mach/mach_traps.h>
#include <mach/mach_types.h>
#include <mach/message.h>
#include <mach/mig_errors.h>
#include <mach/notify.h>
#include <mach/port.h>

#include <stdint.h>

#include "host.h"
#include "host_priv.h"
#include "mach_port.h"
#include "task.h"
#include "thread_act.h"
#include "vm_map.h"

/*
 * The trap instruction itself: number in rax, arguments in rdi, rsi, rdx,
 * r10, r8, r9 (the kernel's convention, mach/x86_64/syscall_entry.S),
 * result in rax.  A trap keeps what a C call keeps (rbx, rbp, rsp,
 * r12-r15) and may change the rest: the kernel does not restore mach_msg's
 * argument registers (docs/ipc.md, "The trap convention"), so every trap
 * is declared to change them.  Every trap of a Harbor program goes
 * through here or mach_msg_trap (libmach.c).
 */
static inline uint64_t
mach_trap6(uint64_t n, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
    uint64_t a4, uint64_t a5)
{
	register uint64_t r10 __asm__("r10") = a3;
	register uint64_t r8 __asm__("r8") = a4;
	register uint64_t r9 __asm__("r9") = a5;
	uint64_t ret;

	__asm__ volatile("syscall"
	    : "=a"(ret), "+D"(a0), "+S"(a1), "+d"(a2), "+r"(r10), "+r"(r8),
	      "+r"(r9)
	    : "a"(n)
	    : "rcx", "r11", "memory");
	return ret;
}

/* Forget what the parent's memory said about ports; call first in a child. */
void mach_init(void);

/* A send right to the caller's task, thread, host (cached where Mach does). */
mach_port_t mach_task_self(void);
mach_port_t mach_host_self(void);
/* A new user reference each call: deallocate it when done. */
mach_port_t mach_thread_self(void);

/*
 * A thread's control block, at its FS base (%fs:0 points at it): what
 * libmach keeps per thread.  The first thread's is set by mach_init();
 * a new thread's must be set up (mach_tls_init) and given as its FS base.
 */
struct mach_tls {
	struct mach_tls *self;
	mach_port_t reply;		/* the thread's reply port, or NULL */
};
void mach_tls_init(struct mach_tls *t);

/*
 * Where the calling thread keeps its reply port (MACH_PORT_NULL: none
 * yet).  libmach's own definition is weak and reads the control block
 * above at %fs:0.  A program whose FS base belongs to someone else
 * defines this function itself and never calls mach_init(): POSIX
 * programs, where musl's thread pointer is at %fs:0 and the personality
 * keeps the port (personality/posix/sys_harbor.c).
 */
mach_port_t *mach_reply_port_slot(void);

/* The thread is about to end: its reply port goes to the next thread. */
void mach_thread_done(void);

/* Reply ports the task has (for leak checks). */
unsigned mig_reply_ports(void);

#endif
