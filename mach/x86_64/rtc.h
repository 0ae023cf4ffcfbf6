#ifndef X86_64_RTC_H
#define X86_64_RTC_H

#include "kern/types.h"

/* The CMOS real-time clock as seconds since 1970-01-01 00:00 UTC. */
uint64_t rtc_read_unix(void);

/* Days since 1970-01-01 of a proleptic Gregorian date (exported for tests). */
int64_t rtc_days_from_civil(int64_t y, unsigned m, unsigned d);

#endif
