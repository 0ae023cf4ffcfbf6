/* malloc, calloc, realloc and free: small, page-sized and large (mmap). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"

static int filled(const unsigned char *p, size_t n, unsigned char v)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

int main(void)
{
	static const size_t sizes[] = { 1, 16, 100, 4096, 65536, 1 << 20, 16 << 20 };
	enum { NSIZES = sizeof sizes / sizeof sizes[0] };
	void *small[1000];
	int ok = 1;

	tap_plan(NSIZES + 6);
	for (int i = 0; i < NSIZES; i++) {
		unsigned char *p = malloc(sizes[i]);
		int good = p && ((uintptr_t)p % 16) == 0;

		if (good) {
			memset(p, 0xa5, sizes[i]);
			good = filled(p, sizes[i], 0xa5);
		}
		TAP_OK(good, "malloc of a size, aligned, writable");
		free(p);
	}
	for (int i = 0; i < 1000; i++) {
		small[i] = malloc((size_t)(i % 200) + 1);
		if (!small[i])
			ok = 0;
		else
			memset(small[i], i & 0xff, (size_t)(i % 200) + 1);
	}
	for (int i = 0; i < 1000 && ok; i++)
		ok = filled(small[i], (size_t)(i % 200) + 1, (unsigned char)(i & 0xff));
	for (int i = 0; i < 1000; i++)
		free(small[i]);
	TAP_OK(ok, "1000 small blocks keep their contents");

	unsigned char *z = calloc(1 << 20, 1);
	TAP_OK(z && filled(z, 1 << 20, 0), "calloc zero-fills 1 MiB");
	free(z);

	unsigned char *r = malloc(100);
	memset(r, 7, 100);
	r = realloc(r, 200000);
	TAP_OK(r && filled(r, 100, 7), "realloc small to large keeps contents");
	memset(r, 9, 200000);
	r = realloc(r, 64 << 20);
	TAP_OK(r && filled(r, 200000, 9), "realloc large to 64 MiB keeps contents");
	r = realloc(r, 50);
	TAP_OK(r && filled(r, 50, 9), "realloc shrink keeps contents");
	free(r);
	TAP_OK(malloc((size_t)-1 / 2) == NULL, "an impossible size fails");
	return tap_done();
}
