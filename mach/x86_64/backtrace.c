/*
 * Frame-pointer backtraces (the kernel is built with
 * -fno-omit-frame-pointer).  Each frame is [saved rbp][return address];
 * the walk stops at a zero rbp (set at boot), a misaligned one, or one
 * outside the kernel's half of the address space, so a corrupt stack
 * ends the trace instead of faulting inside the panic path.
 */
#include "kern/arch.h"
#include "kern/ksyms.h"
#include "kern/printf.h"
#include "x86_64/x86_64.h"

#define BACKTRACE_MAX	32

static void
print_frame(int n, uint64_t pc)
{
	uint64_t off;
	const char *name = ksym_lookup(pc, &off);

	if (name)
		kprintf("  #%d 0x%016lx %s+%#lx\n", n, (unsigned long)pc, name,
		    (unsigned long)off);
	else
		kprintf("  #%d 0x%016lx ?\n", n, (unsigned long)pc);
}

static bool
frame_ok(uint64_t rbp)
{
	return rbp >= 0xffff800000000000ull && (rbp & 7) == 0 &&
	    rbp < 0xfffffffffffff000ull;
}

void
backtrace_from(uint64_t rbp, uint64_t rip)
{
	int n = 0;

	kprintf("backtrace:\n");
	if (rip)
		print_frame(n++, rip);
	for (; n < BACKTRACE_MAX && frame_ok(rbp); n++) {
		uint64_t *frame = (uint64_t *)rbp;
		uint64_t ret = frame[1];
		if (ret == 0)
			break;
		/* a return address points after the call: show the call */
		print_frame(n, ret - 1);
		rbp = frame[0];
	}
}

void
arch_backtrace_here(void)
{
	/* start with our caller: the walk reads our frame's return address */
	backtrace_from((uint64_t)__builtin_frame_address(0), 0);
}
