/*
 * The self-test runner.  Tests are found through the .ktests.* sections
 * the linker gathers between __ktests_start and __ktests_end, sorted by
 * name, so the order is stable from one build to the next.
 */
#include "kern/ktest.h"
#include "kern/printf.h"
#include "kern/string.h"

extern const struct ktest __ktests_start[], __ktests_end[];

static unsigned current_failures;

void
ktest_check(bool ok, const char *expr, const char *file, int line)
{
	if (ok)
		return;
	current_failures++;
	kprintf("# FAIL %s:%d: %s\n", file, line, expr);
}

void
ktest_check_eq(uint64_t a, uint64_t b, const char *ea, const char *eb,
    const char *file, int line)
{
	if (a == b)
		return;
	current_failures++;
	kprintf("# FAIL %s:%d: %s == %s: got %#lx (%lu), expected %#lx (%lu)\n",
	    file, line, ea, eb, (unsigned long)a, (unsigned long)a,
	    (unsigned long)b, (unsigned long)b);
}

void
ktest_check_str(const char *a, const char *b, const char *ea,
    const char *file, int line)
{
	if (strcmp(a, b) == 0)
		return;
	current_failures++;
	kprintf("# FAIL %s:%d: %s: got \"%s\", expected \"%s\"\n",
	    file, line, ea, a, b);
}

bool
ktest_glob(const char *p, size_t plen, const char *name)
{
	if (plen == 0)
		return *name == '\0';
	if (*p == '*') {
		for (;; name++) {
			if (ktest_glob(p + 1, plen - 1, name))
				return true;
			if (!*name)
				return false;
		}
	}
	return *name == *p && ktest_glob(p + 1, plen - 1, name + 1);
}

static bool
selected(const struct ktest *t, const char *patterns)
{
	for (const char *p = patterns; *p;) {
		size_t len = 0;
		while (p[len] && p[len] != ',')
			len++;
		bool exact = len == strlen(t->name) && strncmp(p, t->name, len) == 0;
		if (exact)
			return true;
		if (!(t->flags & KTEST_EXPLICIT_ONLY) &&
		    ((len == 3 && strncmp(p, "all", 3) == 0) ||
		    ktest_glob(p, len, t->name)))
			return true;
		p += len;
		if (*p == ',')
			p++;
	}
	return false;
}

unsigned
ktest_run(const char *patterns)
{
	unsigned planned = 0, n = 0, failed = 0;

	for (const struct ktest *t = __ktests_start; t < __ktests_end; t++)
		planned += selected(t, patterns);
	kprintf("1..%u\n", planned);
	for (const struct ktest *t = __ktests_start; t < __ktests_end; t++) {
		if (!selected(t, patterns))
			continue;
		current_failures = 0;
		t->fn();
		n++;
		if (current_failures)
			failed++;
		kprintf("%s %u - %s\n", current_failures ? "not ok" : "ok",
		    n, t->name);
	}
	kprintf("# harbor: %u tests, %u failed\n", n, failed);
	return failed;
}
