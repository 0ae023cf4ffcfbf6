/*
 * Host tests of NAME.args parsing (servers/bootstrap/posix_args.c): the
 * module is untrusted bytes, so each malformed shape must be refused
 * and a good one give exactly its strings.
 */
#include <string.h>

#include "posix_args.h"
#include "tap.h"

static int parse(const char *bytes, size_t size, struct posix_args *a)
{
	const char *why = NULL;
	int r = posix_args_parse(bytes, size, a, &why);

	/* A refusal always says why; a success never leaves a reason behind. */
	if ((r != 0) != (why != NULL))
		return 99;
	return r;
}

#define PARSE(lit, a) parse((lit), sizeof(lit) - 1, (a))

int main(void)
{
	struct posix_args a;

	TAP_PLAN(11);
	TAP_OK(PARSE("HBARGS1 2 1\nprog\0-v\0HOME=/\0", &a) == 0 && a.argc == 2 && a.envc == 1 &&
	       a.size == 15 && strcmp(a.strings, "prog") == 0 && strcmp(a.strings + 5, "-v") == 0,
	       "a well-formed module: counts and strings");
	TAP_OK(PARSE("HBARGS1 0 0\n", &a) == 0 && a.size == 0, "no strings at all");
	TAP_OK(PARSE("HBARGS2 1 0\nx\0", &a) == -1, "wrong magic");
	TAP_OK(PARSE("HBARGS1 1 0x\0", &a) == -1 && PARSE("HBARGS1 1 0", &a) == -1,
	       "no newline after the counts");
	TAP_OK(PARSE("HBARGS1 1\n0\nx\0", &a) == -1 && PARSE("HBARGS1  1 0\nx\0", &a) == -1,
	       "counts not as \"<argc> <envc>\"");
	TAP_OK(PARSE("HBARGS1 2 0\nx\0", &a) == -1 && PARSE("HBARGS1 1 0\nx\0y\0", &a) == -1,
	       "fewer or more strings than argc + envc");
	TAP_OK(PARSE("HBARGS1 1 0\nx\0y", &a) == -1, "bytes after the last string");
	TAP_OK(PARSE("HBARGS1 16385 0\n", &a) == -1 && PARSE("HBARGS1 16000 385\n", &a) == -1,
	       "argc + envc above the bound");
	TAP_OK(PARSE("HBARGS1 99999999999999999999 0\n", &a) == -1,
	       "a count that would overflow is refused");
	TAP_OK(parse("HBARGS1", 7, &a) == -1 && parse("", 0, &a) == -1, "truncated headers");
	{
		static char big[POSIX_ARGS_BYTES_MAX + 64];
		size_t head = 12, n = POSIX_ARGS_BYTES_MAX + 1;

		memcpy(big, "HBARGS1 1 0\n", head);
		memset(big + head, 'a', n - 1);
		big[head + n - 1] = '\0';
		TAP_OK(parse(big, head + n, &a) == -1, "strings above the byte bound");
	}
	return TAP_DONE();
}
