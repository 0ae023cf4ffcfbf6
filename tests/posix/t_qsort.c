/* qsort and bsearch. */
#include <stdlib.h>
#include <string.h>
#include "tap.h"

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int main(void)
{
	enum { N = 10000 };
	static int v[N];
	unsigned seed = 12345;
	int sorted = 1;
	const char *w[] = { "vfs", "bootstrap", "proc", "ext2", "tty", "pipe" };

	tap_plan(4);
	for (int i = 0; i < N; i++) {
		seed = seed * 1103515245u + 12345u;
		v[i] = (int)(seed >> 8) % 1000 - 500;
	}
	qsort(v, N, sizeof v[0], cmp_int);
	for (int i = 1; i < N; i++)
		if (v[i - 1] > v[i])
			sorted = 0;
	TAP_OK(sorted, "10000 ints with duplicates sort");
	int key = v[N / 2];
	int *hit = bsearch(&key, v, N, sizeof v[0], cmp_int);
	TAP_OK(hit && *hit == key, "bsearch finds a present key");
	key = 100000;
	TAP_OK(!bsearch(&key, v, N, sizeof v[0], cmp_int), "bsearch misses an absent key");
	qsort(w, 6, sizeof w[0], cmp_str);
	TAP_OK(!strcmp(w[0], "bootstrap") && !strcmp(w[5], "vfs"), "strings sort");
	return tap_done();
}
