/*
 * tap.h: a minimal TAP producer for the musl test programs.  They run on
 * the host (built with Debian's musl-gcc, and with harbor-cc over the
 * host backend) and, once harbor-run exists, on Harbor itself; they use
 * only standard C and POSIX, and report with printf, which is itself
 * under test (a broken printf shows as a broken plan).
 */
#ifndef TAP_H
#define TAP_H

#include <stdio.h>

static int tap_count, tap_failed;

static void tap_plan(int n)
{
	printf("1..%d\n", n);
}

/* Reports one test point; returns cond so callers can stop early. */
#define TAP_OK(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

static int tap_ok(int cond, const char *file, int line, const char *desc, ...)
{
	tap_count++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_count, desc);
	if (!cond)
		printf("# failed at %s:%d\n", file, line);
	return cond;
}

/* The exit status: 0 only if every test point passed. */
static int tap_done(void)
{
	fflush(stdout);
	return tap_failed ? 1 : 0;
}

#endif
