/*
 * The little ACPI the kernel needs: enough to power the machine off (S5).
 * Table layouts: ACPI specification 6.x, sections 5.2 (RSDP, RSDT, FADT)
 * and the \_S5 package in the DSDT.
 */
#ifndef X86_64_ACPI_H
#define X86_64_ACPI_H

#include "kern/types.h"

/* Keep a copy of the RSDP the boot loader handed over. */
void acpi_set_rsdp(const void *rsdp, size_t len);

/* Enter S5 (soft off).  Returns only if that was impossible. */
void acpi_poweroff(void);

#endif
