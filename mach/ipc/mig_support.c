/*
 * What harbor-mig's generated kernel code needs beyond kern/string.h:
 * memchr (c_string checks).  The generated files include <string.h>,
 * whose declarations match these.
 */
#include "kern/types.h"

void *memchr(const void *s, int c, size_t n);

void *
memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n > 0; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}
