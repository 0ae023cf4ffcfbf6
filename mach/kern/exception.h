/*
 * Exceptions as messages (design.md §2, idl/defs/mach/exc.defs).
 *
 * A user thread's fault that the kernel cannot resolve becomes a
 * request to an exception port: the thread's for that kind, then the
 * task's, then the host's.  The faulting thread itself sends it (a
 * KernelUser stub, mach_msg_rpc_from_kernel) and waits for the reply:
 *
 *   KERN_SUCCESS      the thread resumes (EXCEPTION_STATE*: with the
 *                     registers of the reply, checked and sanitised by
 *                     arch_thread_set_state like thread_set_state);
 *   anything else     (an error RetCode, a handler that died — its
 *                     send-once right fires —, no such port, a state
 *                     the kernel refuses) the next port is tried;
 *   none left         the caller terminates the task and logs why.
 *
 * The waits are interruptible: thread_abort or the thread's (task's)
 * termination ends the exception at once (EXCEPTION_INTERRUPTED); the
 * thread then returns toward user mode, where termination takes it, or
 * after a bare thread_abort executes the faulting instruction again
 * (and so raises the exception again), as in Mach.
 *
 * Lock order: called with no IPC lock held, from the trap handler of
 * the faulting thread; it blocks.
 */
#ifndef KERN_EXCEPTION_H
#define KERN_EXCEPTION_H

#include <mach/exception_types.h>
#include "kern/types.h"

enum exception_result {
	EXCEPTION_RESUMED,	/* a handler answered KERN_SUCCESS */
	EXCEPTION_INTERRUPTED,	/* thread_abort / termination: return */
	EXCEPTION_UNHANDLED,	/* nobody took it: terminate the task */
};

/*
 * Raise `exception` (EXC_*) with its two codes (see exception_types.h)
 * in the current user thread, whose user registers are its trapframe.
 */
enum exception_result exception_raise_current(exception_type_t exception,
    int64_t code, int64_t subcode);

/* For leak tests and the log: exceptions raised, and those resumed. */
uint64_t exception_raised_count(void);
uint64_t exception_resumed_count(void);

#endif
