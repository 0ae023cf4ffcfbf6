/* The run's arena: a list of malloc'd blocks freed together. */
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arena_block {
	struct arena_block *next;
	max_align_t data[];
};

static struct arena_block *arena_head;

void *mig_alloc(size_t size)
{
	struct arena_block *b = calloc(1, sizeof(*b) + size);

	if (b == NULL) {
		fputs("harbor-mig: out of memory\n", stderr);
		exit(2);
	}
	b->next = arena_head;
	arena_head = b;
	return b->data;
}

char *mig_strndup(const char *s, size_t n)
{
	char *d = mig_alloc(n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *mig_strdup(const char *s)
{
	return mig_strndup(s, strlen(s));
}

char *mig_printf(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *s;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s = mig_alloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

void mig_arena_release(void)
{
	while (arena_head != NULL) {
		struct arena_block *next = arena_head->next;

		free(arena_head);
		arena_head = next;
	}
}
