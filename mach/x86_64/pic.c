/*
 * The legacy 8259 interrupt controllers.  The BIOS leaves them
 * delivering IRQ 0-7 on vectors 8-15, the same vectors as processor
 * exceptions.  So before interrupts are ever enabled they are re-based
 * to vectors 0x20-0x2f and every line is masked.  Lines are unmasked one
 * by one for drivers (kern/device.c: interrupts as messages); each
 * interrupt masks its line and is ended (EOI) at once, so the
 * controllers never hold an interrupt in service while a driver works.
 * Port numbers, the ICW sequence, OCW2/OCW3 and spurious IRQs: the
 * 8259A data sheet.
 *
 * Protected by interrupts off: the mask registers and their copy.
 */
#include "kern/device.h"
#include "x86_64/cpu.h"
#include "x86_64/pic.h"

#define PIC1_CMD	0x20
#define PIC1_DATA	0x21
#define PIC2_CMD	0xa0
#define PIC2_DATA	0xa1
#define ICW1_INIT_ICW4	0x11	/* edge triggered, cascade, ICW4 follows */
#define ICW4_8086	0x01
#define OCW2_EOI	0x20	/* non-specific end of interrupt */
#define OCW3_READ_ISR	0x0b
#define PIC_SPURIOUS	7	/* the line a spurious interrupt claims */

static uint16_t pic_mask = 0xffff;	/* bit n: line n masked */

static void
pic_write_mask(void)
{
	outb(PIC1_DATA, (uint8_t)pic_mask);
	outb(PIC2_DATA, (uint8_t)(pic_mask >> 8));
}

void
pic_disable(void)
{
	outb(PIC1_CMD, ICW1_INIT_ICW4);
	outb(PIC2_CMD, ICW1_INIT_ICW4);
	outb(PIC1_DATA, PIC_VECTOR_BASE);	/* ICW2: vector base */
	outb(PIC2_DATA, PIC_VECTOR_BASE + 8);
	outb(PIC1_DATA, 1 << PIC_IRQ_CASCADE);	/* ICW3: slave on IRQ 2 */
	outb(PIC2_DATA, PIC_IRQ_CASCADE);	/* ICW3: slave identity */
	outb(PIC1_DATA, ICW4_8086);
	outb(PIC2_DATA, ICW4_8086);
	pic_mask = 0xffff;			/* mask everything */
	pic_write_mask();
}

void
arch_irq_mask(unsigned irq)
{
	pic_mask |= (uint16_t)(1u << irq);
	pic_write_mask();
}

/* The timer is the local APIC's, but IRQ 0 stays the PIT's: kept off. */
bool
arch_irq_reserved(unsigned irq)
{
	return irq == 0 || irq == PIC_IRQ_CASCADE;
}

/* A slave line needs the cascade too; it stays open once opened. */
void
arch_irq_unmask(unsigned irq)
{
	pic_mask &= (uint16_t)~(1u << irq);
	if (irq >= 8)
		pic_mask &= (uint16_t)~(1u << PIC_IRQ_CASCADE);
	pic_write_mask();
}

static uint8_t
pic_isr(uint16_t cmd)
{
	outb(cmd, OCW3_READ_ISR);
	return inb(cmd);
}

/*
 * A line that drops before the processor acknowledges it shows up as
 * IRQ 7 (or 15) with nothing in service: no EOI for it, except that a
 * spurious IRQ 15 did go through the master's cascade input.
 */
bool
pic_irq_begin(unsigned irq)
{
	uint16_t cmd = irq >= 8 ? PIC2_CMD : PIC1_CMD;

	if (irq % 8 == PIC_SPURIOUS && !(pic_isr(cmd) & (1u << PIC_SPURIOUS))) {
		if (irq >= 8)
			outb(PIC1_CMD, OCW2_EOI);
		return false;
	}
	arch_irq_mask(irq);
	if (irq >= 8)
		outb(PIC2_CMD, OCW2_EOI);
	outb(PIC1_CMD, OCW2_EOI);
	return true;
}
