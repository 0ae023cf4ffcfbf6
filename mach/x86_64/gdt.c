/*
 * Global descriptor table and task state segment.
 *
 * In long mode segmentation is mostly off; the GDT still supplies the
 * code segments (privilege level and 64-bit mode) and the TSS, which
 * holds the kernel stack to switch to on a trap from user mode (RSP0) and
 * a known-good stack for double faults (IST1).
 *
 * The selector order is dictated by syscall/sysret: STAR gives the kernel
 * CS (SS = CS + 8) and a user base B with user SS = B + 8 and 64-bit user
 * CS = B + 16.  Hence kcode, kdata, ucode32 (B), udata, ucode64.
 */
#include "kern/string.h"
#include "x86_64/x86_64.h"
#include "x86_64/gdt.h"

/* The TSS with its I/O permission bitmap: struct gdt_tss_io, gdt.h. */
struct gdt_tss_io tss_io;

static uint64_t gdt[7 + 1];	/* the TSS descriptor takes two slots */
static uint8_t double_fault_stack[8192] __attribute__((aligned(16)));

struct gdt_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

#define SEG_CODE64(dpl)	(0x00af9a0000000000ull | ((uint64_t)(dpl) << 45))
#define SEG_DATA(dpl)	(0x00cf920000000000ull | ((uint64_t)(dpl) << 45) | 0xffff)
#define SEG_CODE32(dpl)	(0x00cf9a000000ffffull | ((uint64_t)(dpl) << 45))

static void
tss_descriptor(uint64_t *slot, uint64_t base, uint32_t limit)
{
	slot[0] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
	    (0x89ull << 40) |			/* present, 64-bit TSS (available) */
	    ((uint64_t)(limit >> 16 & 0xf) << 48) |
	    ((base >> 24 & 0xff) << 56);
	slot[1] = base >> 32;
}

uint8_t *
gdt_io_bitmap(void)
{
	return tss_io.iomap;
}

void
gdt_init(void)
{
	struct gdt_ptr ptr = { sizeof(gdt) - 1, (uint64_t)gdt };

	gdt[0] = 0;
	gdt[SEL_KCODE / 8] = SEG_CODE64(0) | 0xffff;
	gdt[SEL_KDATA / 8] = SEG_DATA(0);
	gdt[SEL_UCODE32 / 8] = SEG_CODE32(3);
	gdt[SEL_UDATA / 8] = SEG_DATA(3);
	gdt[SEL_UCODE / 8] = SEG_CODE64(3) | 0xffff;

	memset(&tss_io.tss, 0, sizeof(tss_io.tss));
	tss_io.tss.ist[0] = (uint64_t)double_fault_stack + sizeof(double_fault_stack);
	/* Every port denied until a task with a grant runs (iopb.c). */
	tss_io.tss.iomap_base = sizeof(struct tss);
	memset(tss_io.iomap, 0xff, sizeof(tss_io.iomap));
	tss_descriptor(&gdt[SEL_TSS / 8], (uint64_t)&tss_io, sizeof(tss_io) - 1);

	__asm__ volatile(
	    "lgdt %0\n\t"
	    "pushq %1\n\t"
	    "leaq 1f(%%rip), %%rax\n\t"
	    "pushq %%rax\n\t"
	    "lretq\n"
	    "1:\n\t"
	    "movw %w2, %%ax\n\t"
	    "movw %%ax, %%ds\n\t"
	    "movw %%ax, %%es\n\t"
	    "movw %%ax, %%ss\n\t"
	    "ltr %w3"
	    :: "m"(ptr), "i"(SEL_KCODE), "r"(SEL_KDATA), "r"(SEL_TSS)
	    : "rax", "memory");
}
