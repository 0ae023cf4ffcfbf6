/*
 * What vm_region reports about one region of an address space.  The
 * layout has fixed-size fields so that it reads the same in the kernel
 * and in a 64-bit user task (it travels inline in RPC replies).
 */
#ifndef _MACH_VM_REGION_H_
#define _MACH_VM_REGION_H_

#include <mach/std_types.h>
#include <mach/vm_inherit.h>
#include <mach/vm_prot.h>

/* The flavor of vm_region's answer; only the basic one exists. */
typedef int vm_region_flavor_t;
#define VM_REGION_BASIC_INFO	10

struct vm_region_basic_info {
	vm_prot_t protection;		/* current */
	vm_prot_t max_protection;
	vm_inherit_t inheritance;
	boolean_t shared;		/* memory also mapped by another map */
	boolean_t reserved;
	uint32_t user_wired_count;	/* always 0: no user wiring yet */
	uint64_t offset;		/* offset in the backing object */
};

#define VM_REGION_BASIC_INFO_COUNT \
	((natural_t)(sizeof(struct vm_region_basic_info) / sizeof(natural_t)))

#endif /* _MACH_VM_REGION_H_ */
