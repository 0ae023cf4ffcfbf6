/*
 * The 8254 programmable interval timer, used only as a known-frequency
 * reference to calibrate the TSC and the local APIC timer at boot.
 */
#ifndef X86_64_PIT_H
#define X86_64_PIT_H

#include "kern/types.h"

#define PIT_HZ		1193182u

/* Start channel 2 counting `ticks` down (one shot), output low. */
void pit_oneshot_start(uint16_t ticks);

/* Has the count started by pit_oneshot_start() run out? */
bool pit_oneshot_done(void);

#endif
