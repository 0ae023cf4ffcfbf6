/*
 * Functions private to mach/x86_64: the pieces arch_boot() puts together.
 */
#ifndef X86_64_X86_64_H
#define X86_64_X86_64_H

#include "kern/types.h"

void serial_init(void);
void gdt_init(void);
void idt_init(void);
void multiboot_parse(uint32_t magic, paddr_t info);
void acpi_poweroff(void);

/* Selectors; the order is fixed by syscall/sysret (see gdt.c). */
#define SEL_KCODE	0x08
#define SEL_KDATA	0x10
#define SEL_UCODE32	0x18
#define SEL_UDATA	0x20
#define SEL_UCODE	0x28
#define SEL_TSS		0x30

/* Register state saved on every trap, interrupt and exception. */
/*
 * The registers of the interrupted or calling user (or kernel) context,
 * as the entry code pushes them (trap.h, PUSH_REGISTERS).  The
 * registers the trap convention does not keep across mach_msg (its
 * arguments and result: rax, rdx, rsi, rdi, r8-r10) come last pushed
 * first, together, so that its entry can skip them in one instruction.
 */
struct trapframe {
	uint64_t r15, r14, r13, r12, rbp, rbx, r11, rcx;
	uint64_t r10, r9, r8, rdi, rsi, rdx, rax;
	uint64_t vector, error;
	/* pushed by the processor */
	uint64_t rip, cs, rflags, rsp, ss;
};

void trap_dispatch(struct trapframe *tf);
void backtrace_from(uint64_t rbp, uint64_t rip);

#endif
