/*
 * Kernel symbol table for backtraces.  The build links the kernel once,
 * turns `nm -n` of that link into a table (tools/gen-ksyms) and links
 * again with the table appended in section .ksyms, placed last so no other
 * address moves.
 */
#ifndef KERN_KSYMS_H
#define KERN_KSYMS_H

#include "kern/types.h"

/* Name of the function containing addr, and the offset into it; NULL if none. */
const char *ksym_lookup(uint64_t addr, uint64_t *offset);

#endif
