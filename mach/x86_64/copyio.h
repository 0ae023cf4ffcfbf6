#ifndef X86_64_COPYIO_H
#define X86_64_COPYIO_H

#include "kern/types.h"

/* An instruction range whose faults resume at `fixup` (copy.S). */
/*
 * A kernel instruction range that may fault on a user address, and where
 * to resume if the fault cannot be resolved.  `nowait` copies (the IPC
 * fast path's, made with interrupts off, some in another thread's address
 * space) must not wait for a page: any fault resumes at the fixup at once,
 * without vm_fault, and the caller takes its slower way.
 */
struct fault_recovery {
	uint64_t begin, end, fixup, nowait;
};

extern const struct fault_recovery fault_recovery_table[], fault_recovery_table_end[];

/* Why the last recovered copy fault was not resolved (a kern_return_t). */
extern int copy_fault_result;

#endif
