/*
 * Kernel RPCs for several scheduler quanta after a line to the console
 * (icount-preempt.test).  The line wakes the console driver, which then
 * waits on the run queue at our priority; our quantum ends while we are
 * in the kernel (clock_gettime is a host_get_time RPC), so the switch
 * waits for our return to user mode.  The kernel used to ask for a timer
 * interrupt "now" again and again until then, which under QEMU -icount
 * never let the system call finish.
 *
 * Prints the number of calls, the time they took and the mean per call;
 * exits 0 when the loop ran for at least SPIN_MS of CLOCK_MONOTONIC.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <time.h>

#define SPIN_MS		60	/* six 10 ms quanta */
#define MAX_CALLS	1000000	/* a clock that stands still ends it too */

static long long
ns_of(const struct timespec *ts)
{
	return (long long)ts->tv_sec * 1000000000 + ts->tv_nsec;
}

int
main(void)
{
	struct timespec start, now;
	long long elapsed = 0;
	long calls = 0;

	printf("rpc_spin: clock_gettime RPCs for %d ms\n", SPIN_MS);
	fflush(stdout);
	if (clock_gettime(CLOCK_MONOTONIC, &start) != 0)
		return 2;
	while (calls < MAX_CALLS && elapsed < SPIN_MS * 1000000LL) {
		if (clock_gettime(CLOCK_MONOTONIC, &now) != 0)
			return 2;
		calls++;
		elapsed = ns_of(&now) - ns_of(&start);
	}
	printf("rpc_spin: %ld calls in %lld us, %lld ns each\n",
	    calls, elapsed / 1000, elapsed / calls);
	return elapsed >= SPIN_MS * 1000000LL ? 0 : 1;
}
