/*
 * What the boot loader told us, in a machine-independent form.  The arch
 * code (x86_64/multiboot.c) fills it from the multiboot2 information
 * before calling kern_main().
 */
#ifndef KERN_BOOTINFO_H
#define KERN_BOOTINFO_H

#include "kern/types.h"

#define BOOT_CMDLINE_MAX	1024
#define BOOT_MEM_MAX		64
#define BOOT_MODULES_MAX	32
#define BOOT_MODNAME_MAX	128

enum boot_mem_type {
	BOOT_MEM_AVAILABLE = 1,
	BOOT_MEM_RESERVED,
	BOOT_MEM_ACPI_RECLAIM,
	BOOT_MEM_ACPI_NVS,
	BOOT_MEM_BAD,
};

struct boot_mem_region {
	paddr_t base;
	uint64_t length;
	enum boot_mem_type type;
};

struct boot_module {
	paddr_t start;
	paddr_t end;			/* exclusive */
	char cmdline[BOOT_MODNAME_MAX];	/* GRUB's module command line */
};

struct boot_info {
	char cmdline[BOOT_CMDLINE_MAX];
	char loader[64];
	struct boot_mem_region mem[BOOT_MEM_MAX];
	unsigned nmem;
	struct boot_module modules[BOOT_MODULES_MAX];
	unsigned nmodules;
	paddr_t kernel_start, kernel_end;	/* physical, exclusive end */
	paddr_t info_start, info_end;		/* the loader's info block */
	paddr_t acpi_rsdp;			/* 0 if the loader gave none */
};

extern struct boot_info boot_info;

__noreturn void kern_main(void);

#endif
