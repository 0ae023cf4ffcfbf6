/*
 * The Mach traps (mach/include/mach/mach_traps.h has the numbers and the
 * user-side contract): mach_msg_trap, mach_reply_port, the *_self traps
 * and thread_switch.  The arch system-call entry calls mach_trap() for
 * every number below the temporary calls' range.
 */
#ifndef IPC_MACH_TRAPS_H
#define IPC_MACH_TRAPS_H

#include "kern/types.h"

#define MACH_TRAP_ARGS	6

/* Run trap `number`; an unknown number gives KERN_INVALID_ARGUMENT. */
uint64_t mach_trap(uint64_t number, const uint64_t args[MACH_TRAP_ARGS]);

/*
 * mach_msg_trap with its arguments as the registers hold them: the arch
 * system-call entry calls it directly for MACH_TRAP_MSG, without the
 * argument array and table of mach_trap (same checks, same result).
 * Entered with interrupts off, the scheduler lock (kern/sched.h,
 * SCHED_LOCK_HELD_BY_TRAP); it turns them on before anything that may
 * wait.
 */
uint64_t mach_msg_trap_regs(uint64_t msg, uint64_t option, uint64_t send_size,
    uint64_t rcv_size, uint64_t rcv_name, uint64_t timeout);

#endif
