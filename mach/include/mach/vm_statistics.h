/*
 * Flags of vm_allocate and vm_map (values as in Mach/XNU), and the page
 * counts vm_statistics reports.
 */
#ifndef _MACH_VM_STATISTICS_H_
#define _MACH_VM_STATISTICS_H_

#include <mach/std_types.h>

/* Place the region at exactly the given address (fails if occupied). */
#define VM_FLAGS_FIXED		0x0000
/* Let the kernel choose the address (the given one is only ignored). */
#define VM_FLAGS_ANYWHERE	0x0001
/* With FIXED: replace whatever is mapped there instead of failing. */
#define VM_FLAGS_OVERWRITE	0x4000

#define VM_FLAGS_USER_ALLOCATE	(VM_FLAGS_FIXED | VM_FLAGS_ANYWHERE | VM_FLAGS_OVERWRITE)
#define VM_FLAGS_USER_MAP	VM_FLAGS_USER_ALLOCATE

struct vm_statistics {
	natural_t pagesize;
	natural_t free_count;		/* pages on the free list */
	natural_t total_count;		/* pages the allocator manages */
	natural_t wire_count;		/* pages the kernel holds */
	uint64_t faults;		/* vm_fault calls */
	uint64_t zero_fill_count;	/* demand-zero pages */
	uint64_t cow_faults;		/* copy-on-write breaks */
};

#endif /* _MACH_VM_STATISTICS_H_ */
