/*
 * Host test of the kernel's formatter (mach/kern/printf.c), differential
 * against the C library's snprintf: for every conversion, flag, width,
 * precision and length modifier the kernel supports, over many values,
 * both must produce the same text and the same return value, and the
 * kernel's buffer handling must truncate exactly as C's does.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kern/printf.h"

/* kprintf's sink: the host test never prints through it. */
void console_putc(char c) { (void)c; }
void console_lock(void) {}
void console_unlock(void) {}

static int checks, failures;

static void
compare(const char *what, const char *fmt, const char *want, int wantn,
    const char *got, int gotn)
{
	checks++;
	if (wantn == gotn && strcmp(want, got) == 0)
		return;
	if (failures++ < 20)
		printf("# %s: format \"%s\": libc \"%s\" (%d), kernel \"%s\" (%d)\n",
		    what, fmt, want, wantn, got, gotn);
}

#define DIFF(what, size, fmt, ...) do {					\
	char want[128], got[128];					\
	memset(want, 'X', sizeof(want));				\
	memset(got, 'X', sizeof(got));					\
	int wn = snprintf(want, (size), (fmt), __VA_ARGS__);		\
	int gn = ksnprintf(got, (size), (fmt), __VA_ARGS__);		\
	compare((what), (fmt), (size) ? want : "", wn, (size) ? got : "", gn); \
} while (0)

static const char *const int_formats[] = {
	"%d", "%5d", "%-5d|", "%05d", "%i", "%1d", "%12d", "%-12d|", "%012d",
};
static const char *const uint_formats[] = {
	"%u", "%x", "%X", "%o", "%#x", "%#X", "%#o", "%8x", "%-8x|", "%08x",
	"%#010x", "%#-10x|", "%3u", "%20u",
};
static const char *const long_formats[] = {
	"%ld", "%lu", "%lx", "%#lx", "%016lx", "%#018lx", "%-20ld|", "%lld",
	"%llx", "%zu", "%zx",
};
static const char *const str_formats[] = {
	"%s", "%10s", "%-10s|", "%.3s", "%10.2s", "%-6.4s|", "%.0s", "%c",
};

static long long
sample(int i)
{
	static const long long edges[] = {
		0, 1, -1, 7, 10, 42, -42, 255, 256, 65535, 65536, 2147483647,
		-2147483647 - 1, 4294967295ll, INT64_MAX, INT64_MIN,
	};
	if (i < (int)(sizeof(edges) / sizeof(edges[0])))
		return edges[i];
	return ((long long)rand() << 33) ^ ((long long)rand() << 2) ^ rand();
}

static void
test_integers(void)
{
	for (int i = 0; i < 400; i++) {
		long long v = sample(i);
		for (size_t f = 0; f < sizeof(int_formats) / sizeof(*int_formats); f++)
			DIFF("int", 128, int_formats[f], (int)v);
		for (size_t f = 0; f < sizeof(uint_formats) / sizeof(*uint_formats); f++)
			DIFF("unsigned", 128, uint_formats[f], (unsigned)v);
		for (size_t f = 0; f < sizeof(long_formats) / sizeof(*long_formats); f++)
			DIFF("long", 128, long_formats[f], (long)v);
		DIFF("short", 128, "%hd %hu %hx", (int)v, (unsigned)v, (unsigned)v);
		DIFF("char", 128, "%hhd %hhu %hhx", (int)v, (unsigned)v, (unsigned)v);
	}
}

static void
test_strings(void)
{
	static const char *const words[] = { "", "a", "harbor", "multiserver kernel" };

	for (size_t w = 0; w < sizeof(words) / sizeof(*words); w++)
		for (size_t f = 0; f < sizeof(str_formats) / sizeof(*str_formats) - 1; f++)
			DIFF("string", 128, str_formats[f], words[w]);
	for (int c = ' '; c < 127; c++)
		DIFF("char", 128, "[%c|%3c|%-3c]", c, c, c);
	DIFF("percent", 128, "100%% of %s", "tests");
	DIFF("pointer", 128, "%p", (void *)0xffffffff80100000ul);
}

static void
test_truncation(void)
{
	for (size_t size = 0; size <= 24; size++) {
		DIFF("truncated", size, "%s=%d;%#x", "harbor-kernel", -12345, 0xbeefu);
		DIFF("truncated", size, "%-8s|%08ld", "ab", 99l);
	}
}

int
main(void)
{
	srand(1);
	printf("1..3\n");
	int before = failures;
	test_integers();
	printf("%s 1 - integer conversions match libc (%d checks so far)\n",
	    failures == before ? "ok" : "not ok", checks);
	before = failures;
	test_strings();
	printf("%s 2 - string, char, %% and pointer conversions match libc\n",
	    failures == before ? "ok" : "not ok");
	before = failures;
	test_truncation();
	printf("%s 3 - truncation and return values match libc (%d checks in all)\n",
	    failures == before ? "ok" : "not ok", checks);
	return 0;
}
