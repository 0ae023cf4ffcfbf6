/*
 * Trap dispatch.  For now every exception in the kernel is a kernel bug:
 * print the registers and a backtrace, then panic.  User-mode exceptions
 * and device interrupts are added by the kernel core and IPC work.
 */
#include "kern/panic.h"
#include "kern/printf.h"
#include "x86_64/cpu.h"
#include "x86_64/x86_64.h"

static const char *const exception_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow",
	"bound range", "invalid opcode", "device not available",
	"double fault", "coprocessor overrun", "invalid TSS",
	"segment not present", "stack fault", "general protection",
	"page fault", "reserved", "x87 floating point", "alignment check",
	"machine check", "SIMD floating point", "virtualization",
	"control protection",
};

static void
print_trapframe(const struct trapframe *tf)
{
	const char *name = tf->vector < 32 && exception_names[tf->vector] ?
	    exception_names[tf->vector] : "interrupt";

	kprintf("PANIC: %s (vector %lu, error %#lx) in %s mode\n", name,
	    (unsigned long)tf->vector, (unsigned long)tf->error,
	    (tf->cs & 3) ? "user" : "kernel");
	if (tf->vector == 14)
		kprintf("  cr2 0x%016lx (page fault address)\n", (unsigned long)read_cr2());
	kprintf("  rip 0x%016lx  rsp 0x%016lx  rflags %#lx\n",
	    (unsigned long)tf->rip, (unsigned long)tf->rsp, (unsigned long)tf->rflags);
	kprintf("  rax 0x%016lx  rbx 0x%016lx  rcx 0x%016lx\n",
	    (unsigned long)tf->rax, (unsigned long)tf->rbx, (unsigned long)tf->rcx);
	kprintf("  rdx 0x%016lx  rsi 0x%016lx  rdi 0x%016lx\n",
	    (unsigned long)tf->rdx, (unsigned long)tf->rsi, (unsigned long)tf->rdi);
	kprintf("  rbp 0x%016lx  r8  0x%016lx  r9  0x%016lx\n",
	    (unsigned long)tf->rbp, (unsigned long)tf->r8, (unsigned long)tf->r9);
	kprintf("  r10 0x%016lx  r11 0x%016lx  r12 0x%016lx\n",
	    (unsigned long)tf->r10, (unsigned long)tf->r11, (unsigned long)tf->r12);
	kprintf("  r13 0x%016lx  r14 0x%016lx  r15 0x%016lx\n",
	    (unsigned long)tf->r13, (unsigned long)tf->r14, (unsigned long)tf->r15);
	kprintf("  cs %#lx ss %#lx\n", (unsigned long)tf->cs, (unsigned long)tf->ss);
}

void
trap_dispatch(struct trapframe *tf)
{
	cli();
	print_trapframe(tf);
	backtrace_from(tf->rbp, tf->rip);
	panic_finish();
}
