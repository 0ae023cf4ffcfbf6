/*
 * Constants shared by assembly and C in mach/x86_64.  Values come from the
 * Intel SDM vol. 3 (control registers, paging, MSRs).
 */
#ifndef X86_64_ASM_H
#define X86_64_ASM_H

#define KERNEL_VMA_BASE		0xffffffff80000000
#define KERNEL_DIRECT_BASE	0xffff800000000000

/* Physical address of a kernel-image symbol, usable before paging. */
#define PHYS(sym)		((sym) - KERNEL_VMA_BASE)

#define PTE_P		(1 << 0)
#define PTE_W		(1 << 1)
#define PTE_U		(1 << 2)
#define PTE_PS		(1 << 7)
#define PTE_G		(1 << 8)

#define CR0_WP		(1 << 16)
#define CR0_PG		(1 << 31)
#define CR4_PAE		(1 << 5)
#define CR4_PGE		(1 << 7)

#define MSR_EFER	0xc0000080
#define EFER_SCE	(1 << 0)
#define EFER_LME	(1 << 8)
#define EFER_NXE	(1 << 11)

#endif
