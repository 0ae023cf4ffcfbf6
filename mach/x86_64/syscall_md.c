/*
 * System-call MSRs and arch_sched_init().  STAR holds the kernel code
 * selector (SS = CS + 8) for syscall, and the base from which sysret
 * derives the user selectors (SS = base + 8, 64-bit CS = base + 16):
 * gdt.c orders the GDT for exactly that.  SDM vol. 3, 5.8.8.
 */
#include "kern/arch_thread.h"
#include <mach/mach_traps.h>

#include "ipc/mach_traps.h"
#include "kern/syscall_temp.h"
#include "x86_64/cpu.h"
#include "x86_64/fpu.h"
#include "x86_64/percpu.h"
#include "x86_64/trap.h"

extern char syscall_entry[];

/* Flags cleared on entry: IF (handled in C), TF, DF, AC, NT. */
#define FMASK_BITS	((1ul << 9) | (1ul << 8) | (1ul << 10) | (1ul << 18) | (1ul << 14))

void
syscall_init(void)
{
	wrmsr(MSR_STAR, ((uint64_t)SEL_UCODE32 << 48) | ((uint64_t)SEL_KCODE << 32));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	wrmsr(MSR_FMASK, FMASK_BITS);
	/* EFER.SCE was set by boot.S along with long mode. */
}

void
arch_sched_init(void)
{
	percpu_init();
	syscall_init();
	fpu_init();
}

/*
 * The arch half of a system call: registers to arguments and back.
 * Number in rax; arguments rdi, rsi, rdx, r10, r8, r9 (rcx and r11 hold
 * the return rip and rflags); result in rax.
 */
_Static_assert(SYSCALL_MACH_MSG == MACH_TRAP_MSG, "syscall_entry.S");

/*
 * mach_msg (SYSCALL_MACH_MSG) does not come here: syscall_entry.S calls
 * mach_msg_trap_regs straight from the registers.
 */
void
syscall_dispatch(struct trapframe *tf)
{
	uint64_t args[SYSCALL_MAX_ARGS] = {
		tf->rdi, tf->rsi, tf->rdx, tf->r10, tf->r8, tf->r9,
	};

	/* Mach traps below the temporary calls' range (mach/mach_traps.h). */
	if (tf->rax < SYS_LOG)
		tf->rax = mach_trap(tf->rax, args);
	else
		tf->rax = syscall_temp(tf->rax, args);
}
