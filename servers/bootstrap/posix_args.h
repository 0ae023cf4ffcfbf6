/*
 * The arguments and environment of a POSIX boot module NAME, from the
 * boot module NAME.args (format in docs/startup.md §6):
 *	"HBARGS1 <argc> <envc>\n" then argc + envc strings, each ending in
 *	NUL, and nothing after them.
 * Untrusted bytes: checked whole before use.  Host tested
 * (tests/servers/posix_args_test.c).
 */
#ifndef SERVERS_BOOTSTRAP_POSIX_ARGS_H
#define SERVERS_BOOTSTRAP_POSIX_ARGS_H

#include <stddef.h>

#define POSIX_ARGS_BYTES_MAX	(256u * 1024)	/* bytes of strings */
#define POSIX_ARGS_COUNT_MAX	16384u		/* argc + envc */

struct posix_args {
	const char *strings;	/* argc + envc NUL-terminated strings, back to back */
	size_t size;		/* their bytes */
	unsigned argc, envc;
};

/* 0 with *a pointing into data, or -1 with *why. */
int posix_args_parse(const void *data, size_t size, struct posix_args *a, const char **why);

#endif /* SERVERS_BOOTSTRAP_POSIX_ARGS_H */
