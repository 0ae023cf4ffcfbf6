/*
 * The IPC fast path: the common RPC (send and receive in one
 * mach_msg_trap, a simple message to a port whose receiver waits) done
 * without a kmsg, a queue or a scheduler pass.  The message goes
 * straight into the waiting receiver's wait record and the CPU is handed
 * to the receiver with thread_handoff.
 *
 * The slow path (mach_msg.c) is complete on its own: every call the fast
 * path does not take goes there untouched, and configure
 * --disable-fastpath compiles this file out (IPC_FASTPATH undefined:
 * the inline stubs below say "not taken").  DESIGN.md, "Fast path",
 * lists the guards and why each exists.
 *
 * Called from the trap only (user buffers), on the caller's thread.
 * Locking: as the rest of IPC (DESIGN.md, "Locking"); the hand-off takes
 * the scheduler lock.
 */
#ifndef IPC_IPC_FASTPATH_H
#define IPC_IPC_FASTPATH_H

#include <mach/message.h>
#include "ipc/mach_msg.h"
#include "kern/types.h"

/* The largest message body (after the 24-byte header) sent fast. */
#define IPC_FASTPATH_MAX_BODY	256u

/* Why a call was not taken (counters, for tests and tuning). */
enum ipc_fastpath_miss {
	IPC_FP_MISS_OPTIONS,	/* not SEND|RCV without timeout/notify/large */
	IPC_FP_MISS_SIZE,	/* body above IPC_FASTPATH_MAX_BODY, or malformed */
	IPC_FP_MISS_HEADER,	/* complex, voucher, or another disposition */
	IPC_FP_MISS_DEST,	/* destination not a plain live port of ours */
	IPC_FP_MISS_KOBJECT,	/* destination is a kernel object's port */
	IPC_FP_MISS_RECEIVER,	/* nobody waits in a fast-path receive there */
	IPC_FP_MISS_REPLY,	/* reply right not a send-once of our receive right */
	IPC_FP_MISS_RCV,	/* our own receive cannot wait now */
	IPC_FP_MISS_COUNT
};

/* Counters: protected by nothing (one CPU, updated in the trap). */
struct ipc_fastpath_stats {
	/* messages delivered by the fast path: direct + record */
	uint64_t direct;		/* copied out by the sender */
	uint64_t record;		/* through the receiver's record */
	uint64_t direct_faults;		/* of those, after a direct copy-out faulted */
	uint64_t misses[IPC_FP_MISS_COUNT];
};

#ifdef IPC_FASTPATH

/*
 * The counters exist only when the fast path is compiled in (tests, which
 * are built without IPC_FASTPATH, declare the symbol weak to tell).
 */
extern struct ipc_fastpath_stats ipc_fastpath_stats;

static inline bool
ipc_fastpath_enabled(void)
{
	return true;
}

#else	/* compiled out: every call takes the slow path */

static inline bool
ipc_fastpath_mach_msg(const struct ipc_msg_caller *caller, void *msg,
    mach_msg_option_t option, mach_msg_size_t send_size,
    mach_msg_size_t rcv_size, mach_port_name_t rcv_name,
    mach_msg_timeout_t timeout, mach_msg_return_t *mrp)
{
	(void)caller, (void)msg, (void)option, (void)send_size;
	(void)rcv_size, (void)rcv_name, (void)timeout, (void)mrp;
	return false;
}

static inline bool
ipc_fastpath_enabled(void)
{
	return false;
}

#endif

#endif
