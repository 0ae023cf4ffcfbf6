/*
 * The x86_64 clocks behind kern/arch_thread.h: the monotonic clock is the
 * TSC scaled to nanoseconds, the interrupt timer is the local APIC timer
 * in one-shot mode, both calibrated against PIT channel 2 over
 * CALIBRATE_MS at boot; the wall clock at boot comes from the CMOS RTC.
 *
 * Under `qemu -icount shift=0` the TSC advances one per guest instruction
 * and the calibration finds 1 GHz, so nanoseconds are instructions.
 *
 * Scaling: ns = ticks * mult >> 32 with a 128-bit product, exact enough
 * (error below 1 ns per 4 s) and without a division on the hot path.
 * The TSC is assumed constant-rate (true of QEMU and of invariant-TSC
 * hardware); SMP will need the CPUs' TSCs synchronised.
 */
#include "kern/arch_thread.h"
#include "kern/printf.h"
#include "x86_64/cpu.h"
#include "x86_64/lapic.h"
#include "x86_64/pic.h"
#include "x86_64/pit.h"
#include "x86_64/rtc.h"

#define CALIBRATE_MS	10
#define NS_PER_SEC	1000000000ull

#include "kern/arch_inline.h"

/* read inline by arch_clock_ns_inline (x86_64/arch_inline.h) too */
uint64_t clock_md_tsc_at_boot;
uint64_t clock_md_tsc_ns_mult;		/* ns per TSC tick, 32.32 fixed point */
static uint64_t lapic_ticks_per_ns_mult;	/* LAPIC ticks per ns, 32.32 */
static uint64_t boot_wall_sec;

static uint64_t
scale(uint64_t v, uint64_t mult)
{
	return (uint64_t)(((unsigned __int128)v * mult) >> 32);
}

static void
calibrate(uint64_t *tsc_hz, uint64_t *lapic_hz)
{
	uint16_t ticks = (uint16_t)(PIT_HZ * CALIBRATE_MS / 1000);
	uint64_t t0, t1, counted;

	pit_oneshot_start(ticks);
	lapic_timer_calibrate_begin();
	t0 = rdtsc();
	while (!pit_oneshot_done())
		;
	t1 = rdtsc();
	counted = lapic_timer_calibrate_end();
	*tsc_hz = (t1 - t0) * PIT_HZ / ticks;
	*lapic_hz = counted * PIT_HZ / ticks;
}

void
arch_clock_init(void)
{
	uint64_t tsc_hz, lapic_hz;

	pic_disable();
	lapic_init();
	calibrate(&tsc_hz, &lapic_hz);
	if (tsc_hz == 0 || lapic_hz == 0) {
		kprintf("clock: calibration failed (tsc %lu Hz, lapic %lu Hz); guessing 1 GHz\n",
		    (unsigned long)tsc_hz, (unsigned long)lapic_hz);
		tsc_hz = lapic_hz = NS_PER_SEC;
	}
	clock_md_tsc_ns_mult = (uint64_t)(((unsigned __int128)NS_PER_SEC << 32) / tsc_hz);
	lapic_ticks_per_ns_mult = (uint64_t)(((unsigned __int128)lapic_hz << 32) / NS_PER_SEC);
	clock_md_tsc_at_boot = rdtsc();
	boot_wall_sec = rtc_read_unix();
	kprintf("clock: tsc %lu.%03lu MHz, lapic timer %lu.%03lu MHz, rtc %lu\n",
	    (unsigned long)(tsc_hz / 1000000), (unsigned long)(tsc_hz / 1000 % 1000),
	    (unsigned long)(lapic_hz / 1000000), (unsigned long)(lapic_hz / 1000 % 1000),
	    (unsigned long)boot_wall_sec);
}

uint64_t
arch_clock_ns(void)
{
	return scale(rdtsc() - clock_md_tsc_at_boot, clock_md_tsc_ns_mult);
}

uint64_t
arch_wallclock_boot_sec(void)
{
	return boot_wall_sec;
}

void
arch_timer_set(uint64_t deadline_ns)
{
	uint64_t now = arch_clock_ns();
	uint64_t ticks = deadline_ns > now ?
	    scale(deadline_ns - now, lapic_ticks_per_ns_mult) : 0;

	if (ticks == 0)
		ticks = 1;
	if (ticks > 0xffffffffu)
		ticks = 0xffffffffu;	/* re-armed when it fires early */
	lapic_timer_oneshot((uint32_t)ticks);
}

void
arch_idle_wait(void)
{
	/* sti takes effect after the next instruction: no wake-up is lost. */
	__asm__ volatile("sti; hlt; cli" ::: "memory");
}
