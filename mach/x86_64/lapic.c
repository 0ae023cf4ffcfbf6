/*
 * The local APIC in xAPIC (memory-mapped) mode.  Register offsets and
 * bits: Intel SDM vol. 3A, chapter 11 (11.4 base and enable, 11.5.4 the
 * timer, 11.8.5 EOI, 11.9 spurious interrupts).  The timer runs in
 * one-shot mode: kern/timer.c asks for the next interrupt it needs, so an
 * idle machine takes no periodic ticks.
 *
 * Protected by interrupts off (the registers are this CPU's own).
 */
#include "kern/panic.h"
#include "x86_64/cpu.h"
#include "x86_64/lapic.h"
#include "x86_64/pmap.h"

#define MSR_APIC_BASE		0x1b
#define APIC_BASE_ENABLE	(1ul << 11)
#define APIC_BASE_ADDR		0xfffff000ul

#define LAPIC_TPR	0x080
#define LAPIC_EOI	0x0b0
#define LAPIC_SVR	0x0f0
#define LAPIC_LVT_TIMER	0x320
#define LAPIC_LVT_LINT0	0x350
#define LAPIC_TIMER_INIT 0x380
#define LAPIC_TIMER_CUR	0x390
#define LAPIC_TIMER_DIV	0x3e0

#define SVR_ENABLE	(1u << 8)
#define LVT_MASKED	(1u << 16)
#define LVT_EXTINT	(7u << 8)	/* delivery mode: the 8259 gives the vector */
#define TIMER_DIV_16	0x3u

static volatile uint32_t *lapic_regs;

static inline uint32_t
lapic_read(unsigned reg)
{
	return lapic_regs[reg / 4];
}

static inline void
lapic_write(unsigned reg, uint32_t v)
{
	lapic_regs[reg / 4] = v;
}

void
lapic_init(void)
{
	uint64_t base = rdmsr(MSR_APIC_BASE);

	lapic_regs = pmap_map_device(base & APIC_BASE_ADDR, 4096);
	if (!lapic_regs)
		panic("lapic: cannot map the local APIC registers");
	wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
	lapic_write(LAPIC_TPR, 0);		/* accept every priority */
	lapic_write(LAPIC_SVR, SVR_ENABLE | LAPIC_SPURIOUS_VECTOR);
	lapic_write(LAPIC_TIMER_DIV, TIMER_DIV_16);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | LAPIC_TIMER_VECTOR);
	lapic_write(LAPIC_TIMER_INIT, 0);
	/*
	 * The 8259s reach the processor through LINT0 ("virtual wire",
	 * SDM 11.5.1): drivers' interrupts (pic.c) arrive this way.  Every
	 * 8259 line stays masked until a driver registers it.
	 */
	lapic_write(LAPIC_LVT_LINT0, LVT_EXTINT);
}

void
lapic_timer_calibrate_begin(void)
{
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | LAPIC_TIMER_VECTOR);
	lapic_write(LAPIC_TIMER_INIT, 0xffffffffu);
}

uint64_t
lapic_timer_calibrate_end(void)
{
	uint64_t counted = 0xffffffffu - lapic_read(LAPIC_TIMER_CUR);

	lapic_write(LAPIC_TIMER_INIT, 0);
	lapic_write(LAPIC_LVT_TIMER, LAPIC_TIMER_VECTOR);	/* one shot, unmasked */
	return counted;
}

void
lapic_timer_oneshot(uint32_t ticks)
{
	lapic_write(LAPIC_TIMER_INIT, ticks);
}

void
lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}
