/* The personality's seeded generator, for getrandom without kernel entropy. */
#ifndef POSIX_RANDOM_H
#define POSIX_RANDOM_H

#include <stddef.h>

/* Fills buf with generator output; safe to call from several threads. */
void posix_random_fill(void *buf, size_t len);

#endif
