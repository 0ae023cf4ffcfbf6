/*
 * Host test of the kernel command-line parser (mach/kern/cmdline.c):
 * keys with and without values, the last word winning, no prefix
 * matches, truncation to the caller's buffer and to the line's limit.
 */
#include <stdio.h>
#include <string.h>

#include "kern/bootinfo.h"
#include "kern/cmdline.h"

/* glibc 2.36 has no strlcpy; the kernel's string.c provides it there. */
size_t
strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

static int n;

static void
ok(int cond, const char *name)
{
	printf("%s %d - cmdline: %s\n", cond ? "ok" : "not ok", ++n, name);
}

int
main(void)
{
	char v[16], big[2 * BOOT_CMDLINE_MAX];

	printf("1..9\n");
	cmdline_set("quiet  test=a,b  root=/dev/x");
	ok(cmdline_get("quiet", v, sizeof(v)) && v[0] == '\0', "a bare key is found with an empty value");
	ok(cmdline_get("test", v, sizeof(v)) && strcmp(v, "a,b") == 0, "a value is returned");
	ok(!cmdline_get("tes", NULL, 0) && !cmdline_get("testx", NULL, 0), "no prefix or extension matches");
	cmdline_append("root=/dev/y");
	ok(cmdline_get("root", v, sizeof(v)) && strcmp(v, "/dev/y") == 0, "the later word wins");
	ok(strcmp(cmdline_text(), "quiet  test=a,b  root=/dev/x root=/dev/y") == 0, "append adds one space");
	cmdline_set("k=0123456789abcdefXYZ");
	ok(cmdline_get("k", v, sizeof(v)) && strcmp(v, "0123456789abcde") == 0, "values are truncated to the buffer");
	cmdline_set("");
	ok(!cmdline_get("k", v, sizeof(v)), "an empty line has no keys");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	cmdline_set(big);
	ok(strlen(cmdline_text()) == BOOT_CMDLINE_MAX - 1, "the line is bounded");
	cmdline_append("late=1");
	ok(!cmdline_get("late", NULL, 0), "appending to a full line drops the words");
	return 0;
}
