/*
 * Kernel self-tests, reported as TAP on the kernel log.
 *
 * A test is a function registered with KTEST(name).  Booting with
 * `test=PATTERN[,PATTERN…]` runs every test whose name matches one of the
 * patterns ('*' matches any run of characters; `test=all` means every
 * ordinary test), prints the TAP plan and one `ok`/`not ok` line per test,
 * then powers off with HARBOR_EXIT_OK or HARBOR_EXIT_FAIL.
 *
 * KTEST_EXPLICIT tests (those that fail on purpose, to test the test
 * harness itself) run only when a pattern names them exactly.
 *
 * Checks do not stop a test: KEXPECT records a failure with its file and
 * line as a TAP diagnostic and the test goes on.
 */
#ifndef KERN_KTEST_H
#define KERN_KTEST_H

#include "kern/types.h"

#define KTEST_EXPLICIT_ONLY	0x1

struct ktest {
	const char *name;
	void (*fn)(void);
	unsigned flags;
};

#define KTEST_DEFINE(tname, tflags)					\
	static void ktest_fn_##tname(void);				\
	static const struct ktest ktest_##tname				\
	    __attribute__((used, section(".ktests." #tname), aligned(8))) = \
	    { #tname, ktest_fn_##tname, (tflags) };			\
	static void ktest_fn_##tname(void)

#define KTEST(tname)		KTEST_DEFINE(tname, 0)
#define KTEST_EXPLICIT(tname)	KTEST_DEFINE(tname, KTEST_EXPLICIT_ONLY)

void ktest_check(bool ok, const char *expr, const char *file, int line);
void ktest_check_eq(uint64_t a, uint64_t b, const char *ea, const char *eb,
    const char *file, int line);
void ktest_check_str(const char *a, const char *b, const char *ea,
    const char *file, int line);

#define KEXPECT(cond)		ktest_check(!!(cond), #cond, __FILE__, __LINE__)
#define KEXPECT_EQ(a, b)	ktest_check_eq((uint64_t)(a), (uint64_t)(b), #a, #b, __FILE__, __LINE__)
#define KEXPECT_STREQ(a, b)	ktest_check_str((a), (b), #a, __FILE__, __LINE__)

/* Run the tests the patterns select; returns the number that failed. */
unsigned ktest_run(const char *patterns);

/* Glob match with '*' only; exported for its own test. */
bool ktest_glob(const char *pattern, size_t plen, const char *name);

#endif
