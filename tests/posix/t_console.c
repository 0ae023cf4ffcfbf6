/*
 * Console output larger than one console RPC: on Harbor, write and
 * writev on the console go to the console driver in pieces of at most
 * CONSOLE_IO_MAX (4096) bytes (docs/startup.md §5).  The program checks
 * the byte counts the calls return; the runner (on-harbor.test,
 * musl-progs.test) checks that each long line arrived whole and in
 * order: "W:" and 10000 digits from one write, "V:" and 5000 digits
 * from one writev of three vectors.  A lost, repeated or reordered
 * piece changes the line.
 */
#define _DEFAULT_SOURCE
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>
#include "tap.h"

#define WRITE_DIGITS 10000
#define WRITEV_DIGITS 5000

static char line[WRITE_DIGITS + 4];

/* prefix, n digits 0123456789 repeated, newline; returns the length. */
static size_t fill(const char *prefix, size_t n)
{
	size_t len = strlen(prefix);

	memcpy(line, prefix, len);
	for (size_t i = 0; i < n; i++)
		line[len + i] = (char)('0' + i % 10);
	line[len + n] = '\n';
	return len + n + 1;
}

int main(void)
{
	size_t len;
	ssize_t r;

	tap_plan(2);
	fflush(stdout);		/* the long lines must not land inside TAP lines */
	len = fill("W:", WRITE_DIGITS);
	r = write(1, line, len);
	TAP_OK(r == (ssize_t)len, "one write of 10003 bytes returns 10003");

	fflush(stdout);
	len = fill("V:", WRITEV_DIGITS);
	struct iovec v[3] = {
		{ line, 2 }, { line + 2, WRITEV_DIGITS }, { line + 2 + WRITEV_DIGITS, 1 },
	};
	r = writev(1, v, 3);
	TAP_OK(r == (ssize_t)len, "one writev of 3 vectors, 5003 bytes, returns 5003");
	return tap_done();
}
