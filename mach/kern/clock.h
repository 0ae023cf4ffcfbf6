/*
 * Clocks: a monotonic clock in nanoseconds since boot (the processor's
 * cycle counter, calibrated against the PIT), and the wall clock, read
 * once from the CMOS RTC at boot and advanced by the monotonic clock.
 */
#ifndef KERN_CLOCK_H
#define KERN_CLOCK_H

#include "kern/types.h"

#define NSEC_PER_USEC	1000ull
#define NSEC_PER_MSEC	1000000ull
#define NSEC_PER_SEC	1000000000ull

void clock_init(void);

/* Nanoseconds since boot; never goes back. */
uint64_t clock_monotonic_ns(void);

/* Nanoseconds since 1970-01-01 00:00 UTC (RTC at boot + monotonic). */
uint64_t clock_wall_ns(void);

#endif
