#ifndef X86_64_COPYIO_H
#define X86_64_COPYIO_H

#include "kern/types.h"

/* An instruction range whose faults resume at `fixup` (copy.S). */
struct fault_recovery {
	uint64_t begin, end, fixup;
};

extern const struct fault_recovery fault_recovery_table[], fault_recovery_table_end[];

/* Why the last recovered copy fault was not resolved (a kern_return_t). */
extern int copy_fault_result;

#endif
