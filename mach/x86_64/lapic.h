/*
 * The local APIC: its timer drives the scheduler and the kernel timers;
 * every interrupt it delivers is acknowledged with lapic_eoi().
 */
#ifndef X86_64_LAPIC_H
#define X86_64_LAPIC_H

#include "kern/types.h"

#define LAPIC_TIMER_VECTOR	0x40
#define LAPIC_SPURIOUS_VECTOR	0xff

/* Map and enable the local APIC; the timer stays stopped. */
void lapic_init(void);

/* Timer ticks per second, measured against the PIT by clock_md.c. */
void lapic_timer_calibrate_begin(void);
uint64_t lapic_timer_calibrate_end(void);	/* ticks counted */

/* One interrupt after `ticks` timer ticks (0 stops the timer). */
void lapic_timer_oneshot(uint32_t ticks);

void lapic_eoi(void);

#endif
