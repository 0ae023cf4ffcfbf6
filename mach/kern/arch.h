/*
 * The hooks generic kernel code uses to reach the processor and the
 * machine.  Only mach/x86_64/ implements them; nothing outside that
 * directory names the processor (style.md, habit 2).
 */
#ifndef KERN_ARCH_H
#define KERN_ARCH_H

#include "kern/types.h"

/*
 * Exit statuses reported to the emulator when the machine powers off
 * (QEMU's isa-debug-exit: the host sees (code << 1) | 1).  With
 * `poweroff`, bootstrap's exit status decides between OK and FAIL; its
 * log says more (docs/testing.md).
 */
enum harbor_exit {
	HARBOR_EXIT_OK = 0,		/* everything asked for ran and passed */
	HARBOR_EXIT_FAIL = 1,		/* a test failed */
	HARBOR_EXIT_PANIC = 2,		/* the kernel panicked */
};

/* Kernel log output, polled (usable in a panic). */
void arch_log_putc(char c);

/* Interrupt state: save-and-disable, and restore what was saved. */
unsigned long arch_intr_save(void);
void arch_intr_restore(unsigned long saved);

/* Stop this CPU for good. */
__noreturn void arch_halt(void);

/*
 * Power the machine off with an exit status.  Under QEMU with an
 * isa-debug-exit device the status reaches the host; otherwise ACPI S5.
 */
__noreturn void arch_poweroff(enum harbor_exit status);

/* Print a backtrace of the caller's stack to the kernel log. */
void arch_backtrace_here(void);

/* A cycle counter (an instruction count under qemu -icount shift=0). */
uint64_t arch_cycles(void);

/*
 * Extra kernel command-line text supplied by the emulator (QEMU fw_cfg
 * file opt/org.harbor/cmdline), so that tests need not rebuild the boot
 * image to change it.  Returns the length copied, 0 if none.
 */
size_t arch_extra_cmdline(char *buf, size_t size);

#endif
