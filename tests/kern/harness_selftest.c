/*
 * Tests that fail on purpose, so that the test harness can be tested:
 * each runs only when named exactly on the command line
 * (test=harness_fault and so on) and must be reported as a failure.
 */
#include "kern/ktest.h"
#include "kern/panic.h"

/* A kernel page fault: the harness must show the panic and a backtrace. */
__attribute__((noinline)) static void
harness_fault_deep(volatile uint64_t *p)
{
	*p = 0xdead;
}

KTEST_EXPLICIT(harness_fault)
{
	/* user half, never mapped while the kernel runs its self-tests */
	harness_fault_deep((volatile uint64_t *)0x00007ff000000000ull);
}

/* A failed check: the harness must report `not ok`. */
KTEST_EXPLICIT(harness_notok)
{
	KEXPECT_EQ(1 + 1, 3);
}

/* A hang: the harness must time out. */
KTEST_EXPLICIT(harness_hang)
{
	for (;;)
		__asm__ volatile("pause");
}

/* A panic through panic() rather than a trap. */
KTEST_EXPLICIT(harness_panic)
{
	panic("harness_panic: panicking on purpose");
}
