/*
 * Parsing NAME.args (see posix_args.h).
 */
#include "posix_args.h"

#include <string.h>

#define POSIX_ARGS_MAGIC	"HBARGS1 "

/* A decimal count at *p (before end), at most max; *p moves past it. */
static int posix_args_count(const char **p, const char *end, unsigned max, unsigned *out)
{
	unsigned v = 0;
	const char *q = *p;

	if (q == end || *q < '0' || *q > '9')
		return -1;
	while (q < end && *q >= '0' && *q <= '9') {
		v = v * 10 + (unsigned)(*q++ - '0');
		if (v > max)
			return -1;
	}
	*p = q;
	*out = v;
	return 0;
}

int posix_args_parse(const void *data, size_t size, struct posix_args *a, const char **why)
{
	const char *p = data, *end = p + size;
	size_t mlen = strlen(POSIX_ARGS_MAGIC), strings = 0;

	*why = "bad header (want \"" POSIX_ARGS_MAGIC "<argc> <envc>\\n\")";
	if (size < mlen || memcmp(p, POSIX_ARGS_MAGIC, mlen) != 0)
		return -1;
	p += mlen;
	if (posix_args_count(&p, end, POSIX_ARGS_COUNT_MAX, &a->argc) != 0 ||
	    p == end || *p++ != ' ' ||
	    posix_args_count(&p, end, POSIX_ARGS_COUNT_MAX - a->argc, &a->envc) != 0 ||
	    p == end || *p++ != '\n')
		return -1;
	a->strings = p;
	a->size = (size_t)(end - p);
	*why = "strings too long";
	if (a->size > POSIX_ARGS_BYTES_MAX)
		return -1;
	for (size_t i = 0; i < a->size; i++)
		if (a->strings[i] == '\0')
			strings++;
	*why = "the strings are not argc + envc NUL-terminated ones";
	if (strings != (size_t)a->argc + a->envc || (a->size > 0 && a->strings[a->size - 1] != '\0'))
		return -1;
	*why = NULL;
	return 0;
}
