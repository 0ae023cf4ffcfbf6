/*
 * The x86_64 side of kern/arch_inline.h: the few processor operations
 * that generic code needs inline because a call would cost more than
 * the operation (the scheduler lock, taken several times per IPC; word
 * copies; the clock the scheduler reads on each switch).  Included only through kern/arch_inline.h.
 */
#ifndef X86_64_ARCH_INLINE_H
#define X86_64_ARCH_INLINE_H

#include "kern/types.h"
#include "vm/vm_param.h"

#define X86_RFLAGS_IF	(1ul << 9)

/* arch_intr_save/arch_intr_restore, inline: interrupts off, old IF back. */
static inline unsigned long
arch_intr_save_inline(void)
{
	unsigned long flags;

	__asm__ volatile("pushfq; popq %0; cli" : "=r"(flags) :: "memory");
	return flags & X86_RFLAGS_IF;
}

/* Interrupts off, where the caller knows they were on. */
static inline void
arch_intr_disable_inline(void)
{
	__asm__ volatile("cli" ::: "memory");
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
 * copyin/copyout for the IPC fast path, inline: the same range check as
 * copyio.c's user_range_ok and the same fault recovery as copy.S (an
 * entry of the .fault_recovery table: a fault that vm_fault cannot
 * resolve — or any fault, for a nowait copy — resumes at the fixup,
 * which makes the copy fail), for lengths
 * that are multiples of 4 (every message size the fast path takes):
 * `rep movsq`, then one 4-byte move.  Returns true if all was copied.
 * The two calls, copy_user_bytes's `rep movsb` for the tail and the
 * spills around them cost more than these short copies themselves.
 */
static inline __attribute__((always_inline)) bool
arch_copy_user_words4(void *dst, const void *src, size_t len, bool nowait)
{
	size_t words = len >> 3;
	uint32_t tmp;
	int fault = 0;

	__asm__ volatile(
	    "1:\trep movsq\n\t"
	    "testb $4, %b[len]\n\t"
	    "jz 2f\n\t"
	    "movl (%%rsi), %[tmp]\n\t"
	    "movl %[tmp], (%%rdi)\n"
	    "2:\n\t"
	    ".pushsection .fault_recovery, \"a\"\n\t"
	    ".balign 8\n\t"
	    ".quad 1b, 2b, 3f, %c[nowait]\n\t"
	    ".popsection\n\t"
	    ".pushsection .text.copy_fixup, \"ax\"\n"
	    "3:\tmovl $1, %[fault]\n\t"
	    "jmp 2b\n\t"
	    ".popsection"
	    : "+D"(dst), "+S"(src), "+c"(words), [tmp] "=&r"(tmp),
	      [fault] "+r"(fault)
	    : [len] "r"(len), [nowait] "n"(nowait ? 1 : 0)
	    : "memory", "cc");
	return fault == 0;
}

/*
 * user_range_ok for the short copies below (len at most a page, far less
 * than the user range): [uaddr, uaddr + len) lies in the user range iff
 * uaddr - MIN <= (MAX - MIN) - len in unsigned arithmetic (an address
 * below MIN wraps to a huge value) — one compare instead of three.
 */
static inline __attribute__((always_inline)) bool
arch_user_range_ok_inline(uintptr_t uaddr, size_t len)
{
	_Static_assert(VM_MAX_USER_ADDRESS - VM_MIN_USER_ADDRESS > 4096,
	    "short copies");
	return uaddr - VM_MIN_USER_ADDRESS <=
	    (VM_MAX_USER_ADDRESS - VM_MIN_USER_ADDRESS) - len;
}

/*
 * copyin of len (> 0, a multiple of 4, at most a page) bytes: true if all
 * was copied.  The _nowait forms fail at the first fault instead of
 * resolving it (copyio.h, struct fault_recovery): for copies made with
 * interrupts off.
 */
static inline __attribute__((always_inline)) bool
arch_copyin_words4(const void *uaddr, void *kaddr, size_t len)
{
	return arch_user_range_ok_inline((uintptr_t)uaddr, len) &&
	    arch_copy_user_words4(kaddr, uaddr, len, false);
}

static inline __attribute__((always_inline)) bool
arch_copyin_words4_nowait(const void *uaddr, void *kaddr, size_t len)
{
	return arch_user_range_ok_inline((uintptr_t)uaddr, len) &&
	    arch_copy_user_words4(kaddr, uaddr, len, true);
}

/* copyout of len (> 0, a multiple of 4, at most a page) bytes: as copyin */
static inline __attribute__((always_inline)) bool
arch_copyout_words4(const void *kaddr, void *uaddr, size_t len)
{
	return arch_user_range_ok_inline((uintptr_t)uaddr, len) &&
	    arch_copy_user_words4(uaddr, kaddr, len, false);
}

static inline __attribute__((always_inline)) bool
arch_copyout_words4_nowait(const void *kaddr, void *uaddr, size_t len)
{
	return arch_user_range_ok_inline((uintptr_t)uaddr, len) &&
	    arch_copy_user_words4(uaddr, kaddr, len, true);
}

/*
 * arch_clock_ns, inline: the TSC scaled to nanoseconds (clock_md.c sets
 * the two values once at boot).  The scheduler reads the clock on every
 * switch, IPC hand-offs included, for the run-time accounting; the call
 * chain clock_monotonic_ns -> arch_clock_ns cost more than the read.
 * The accounting itself counts raw ticks (arch_clock_ticks_inline) and
 * converts a total only when it is asked for (arch_clock_ticks_to_ns),
 * which keeps the scaling off the hand-off.
 */
extern uint64_t clock_md_tsc_at_boot;
extern uint64_t clock_md_tsc_ns_mult;	/* ns per TSC tick, 32.32 */

static inline uint64_t
arch_clock_ticks_inline(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* A number of ticks (a duration) in nanoseconds. */
static inline uint64_t
arch_clock_ticks_to_ns(uint64_t ticks)
{
	return (uint64_t)(((unsigned __int128)ticks * clock_md_tsc_ns_mult) >>
	    32);
}

/* The monotonic clock at `ticks` (a reading of arch_clock_ticks_inline). */
static inline uint64_t
arch_clock_ns_at(uint64_t ticks)
{
	return arch_clock_ticks_to_ns(ticks - clock_md_tsc_at_boot);
}

static inline uint64_t
arch_clock_ns_inline(void)
{
	return arch_clock_ns_at(arch_clock_ticks_inline());
}

#endif
