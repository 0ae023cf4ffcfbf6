/*
 * The legacy 8259 interrupt controllers.  Harbor uses the local APIC, but
 * the BIOS leaves the 8259s delivering IRQ 0-7 on vectors 8-15, the same
 * vectors as processor exceptions.  So before interrupts are ever
 * enabled they are re-based to vectors 0x20-0x2f (where a spurious IRQ 7
 * or 15 is harmless, see trap.c) and every line is masked.
 * Port numbers and the ICW sequence: the 8259A data sheet.
 */
#include "x86_64/cpu.h"
#include "x86_64/pic.h"

#define PIC1_CMD	0x20
#define PIC1_DATA	0x21
#define PIC2_CMD	0xa0
#define PIC2_DATA	0xa1
#define ICW1_INIT_ICW4	0x11	/* edge triggered, cascade, ICW4 follows */
#define ICW4_8086	0x01

void
pic_disable(void)
{
	outb(PIC1_CMD, ICW1_INIT_ICW4);
	outb(PIC2_CMD, ICW1_INIT_ICW4);
	outb(PIC1_DATA, PIC_VECTOR_BASE);	/* ICW2: vector base */
	outb(PIC2_DATA, PIC_VECTOR_BASE + 8);
	outb(PIC1_DATA, 1 << 2);		/* ICW3: slave on IRQ 2 */
	outb(PIC2_DATA, 2);			/* ICW3: slave identity */
	outb(PIC1_DATA, ICW4_8086);
	outb(PIC2_DATA, ICW4_8086);
	outb(PIC1_DATA, 0xff);			/* mask everything */
	outb(PIC2_DATA, 0xff);
}
