/*
 * The x86_64 side of kern/arch_inline.h: the few processor operations
 * that generic code needs inline because a call would cost more than
 * the operation (the scheduler lock, taken several times per IPC; word
 * copies; the clock the scheduler reads on each switch).  Included only through kern/arch_inline.h.
 */
#ifndef X86_64_ARCH_INLINE_H
#define X86_64_ARCH_INLINE_H

#include "kern/types.h"

#define X86_RFLAGS_IF	(1ul << 9)

/* arch_intr_save/arch_intr_restore, inline: interrupts off, old IF back. */
static inline unsigned long
arch_intr_save_inline(void)
{
	unsigned long flags;

	__asm__ volatile("pushfq; popq %0; cli" : "=r"(flags) :: "memory");
	return flags & X86_RFLAGS_IF;
}

static inline void
arch_intr_restore_inline(unsigned long saved)
{
	if (saved)
		__asm__ volatile("sti" ::: "memory");
}

/*
 * Copy n / 8 words forward (one `rep movsq`: one instruction under
 * -icount, and fast on hardware for short copies); returns the ends.
 */
static inline void
arch_copy_words(void **dst, const void **src, size_t words)
{
	__asm__ volatile("rep movsq"
	    : "+D"(*dst), "+S"(*src), "+c"(words) :: "memory");
}

/* Store n / 8 copies of the 8-byte pattern forward; returns the end. */
static inline void
arch_fill_words(void **dst, uint64_t pattern, size_t words)
{
	__asm__ volatile("rep stosq"
	    : "+D"(*dst), "+c"(words) : "a"(pattern) : "memory");
}

/*
 * arch_clock_ns, inline: the TSC scaled to nanoseconds (clock_md.c sets
 * the two values once at boot).  The scheduler reads the clock on every
 * switch, IPC hand-offs included, for the run-time accounting; the call
 * chain clock_monotonic_ns -> arch_clock_ns cost more than the read.
 */
extern uint64_t clock_md_tsc_at_boot;
extern uint64_t clock_md_tsc_ns_mult;	/* ns per TSC tick, 32.32 */

static inline uint64_t
arch_clock_ns_inline(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)(((unsigned __int128)((((uint64_t)hi << 32) | lo) -
	    clock_md_tsc_at_boot) * clock_md_tsc_ns_mult) >> 32);
}

#endif
