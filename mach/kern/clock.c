/*
 * Clocks (clock.h): thin, so that generic code never reads the hardware.
 */
#include "kern/arch_thread.h"
#include "kern/clock.h"

void
clock_init(void)
{
	arch_clock_init();
}

uint64_t
clock_monotonic_ns(void)
{
	return arch_clock_ns();
}

uint64_t
clock_wall_ns(void)
{
	return arch_wallclock_boot_sec() * NSEC_PER_SEC + arch_clock_ns();
}
