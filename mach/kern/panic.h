/* Fatal kernel errors and assertions. */
#ifndef KERN_PANIC_H
#define KERN_PANIC_H

#include "kern/types.h"

/*
 * Print "PANIC: <message>", a backtrace, and power off with
 * HARBOR_EXIT_PANIC.  Only for kernel bugs: nothing a user task does may
 * lead here.
 */
__noreturn void panic(const char *fmt, ...) __printflike(1, 2);

/* Called by arch trap code after it printed the registers itself. */
__noreturn void panic_finish(void);

#define assert(cond)							\
	do {								\
		if (!(cond))						\
			panic("assertion failed: %s (%s:%d)", #cond,	\
			    __FILE__, __LINE__);			\
	} while (0)

#endif
