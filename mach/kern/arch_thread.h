/*
 * The processor hooks of threads, scheduling, clocks and user mode.
 * Generic code (kern/) calls these; only mach/x86_64/ implements them.
 * The machine state of a thread (saved registers, FPU/SSE area, TLS
 * bases) is opaque here: struct arch_thread is defined by the arch code.
 *
 * Every hook that touches scheduling state expects the scheduler lock
 * (interrupts off, see kern/sched.h) unless it says otherwise.
 */
#ifndef KERN_ARCH_THREAD_H
#define KERN_ARCH_THREAD_H

#include "kern/types.h"

struct thread;
struct arch_thread;

/*
 * Once per boot, before the first thread switch: per-CPU data, the
 * system-call entry, the FPU.  Interrupts stay off.
 */
void arch_sched_init(void);

/*
 * Once per boot: calibrate the clocks and start the interrupt timer.
 * Afterwards arch_clock_ns() counts and arch_timer_set() works.
 */
void arch_clock_init(void);

/* Nanoseconds since arch_clock_init(); monotonic, never goes back. */
uint64_t arch_clock_ns(void);

/* Wall-clock seconds since 1970 at arch_clock_init() (CMOS RTC). */
uint64_t arch_wallclock_boot_sec(void);

/*
 * Ask for one timer interrupt at (or soon after) `deadline_ns` on the
 * arch_clock_ns() scale; a later call replaces the earlier request.  The
 * interrupt calls timer_interrupt() (kern/timer.h).
 */
void arch_timer_set(uint64_t deadline_ns);

/*
 * With interrupts off: enable them, wait for one, and disable them again
 * with no window in which a wake-up could be missed.
 */
void arch_idle_wait(void);

/*
 * Carve the machine state out of the top of a new thread's kernel stack
 * [stack, stack + size) and initialise it (clean FPU state, zero TLS
 * bases).  Sets t->md and the usable stack top.  Cannot fail.
 */
void arch_thread_init(struct thread *t, void *stack, size_t size);

/* Make t start in the kernel at fn(arg) when first switched to. */
void arch_thread_start_kernel(struct thread *t, void (*fn)(void *), void *arg);

/*
 * Make t start in user mode at pc with stack pointer sp and `arg` in the
 * first argument register, when first switched to.
 */
void arch_thread_start_user(struct thread *t, vaddr_t pc, vaddr_t sp,
    uint64_t arg);

/* t is about to be freed: forget any per-CPU reference to its state. */
void arch_thread_release(struct thread *t);

/*
 * Save the running thread `from`, resume `to`.  Returns, in the context of
 * `from` when something switches back to it, the thread that ran just
 * before.  Called with the scheduler lock held.
 */
struct thread *arch_switch(struct thread *from, struct thread *to);

/* The user pc and stack pointer of a user thread (for log lines). */
vaddr_t arch_thread_user_pc(const struct thread *t);

/*
 * User register state, by flavor (x86_64/thread_state.h names the
 * flavors and layouts).  *size is in bytes: in, the buffer size; out,
 * the state's size.  Set sanitises what the user may not choose
 * (segments, privileged flags) and rejects non-canonical addresses.
 */
int arch_thread_get_state(struct thread *t, int flavor, void *buf, size_t *size);
int arch_thread_set_state(struct thread *t, int flavor, const void *buf, size_t size);

/* Set the user thread-local-storage base (x86_64: FS base). */
int arch_thread_set_tls(struct thread *t, uint64_t base);

/*
 * Called by the arch code (generic side, kern/thread.c): the first thing
 * a new thread runs on its own stack, with `prev` the thread it replaced
 * and the scheduler lock held.  The kernel version calls fn(arg) and
 * exits the thread when it returns; the user version returns, and the
 * arch code then enters user mode through the trapframe.
 */
__noreturn void thread_kernel_start(struct thread *prev, void (*fn)(void *),
    void *arg);
void thread_user_start(struct thread *prev);

#endif
