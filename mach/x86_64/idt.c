/*
 * Interrupt descriptor table: every vector goes to its stub in trap.S.
 * The double fault runs on its own stack (IST1) so that a kernel stack
 * overflow still reaches panic() instead of triple-faulting.
 */
#include "x86_64/x86_64.h"

struct idt_gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
} __attribute__((packed));

static struct idt_gate idt[256];

extern char trap_stubs[];
#define TRAP_STUB_SIZE	16

#define GATE_INTERRUPT	0x8e	/* present, DPL 0, 64-bit interrupt gate */
#define GATE_USER	0x60	/* DPL 3: reachable by `int` from user mode */

static void
idt_set(int vec, uint8_t attr, uint8_t ist)
{
	uint64_t addr = (uint64_t)trap_stubs + (uint64_t)vec * TRAP_STUB_SIZE;

	idt[vec] = (struct idt_gate){
		.offset_lo = addr & 0xffff,
		.selector = SEL_KCODE,
		.ist = ist,
		.type_attr = attr,
		.offset_mid = (addr >> 16) & 0xffff,
		.offset_hi = addr >> 32,
	};
}

void
idt_init(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) ptr = { sizeof(idt) - 1, (uint64_t)idt };

	for (int v = 0; v < 256; v++)
		idt_set(v, GATE_INTERRUPT, 0);
	idt_set(8, GATE_INTERRUPT, 1);			/* double fault: IST1 */
	idt_set(3, GATE_INTERRUPT | GATE_USER, 0);	/* int3 from user */
	__asm__ volatile("lidt %0" :: "m"(ptr));
}
