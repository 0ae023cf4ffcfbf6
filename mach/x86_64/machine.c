/*
 * arch_boot() — the first C code — and the small machine hooks of
 * kern/arch.h: interrupt state, halting, powering off, cycle counter.
 */
#include "kern/arch.h"
#include "kern/bootinfo.h"
#include "kern/cmdline.h"
#include "kern/printf.h"
#include "x86_64/acpi.h"
#include "x86_64/cpu.h"
#include "x86_64/x86_64.h"

/* QEMU's isa-debug-exit device; the host sees exit code (v << 1) | 1. */
#define DEBUG_EXIT_PORT	0xf4

__noreturn void
arch_boot(uint32_t magic, paddr_t info)
{
	char extra[BOOT_CMDLINE_MAX];

	serial_init();
	gdt_init();
	idt_init();
	multiboot_parse(magic, info);
	if (arch_extra_cmdline(extra, sizeof(extra)))
		cmdline_append(extra);
	kern_main();
}

unsigned long
arch_intr_save(void)
{
	unsigned long flags = read_rflags();

	cli();
	return flags & RFLAGS_IF;
}

void
arch_intr_restore(unsigned long saved)
{
	if (saved)
		sti();
}

__noreturn void
arch_halt(void)
{
	for (;;) {
		cli();
		hlt();
	}
}

__noreturn void
arch_poweroff(enum harbor_exit status)
{
	unsigned code = (unsigned)status;

	kprintf("harbor: power off (status %u)\n", code);
	cli();
	outb(DEBUG_EXIT_PORT, (uint8_t)(code & 0x7f));
	acpi_poweroff();
	kprintf("harbor: could not power off; halting\n");
	arch_halt();
}

uint64_t
arch_cycles(void)
{
	return rdtsc();
}
