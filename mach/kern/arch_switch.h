/*
 * The processor's half of a switch, inline, for the IPC fast path's
 * hand-off (kern/sched_handoff.h, the only includer): arch_switch_inline
 * (arch_switch of kern/arch_thread.h), and its parts —
 * arch_pmap_switch_inline (the address space), arch_switch_prepare_user_inline
 * (kernel stack, TLS, FPU, I/O bitmap), arch_context_switch_inline (the
 * stacks) and arch_switch_to_user_inline (leave for user mode from the new
 * thread's trap frame instead).  Defined in the arch directory.
 */
#ifndef KERN_ARCH_SWITCH_H
#define KERN_ARCH_SWITCH_H

#include "x86_64/switch_inline.h"

#endif
