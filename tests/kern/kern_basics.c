/*
 * Self-tests of the early kernel: formatting, strings, the command line,
 * the test runner's own pattern matching, and the boot memory map.
 */
#include "kern/bootinfo.h"
#include "kern/cmdline.h"
#include "kern/ksyms.h"
#include "kern/ktest.h"
#include "kern/printf.h"
#include "kern/string.h"

static const char *
fmt(char *buf, size_t size, const char *f, ...) __printflike(3, 4);

static const char *
fmt(char *buf, size_t size, const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	kvsnprintf(buf, size, f, ap);
	va_end(ap);
	return buf;
}

KTEST(printf_integers)
{
	char b[64];

	KEXPECT_STREQ(fmt(b, sizeof(b), "%d %i %u", -42, 7, 3000000000u), "-42 7 3000000000");
	KEXPECT_STREQ(fmt(b, sizeof(b), "%ld", -9223372036854775807l - 1), "-9223372036854775808");
	KEXPECT_STREQ(fmt(b, sizeof(b), "%lu", 18446744073709551615ul), "18446744073709551615");
	KEXPECT_STREQ(fmt(b, sizeof(b), "%x %X %o", 0xbeefu, 0xbeefu, 8u), "beef BEEF 10");
	KEXPECT_STREQ(fmt(b, sizeof(b), "%hhd %hu", 300, 70000), "44 4464");
	KEXPECT_STREQ(fmt(b, sizeof(b), "%zu", (size_t)12345), "12345");
	KEXPECT_STREQ(fmt(b, sizeof(b), "%p", (void *)0x1000), "0x1000");
}

KTEST(printf_width_and_flags)
{
	char b[64];

	KEXPECT_STREQ(fmt(b, sizeof(b), "[%5d]", 42), "[   42]");
	KEXPECT_STREQ(fmt(b, sizeof(b), "[%-5d]", 42), "[42   ]");
	KEXPECT_STREQ(fmt(b, sizeof(b), "[%05d]", -42), "[-0042]");
	KEXPECT_STREQ(fmt(b, sizeof(b), "[%08x]", 0xabcu), "[00000abc]");
	KEXPECT_STREQ(fmt(b, sizeof(b), "[%.3s]", "abcdef"), "[abc]");
	KEXPECT_STREQ(fmt(b, sizeof(b), "[%6s]", "ab"), "[    ab]");
	KEXPECT_STREQ(fmt(b, sizeof(b), "[%-3c]", 'z'), "[z  ]");
	KEXPECT_STREQ(fmt(b, sizeof(b), "[%#x %#o %#x]", 255u, 8u, 0u), "[0xff 010 0]");
	KEXPECT_STREQ(fmt(b, sizeof(b), "[%#010lx]", 0xabcul), "[0x00000abc]");
	KEXPECT_STREQ(fmt(b, sizeof(b), "%s %%", "x"), "x %");
}

/* %s of NULL prints "(null)"; a volatile hides the NULL from -Wformat. */
KTEST(printf_null_string)
{
	char b[16];
	const char *volatile nothing = NULL;

	KEXPECT_STREQ(fmt(b, sizeof(b), "%s", nothing), "(null)");
}

KTEST(printf_truncation)
{
	char b[8];

	/* the return value is the full length, as in C's snprintf */
	KEXPECT_EQ(ksnprintf(b, sizeof(b), "%s", "0123456789"), 10);
	KEXPECT_STREQ(b, "0123456");
	KEXPECT_EQ(ksnprintf(b, 1, "abc"), 3);
	KEXPECT_STREQ(b, "");
	b[0] = 'x';
	KEXPECT_EQ(ksnprintf(b, 0, "abc"), 3);
	KEXPECT_EQ(b[0], 'x');
}

KTEST(string_functions)
{
	char b[16];

	KEXPECT_EQ(strlen("harbor"), 6);
	KEXPECT_EQ(strnlen("harbor", 3), 3);
	KEXPECT(strcmp("abc", "abd") < 0);
	KEXPECT(strncmp("abcx", "abcy", 3) == 0);
	KEXPECT_EQ(strlcpy(b, "a long string here", 5), 18);
	KEXPECT_STREQ(b, "a lo");
	memset(b, 0, sizeof(b));
	memcpy(b, "0123456789", 10);
	memmove(b + 2, b, 8);	/* overlapping, forwards */
	KEXPECT(memcmp(b, "0101234567", 10) == 0);
	memmove(b, b + 2, 8);	/* overlapping, backwards */
	KEXPECT(memcmp(b, "0123456767", 10) == 0);
	KEXPECT(strchr("harbor", 'b') != NULL && *strchr("harbor", 'b') == 'b');
	KEXPECT(strchr("harbor", 'z') == NULL);
}

KTEST(cmdline_parsing)
{
	char saved[BOOT_CMDLINE_MAX], v[32];

	strlcpy(saved, cmdline_text(), sizeof(saved));
	cmdline_set("quiet test=a,b root=/dev/x");
	cmdline_append("root=/dev/y verbose");
	KEXPECT(cmdline_get("quiet", v, sizeof(v)) && v[0] == '\0');
	KEXPECT(cmdline_get("test", v, sizeof(v)));
	KEXPECT_STREQ(v, "a,b");
	KEXPECT(cmdline_get("root", v, sizeof(v)));
	KEXPECT_STREQ(v, "/dev/y");		/* the later word wins */
	KEXPECT(!cmdline_get("roo", v, sizeof(v)));	/* no prefix matches */
	KEXPECT(!cmdline_get("absent", NULL, 0));
	KEXPECT(cmdline_get("verbose", NULL, 0));
	cmdline_set(saved);
}

KTEST(ktest_glob_patterns)
{
	KEXPECT(ktest_glob("printf_*", 8, "printf_integers"));
	KEXPECT(ktest_glob("*ints*", 6, "printf_intsx"));
	KEXPECT(!ktest_glob("printf_*", 8, "vm_map"));
	KEXPECT(ktest_glob("abc", 3, "abc"));
	KEXPECT(!ktest_glob("abc", 3, "abcd"));
	KEXPECT(ktest_glob("*", 1, ""));
}

KTEST(memory_map_sane)
{
	const struct boot_info *bi = &boot_info;
	uint64_t avail = 0;
	bool kernel_in_ram = false;

	KEXPECT(bi->nmem > 0);
	for (unsigned i = 0; i < bi->nmem; i++) {
		const struct boot_mem_region *r = &bi->mem[i];
		KEXPECT(r->length > 0);
		KEXPECT(r->base + r->length > r->base);	/* no wrap */
		if (i > 0)	/* GRUB hands the map over sorted, without overlaps */
			KEXPECT(r->base >= bi->mem[i - 1].base + bi->mem[i - 1].length);
		if (r->type != BOOT_MEM_AVAILABLE)
			continue;
		avail += r->length;
		if (bi->kernel_start >= r->base &&
		    bi->kernel_end <= r->base + r->length)
			kernel_in_ram = true;
	}
	/* the test machine has 256 MiB or more */
	KEXPECT(avail >= 200ull << 20);
	KEXPECT(kernel_in_ram);
	KEXPECT(bi->kernel_start == 0x100000);
	KEXPECT(bi->kernel_end > bi->kernel_start);
	for (unsigned i = 0; i < bi->nmodules; i++)
		KEXPECT(bi->modules[i].end >= bi->modules[i].start);
}

KTEST(ksyms_lookup)
{
	uint64_t off = ~0ull;
	const char *name = ksym_lookup((uint64_t)ktest_run + 3, &off);

	KEXPECT(name != NULL);
	if (name)
		KEXPECT_STREQ(name, "ktest_run");
	KEXPECT_EQ(off, 3);
	KEXPECT(ksym_lookup(0x1000, &off) == NULL);
}
