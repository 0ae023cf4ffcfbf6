/*
 * time.c: clock_gettime, clock_getres, gettimeofday, time, nanosleep and
 * clock_nanosleep on Harbor's two clocks (harbor.h): real time and time
 * since boot.  Linux's variants of each (coarse, raw, boottime) map to
 * the one they approximate.  CPU-time clocks need per-thread accounting
 * from the kernel and are not here yet.
 */
#include "handlers.h"
#include "harbor.h"
#include "linux_abi.h"
#include "linux_syscall.h"
#include "log.h"

#define NS_PER_SEC 1000000000ULL

/* Linux clock id to Harbor clock; -EINVAL for clocks Harbor lacks. */
static int time_clock(long nr, long clock)
{
	switch (clock) {
	case LINUX_CLOCK_REALTIME:
	case LINUX_CLOCK_REALTIME_COARSE:
		return HARBOR_CLOCK_REALTIME;
	case LINUX_CLOCK_MONOTONIC:
	case LINUX_CLOCK_MONOTONIC_RAW:
	case LINUX_CLOCK_MONOTONIC_COARSE:
	case LINUX_CLOCK_BOOTTIME:
		return HARBOR_CLOCK_MONOTONIC;
	case LINUX_CLOCK_PROCESS_CPUTIME_ID:
	case LINUX_CLOCK_THREAD_CPUTIME_ID:
		posix_log_partial(nr, "CPU-time clocks not implemented");
		return -LINUX_EINVAL;
	default:
		return -LINUX_EINVAL;
	}
}

static bool timespec_valid(const struct linux_timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 &&
		(uint64_t)ts->tv_nsec < NS_PER_SEC;
}

static uint64_t timespec_ns(const struct linux_timespec *ts)
{
	return (uint64_t)ts->tv_sec * NS_PER_SEC + (uint64_t)ts->tv_nsec;
}

long posix_sys_clock_gettime(const long arg[6])
{
	int clock = time_clock(LINUX_SYS_clock_gettime, arg[0]);
	struct linux_timespec *ts = (struct linux_timespec *)arg[1];
	uint64_t ns;
	int r;

	if (clock < 0)
		return clock;
	if (!ts)
		return -LINUX_EFAULT;
	r = harbor_clock_read(clock, &ns);
	if (r < 0)
		return r;
	ts->tv_sec = (int64_t)(ns / NS_PER_SEC);
	ts->tv_nsec = (int64_t)(ns % NS_PER_SEC);
	return 0;
}

/* Both clocks count nanoseconds. */
long posix_sys_clock_getres(const long arg[6])
{
	int clock = time_clock(LINUX_SYS_clock_getres, arg[0]);
	struct linux_timespec *res = (struct linux_timespec *)arg[1];

	if (clock < 0)
		return clock;
	if (res) {
		res->tv_sec = 0;
		res->tv_nsec = 1;
	}
	return 0;
}

/* Harbor keeps no time zone in the kernel; tz reads as UTC. */
long posix_sys_gettimeofday(const long arg[6])
{
	struct linux_timeval *tv = (struct linux_timeval *)arg[0];
	struct linux_timezone *tz = (struct linux_timezone *)arg[1];
	uint64_t ns;

	if (tv) {
		int r = harbor_clock_read(HARBOR_CLOCK_REALTIME, &ns);

		if (r < 0)
			return r;
		tv->tv_sec = (int64_t)(ns / NS_PER_SEC);
		tv->tv_usec = (int64_t)(ns % NS_PER_SEC / 1000);
	}
	if (tz) {
		tz->tz_minuteswest = 0;
		tz->tz_dsttime = 0;
	}
	return 0;
}

long posix_sys_time(const long arg[6])
{
	int64_t *out = (int64_t *)arg[0];
	uint64_t ns;
	int r = harbor_clock_read(HARBOR_CLOCK_REALTIME, &ns);

	if (r < 0)
		return r;
	if (out)
		*out = (int64_t)(ns / NS_PER_SEC);
	return (long)(ns / NS_PER_SEC);
}

/*
 * Sleeps are not yet interruptible (no signals), so a sleep always runs
 * to its end and the remaining time, when asked for, is zero.
 */
static long time_sleep(uint64_t ns, struct linux_timespec *rem)
{
	int r = harbor_clock_sleep(ns);

	if (r < 0)
		return r;
	if (rem) {
		rem->tv_sec = 0;
		rem->tv_nsec = 0;
	}
	return 0;
}

long posix_sys_nanosleep(const long arg[6])
{
	const struct linux_timespec *req = (const struct linux_timespec *)arg[0];
	struct linux_timespec *rem = (struct linux_timespec *)arg[1];

	if (!req)
		return -LINUX_EFAULT;
	if (!timespec_valid(req))
		return -LINUX_EINVAL;
	return time_sleep(timespec_ns(req), rem);
}

long posix_sys_clock_nanosleep(const long arg[6])
{
	int clock = time_clock(LINUX_SYS_clock_nanosleep, arg[0]);
	long flags = arg[1];
	const struct linux_timespec *req = (const struct linux_timespec *)arg[2];
	struct linux_timespec *rem = (struct linux_timespec *)arg[3];
	uint64_t ns, now;

	if (clock < 0)
		return clock;
	if (flags & ~(long)LINUX_TIMER_ABSTIME)
		return -LINUX_EINVAL;
	if (!req)
		return -LINUX_EFAULT;
	if (!timespec_valid(req))
		return -LINUX_EINVAL;
	ns = timespec_ns(req);
	if (flags & LINUX_TIMER_ABSTIME) {
		int r = harbor_clock_read(clock, &now);

		if (r < 0)
			return r;
		/* An absolute sleep has no remaining time to report. */
		return now >= ns ? 0 : time_sleep(ns - now, 0);
	}
	return time_sleep(ns, rem);
}
