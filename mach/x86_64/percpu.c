/*
 * The boot CPU's per-CPU area (see percpu.h).  In the kernel, GS_BASE
 * points here; user GS base lives in KERNEL_GS_BASE and the two are
 * exchanged by `swapgs` on every entry from and exit to user mode.
 */
#include "x86_64/cpu.h"
#include "x86_64/gdt.h"
#include "x86_64/percpu.h"

_Static_assert(__builtin_offsetof(struct arch_cpu, self) == PERCPU_SELF, "percpu layout");
_Static_assert(__builtin_offsetof(struct arch_cpu, kernel_rsp) == PERCPU_KERNEL_RSP, "percpu layout");
_Static_assert(__builtin_offsetof(struct arch_cpu, user_rsp) == PERCPU_USER_RSP, "percpu layout");

struct arch_cpu arch_cpu0;

void
percpu_init(void)
{
	arch_cpu0.self = &arch_cpu0;
	wrmsr(MSR_GS_BASE, (uint64_t)&arch_cpu0);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
	wrmsr(MSR_FS_BASE, 0);
}
