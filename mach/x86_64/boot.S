/*
 * 32-bit entry from GRUB (multiboot2) to 64-bit C.
 *
 * GRUB leaves us in 32-bit protected mode, paging off, EAX = multiboot2
 * magic, EBX = physical address of the boot information.  We:
 *   1. check that the CPU has long mode (else print to COM1 and halt),
 *   2. build boot page tables: the first 1 GiB mapped three times, with
 *      2 MiB pages — identity (only for the jump), the direct map at
 *      KERNEL_DIRECT_BASE and the kernel image at KERNEL_VMA_BASE,
 *   3. enable PAE, long mode, NX, paging, and far-jump to 64-bit code,
 *   4. jump to the higher half, switch to the boot stack, call arch_boot().
 * pmap_init() later replaces these tables with ones built in C.
 */
#include "x86_64/asm.h"

#define MB2_MAGIC	0xe85250d6
#define MB2_ARCH_I386	0
#define MB2_HDR_LEN	(mb2_header_end - mb2_header)

	.section .multiboot, "a"
	.balign 8
mb2_header:
	.long	MB2_MAGIC
	.long	MB2_ARCH_I386
	.long	MB2_HDR_LEN
	.long	-(MB2_MAGIC + MB2_ARCH_I386 + MB2_HDR_LEN)
	/* module alignment tag: modules page aligned, so they can be mapped */
	.balign 8
	.short	6, 0
	.long	8
	/* end tag */
	.balign 8
	.short	0, 0
	.long	8
mb2_header_end:

	.section .boot.text, "ax"
	.code32
	.globl	_start
_start:
	cli
	cld
	movl	$PHYS(boot_stack_top), %esp
	movl	%eax, %edi		/* keep magic and info for arch_boot */
	movl	%ebx, %esi

	/* long mode present? CPUID 0x80000001 EDX bit 29 */
	movl	$0x80000000, %eax
	cpuid
	cmpl	$0x80000001, %eax
	jb	no_long_mode
	movl	$0x80000001, %eax
	cpuid
	testl	$(1 << 29), %edx
	jz	no_long_mode

	/* PD: 512 x 2 MiB pages covering physical 0..1 GiB */
	movl	$PHYS(boot_pd), %ebx
	xorl	%ecx, %ecx
1:	movl	%ecx, %eax
	shll	$21, %eax
	orl	$(PTE_P | PTE_W | PTE_PS | PTE_G), %eax
	movl	%eax, (%ebx, %ecx, 8)
	movl	$0, 4(%ebx, %ecx, 8)
	incl	%ecx
	cmpl	$512, %ecx
	jne	1b

	/* boot_pdpt_low[0] and boot_pdpt_high[510] both point at that PD */
	movl	$PHYS(boot_pd), %eax
	orl	$(PTE_P | PTE_W), %eax
	movl	%eax, PHYS(boot_pdpt_low)
	movl	%eax, PHYS(boot_pdpt_high) + 510 * 8

	/* PML4: [0] identity, [256] direct map, [511] kernel image */
	movl	$PHYS(boot_pdpt_low), %eax
	orl	$(PTE_P | PTE_W), %eax
	movl	%eax, PHYS(boot_pml4)
	movl	%eax, PHYS(boot_pml4) + 256 * 8
	movl	$PHYS(boot_pdpt_high), %eax
	orl	$(PTE_P | PTE_W), %eax
	movl	%eax, PHYS(boot_pml4) + 511 * 8

	movl	$PHYS(boot_pml4), %eax
	movl	%eax, %cr3

	movl	%cr4, %eax
	orl	$(CR4_PAE | CR4_PGE), %eax
	movl	%eax, %cr4

	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$(EFER_LME | EFER_NXE | EFER_SCE), %eax
	wrmsr

	movl	%cr0, %eax
	orl	$(CR0_PG | CR0_WP), %eax
	movl	%eax, %cr0

	lgdt	PHYS(boot_gdt_ptr)
	ljmp	$0x08, $PHYS(start64_low)

no_long_mode:
	movl	$PHYS(msg_no_lm), %ebx
2:	movb	(%ebx), %al
	testb	%al, %al
	jz	3f
	movw	$0x3f8, %dx
	outb	%al, %dx
	incl	%ebx
	jmp	2b
3:	hlt
	jmp	3b

	.code64
start64_low:
	/* still running from the identity map: go to the higher half */
	movabsq	$start64_high, %rax
	jmp	*%rax

	.text
start64_high:
	movw	$0x10, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	xorw	%ax, %ax
	movw	%ax, %fs
	movw	%ax, %gs
	movabsq	$boot_stack_top, %rsp
	xorl	%ebp, %ebp		/* terminates backtraces */
	/* %edi = magic, %esi = info (physical), zero-extended by movl above */
	movl	%edi, %edi
	movl	%esi, %esi
	call	arch_boot
4:	hlt
	jmp	4b

	.section .boot.data, "aw"
	.balign 8
boot_gdt:
	.quad	0
	.quad	0x00af9a000000ffff	/* 0x08: 64-bit kernel code */
	.quad	0x00cf92000000ffff	/* 0x10: kernel data */
boot_gdt_end:
boot_gdt_ptr:
	.short	boot_gdt_end - boot_gdt - 1
	.long	PHYS(boot_gdt)
msg_no_lm:
	.asciz	"harbor: this CPU has no long mode (x86_64); halting\r\n"

	.section .boot.bss, "aw", @nobits
	.balign	4096
	.globl	boot_pml4
boot_pml4:	.skip 4096
boot_pdpt_low:	.skip 4096
boot_pdpt_high:	.skip 4096
boot_pd:	.skip 4096
	.globl	boot_stack_top
boot_stack:	.skip 16384
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
