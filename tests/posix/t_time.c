/* Time functions: clocks, sleeping, broken-down time and formatting. */
#define _DEFAULT_SOURCE
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include "tap.h"

int main(void)
{
	struct timespec a, b, nap = { 0, 20 * 1000 * 1000 };
	struct timeval tv;
	char s[64];
	time_t t = 1700000000;	/* 2023-11-14 22:13:20 UTC */
	struct tm tm;

	tap_plan(8);
	TAP_OK(time(NULL) > 1600000000, "time() is after 2020");
	TAP_OK(gettimeofday(&tv, NULL) == 0 && tv.tv_usec >= 0 && tv.tv_usec < 1000000, "gettimeofday");
	TAP_OK(clock_gettime(CLOCK_MONOTONIC, &a) == 0, "clock_gettime(CLOCK_MONOTONIC)");
	TAP_OK(nanosleep(&nap, NULL) == 0, "nanosleep 20 ms");
	clock_gettime(CLOCK_MONOTONIC, &b);
	long ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
	TAP_OK(ms >= 20, "the monotonic clock advanced by the sleep");
	TAP_OK(gmtime_r(&t, &tm) && tm.tm_year == 123 && tm.tm_mon == 10 && tm.tm_mday == 14 &&
		tm.tm_hour == 22 && tm.tm_wday == 2, "gmtime_r");
	strftime(s, sizeof s, "%Y-%m-%d %H:%M:%S %a", &tm);
	TAP_OK(!strcmp(s, "2023-11-14 22:13:20 Tue"), "strftime");
	TAP_OK(timegm(&tm) == t, "timegm inverts gmtime");
	return tap_done();
}
