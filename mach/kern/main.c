/*
 * The machine-independent start of the kernel.  arch_boot() has set up
 * the processor (descriptor tables, traps, the kernel log) and filled
 * boot_info; kern_main() prints the banner and decides what this boot is
 * for: self-tests (`test=`), benchmarks (`bench`), or the system, which
 * bootstrap starts (with `poweroff`, the machine stops when bootstrap
 * ends, reporting its status).
 */
#include "kern/arch.h"
#include "kern/bootinfo.h"
#include "kern/bootstrap.h"
#include "kern/cmdline.h"
#include "kern/kbench.h"
#include "kern/ktest.h"
#include "kern/printf.h"
#include "kern/sched.h"
#include "ipc/ipc_init.h"
#include "vm/vm_init.h"

#define HARBOR_VERSION "0.1"

struct boot_info boot_info;

static const char *
mem_type_name(enum boot_mem_type t)
{
	switch (t) {
	case BOOT_MEM_AVAILABLE: return "available";
	case BOOT_MEM_ACPI_RECLAIM: return "ACPI reclaimable";
	case BOOT_MEM_ACPI_NVS: return "ACPI NVS";
	case BOOT_MEM_BAD: return "bad";
	default: return "reserved";
	}
}

static void
print_banner(void)
{
	const struct boot_info *bi = &boot_info;
	uint64_t avail = 0;

	kprintf("\nHarbor " HARBOR_VERSION " (x86_64), loaded by %s\n",
	    bi->loader[0] ? bi->loader : "an unnamed loader");
	kprintf("command line: %s\n", cmdline_text());
	kprintf("kernel: %#lx-%#lx\n", (unsigned long)bi->kernel_start,
	    (unsigned long)bi->kernel_end);
	kprintf("memory map:\n");
	for (unsigned i = 0; i < bi->nmem; i++) {
		const struct boot_mem_region *r = &bi->mem[i];
		kprintf("  0x%012lx-0x%012lx %s\n", (unsigned long)r->base,
		    (unsigned long)(r->base + r->length),
		    mem_type_name(r->type));
		if (r->type == BOOT_MEM_AVAILABLE)
			avail += r->length;
	}
	kprintf("memory: %lu KiB available\n", (unsigned long)(avail >> 10));
	kprintf("modules: %u\n", bi->nmodules);
	for (unsigned i = 0; i < bi->nmodules; i++)
		kprintf("  %#lx-%#lx %s\n",
		    (unsigned long)bi->modules[i].start,
		    (unsigned long)bi->modules[i].end, bi->modules[i].cmdline);
	kprintf("harbor: banner done\n");
}

__noreturn void
kern_main(void)
{
	char tests[BOOT_CMDLINE_MAX];
	int status;

	print_banner();
	vm_bootstrap();
	ipc_bootstrap();
	sched_bootstrap();
	if (cmdline_get("test", tests, sizeof(tests))) {
		unsigned failed = ktest_run(tests);
		arch_poweroff(failed ? HARBOR_EXIT_FAIL : HARBOR_EXIT_OK);
	}
	if (cmdline_get("bench", NULL, 0)) {
		kbench_run();
		arch_poweroff(HARBOR_EXIT_OK);
	}
	status = bootstrap_run();
	if (cmdline_get("poweroff", NULL, 0))
		arch_poweroff(status == 0 ? HARBOR_EXIT_OK : HARBOR_EXIT_FAIL);
	kprintf("harbor: nothing left to run; the kernel stops here\n");
	arch_halt();
}
