#ifndef X86_64_PIC_H
#define X86_64_PIC_H

#include <stdbool.h>

/*
 * Where the 8259s deliver: IRQ n on vector PIC_VECTOR_BASE + n, reaching
 * the processor through the local APIC's LINT0 (ExtINT, lapic.c).
 */
#define PIC_VECTOR_BASE	0x20
#define PIC_IRQS	16
#define PIC_IRQ_CASCADE	2

/* Re-base the legacy 8259 controllers off the exception vectors, mask all. */
void pic_disable(void);

/*
 * The interrupt of line irq arrived (interrupts off): unless it is
 * spurious, mask the line and end the interrupt at the controllers, so
 * that it stays quiet until arch_irq_unmask (kern/device.h).  False for a spurious IRQ 7
 * or 15, which must not be reported.
 */
bool pic_irq_begin(unsigned irq);

#endif
