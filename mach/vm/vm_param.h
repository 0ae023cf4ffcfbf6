/*
 * Machine-independent names for the page size and the address-space
 * layout.  The values come from the architecture (x86_64/vm_param.h);
 * this is the only generic header that includes an arch header, so that
 * every other generic file stays processor-neutral.
 */
#ifndef VM_VM_PARAM_H
#define VM_VM_PARAM_H

#include "kern/types.h"
#include "x86_64/vm_param.h"

#define PAGE_SHIFT	ARCH_PAGE_SHIFT
#define PAGE_SIZE	(1ul << PAGE_SHIFT)
#define PAGE_MASK	(PAGE_SIZE - 1)

#define round_page(x)	(((uintptr_t)(x) + PAGE_MASK) & ~PAGE_MASK)
#define trunc_page(x)	((uintptr_t)(x) & ~PAGE_MASK)
#define page_aligned(x)	(((uintptr_t)(x) & PAGE_MASK) == 0)
#define atop(x)		((uintptr_t)(x) >> PAGE_SHIFT)	/* address to page */
#define ptoa(x)		((uintptr_t)(x) << PAGE_SHIFT)	/* page to address */

/* User address spaces: [VM_MIN_USER_ADDRESS, VM_MAX_USER_ADDRESS). */
#define VM_MIN_USER_ADDRESS	ARCH_VM_MIN_USER_ADDRESS
#define VM_MAX_USER_ADDRESS	ARCH_VM_MAX_USER_ADDRESS

/*
 * The direct map: all physical memory at a fixed kernel address, built
 * by pmap_bootstrap().  Before that only the first 1 GiB is reachable
 * (the boot page tables), which is all vm_page_bootstrap() needs.
 */
#define DIRECT_MAP_BASE		ARCH_DIRECT_MAP_BASE
#define PHYS_TO_KVA(pa)		((void *)((uintptr_t)(pa) + DIRECT_MAP_BASE))
#define KVA_TO_PHYS(va)		((paddr_t)((uintptr_t)(va) - DIRECT_MAP_BASE))

#endif
