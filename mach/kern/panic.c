#include "kern/panic.h"
#include "kern/arch.h"
#include "kern/printf.h"

static int panicking;

__noreturn void
panic_finish(void)
{
	kprintf("harbor: halted after panic\n");
	arch_poweroff(HARBOR_EXIT_PANIC);
}

__noreturn void
panic(const char *fmt, ...)
{
	va_list ap;

	arch_intr_save();
	/* A panic inside the panic path must not recurse forever. */
	if (panicking++) {
		kprintf("PANIC: recursive panic\n");
		arch_poweroff(HARBOR_EXIT_PANIC);
	}
	kprintf("PANIC: ");
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
	arch_backtrace_here();
	panic_finish();
}
