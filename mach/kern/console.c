/*
 * The kernel log.  It is polled and unbuffered on purpose: a panic must be
 * able to print with interrupts off and nothing else working.
 */
#include "kern/console.h"
#include "kern/arch.h"

/*
 * One CPU for now: disabling interrupts is enough to keep one message
 * whole.  The saved state nests because kprintf may be called with
 * interrupts already off.  When SMP comes this becomes a spin lock taken
 * after disabling interrupts.
 */
static unsigned long console_saved;
static int console_depth;

void
console_lock(void)
{
	unsigned long s = arch_intr_save();

	if (console_depth++ == 0)
		console_saved = s;
}

void
console_unlock(void)
{
	if (--console_depth == 0)
		arch_intr_restore(console_saved);
}

void
console_putc(char c)
{
	if (c == '\n')
		arch_log_putc('\r');
	arch_log_putc(c);
}
