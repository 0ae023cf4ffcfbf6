#ifndef X86_64_PIC_H
#define X86_64_PIC_H

/* Where the (masked) 8259s deliver: only spurious IRQs ever arrive. */
#define PIC_VECTOR_BASE	0x20

/* Re-base the legacy 8259 controllers off the exception vectors, mask all. */
void pic_disable(void);

#endif
