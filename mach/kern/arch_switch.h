/*
 * arch_switch_inline(from, to): arch_switch (kern/arch_thread.h) for the
 * IPC fast path's hand-off, inline.  Only kern/sched_handoff.h includes
 * this; the processor's half is in the arch directory.
 */
#ifndef KERN_ARCH_SWITCH_H
#define KERN_ARCH_SWITCH_H

#include "x86_64/switch_inline.h"

#endif
