/*
 * Memory and string primitives.  gcc may emit calls to memcpy, memmove,
 * memset and memcmp on its own (struct copies, zeroing), so these four
 * must exist under exactly these names even in a freestanding kernel.
 * memcpy and memset move whole words through the processor's string
 * operations (kern/arch_inline.h) and only the tail byte by byte: page
 * copies, message bodies and zeroing are the kernel's common large
 * copies.
 */
#include "kern/arch_inline.h"
#include "kern/string.h"

void *
memcpy(void *dst, const void *src, size_t n)
{
	void *d = dst;
	const void *s = src;
	unsigned char *db;
	const unsigned char *sb;

	arch_copy_words(&d, &s, n / 8);
	for (db = d, sb = s, n %= 8; n; n--)
		*db++ = *sb++;
	return dst;
}

void *
memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d < s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *
memset(void *dst, int c, size_t n)
{
	void *d = dst;
	unsigned char *db;

	arch_fill_words(&d, 0x0101010101010101ull * (unsigned char)c, n / 8);
	for (db = d, n %= 8; n; n--)
		*db++ = (unsigned char)c;
	return dst;
}

int
memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t
strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

size_t
strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int
strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int
strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *
strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

/* Copy with truncation; always terminates when size > 0. */
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
