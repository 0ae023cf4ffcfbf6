/*
 * random.c: a seeded generator for getrandom when the kernel offers no
 * entropy (harbor_random returns -ENOSYS).
 *
 * The generator is SplitMix64 (Steele, Lea and Flood, "Fast splittable
 * pseudorandom number generators", 2014): a 64-bit counter advanced by
 * a fixed odd constant, each value scrambled by a mixing function.  It is
 * fast and statistically good, and it is NOT cryptographically secure:
 * its output reveals its state.  The seed mixes the 16 AT_RANDOM bytes
 * the program was started with, the clock when there is one, and an
 * address on the stack, so that two processes differ.  It is here so
 * that programs that ask for random bytes (hash seeds, temporary names)
 * run; anything needing real entropy must wait for the kernel source.
 */
#include "random.h"
#include "harbor.h"
#include "startup.h"

#define SPLITMIX_GAMMA 0x9e3779b97f4a7c15ULL

static uint64_t random_state;
static int random_seeded;

static uint64_t random_mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void random_seed(void)
{
	const uint8_t *at_random = posix_process()->at_random;
	uint64_t seed = (uint64_t)(uintptr_t)&seed;
	uint64_t ns = 0;

	if (at_random)
		for (int i = 0; i < 16; i++)
			seed = random_mix(seed ^ ((uint64_t)at_random[i] << (8 * (i % 8))));
	if (harbor_clock_read(HARBOR_CLOCK_MONOTONIC, &ns) == 0)
		seed = random_mix(seed ^ ns);
	/* Racing seeders each store a good seed; either one is fine. */
	__atomic_store_n(&random_state, seed, __ATOMIC_RELAXED);
	__atomic_store_n(&random_seeded, 1, __ATOMIC_RELEASE);
}

void posix_random_fill(void *buf, size_t len)
{
	uint8_t *out = buf;

	if (!__atomic_load_n(&random_seeded, __ATOMIC_ACQUIRE))
		random_seed();
	while (len) {
		/* Each caller takes its own counter value: no two share output. */
		uint64_t v = random_mix(__atomic_add_fetch(&random_state,
			SPLITMIX_GAMMA, __ATOMIC_RELAXED));
		size_t n = len < 8 ? len : 8;

		for (size_t i = 0; i < n; i++)
			out[i] = (uint8_t)(v >> (8 * i));
		out += n;
		len -= n;
	}
}
