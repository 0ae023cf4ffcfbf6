/*
 * The physical map: the machine-dependent page tables of one address
 * space, behind a machine-independent interface (implemented in
 * x86_64/pmap.c).  vm_map decides what is mapped; the pmap only caches it
 * in the hardware's format and may drop any user mapping at any time
 * (faults put it back), except that it never fails silently: pmap_enter
 * reports a page-table shortage.
 *
 * The kernel half of every pmap is shared: it is the kernel pmap's upper
 * half (direct map + kernel image), copied by reference into each new
 * pmap's top-level table.  User pmaps map only user addresses.
 *
 * TLB: every change that removes or reduces a mapping invalidates the
 * TLB through pmap_tlb_invalidate_*, the single place where SMP
 * shootdown will be added; adding a mapping needs no invalidation.
 *
 * Lock order: a pmap is protected by its vm_map's lock (taken by the
 * caller) plus interrupts off around table updates; the kernel pmap by
 * interrupts off.  pmap functions take the page allocator's lock only.
 */
#ifndef VM_PMAP_H
#define VM_PMAP_H

#include <mach/kern_return.h>
#include <mach/vm_prot.h>

#include "kern/types.h"

struct pmap;

/* pmap_enter flags */
#define PMAP_WIRED	0x1	/* (informational) the mapping is wired */
#define PMAP_NOCACHE	0x2	/* uncached: device memory */

/* Build the kernel page tables and switch to them (vm_bootstrap). */
void pmap_bootstrap(void);

struct pmap *pmap_kernel(void);

/* A new user pmap sharing the kernel half; NULL on shortage. */
struct pmap *pmap_create(void);

/* Free a user pmap and all its page tables (not the mapped pages). */
void pmap_destroy(struct pmap *pmap);

/*
 * Map the page at physical pa at va with prot (VM_PROT_NONE is not
 * allowed: use pmap_remove).  Replaces any previous mapping.  Returns
 * KERN_RESOURCE_SHORTAGE if a page table could not be allocated.
 */
kern_return_t pmap_enter(struct pmap *pmap, vaddr_t va, paddr_t pa,
    vm_prot_t prot, unsigned flags);

/* Remove mappings in [start, end) (page aligned). */
void pmap_remove(struct pmap *pmap, vaddr_t start, vaddr_t end);

/*
 * Reduce the protection of mappings in [start, end) to at most prot;
 * VM_PROT_NONE removes them.  Never adds rights.
 */
void pmap_protect(struct pmap *pmap, vaddr_t start, vaddr_t end,
    vm_prot_t prot);

/* The physical address va maps to, if it is mapped. */
bool pmap_extract(struct pmap *pmap, vaddr_t va, paddr_t *pa);

/* The protection va is mapped with (VM_PROT_NONE if unmapped). */
vm_prot_t pmap_prot(struct pmap *pmap, vaddr_t va);

/* Load pmap's tables on this CPU; NULL loads the kernel-only tables. */
void pmap_activate(struct pmap *pmap);
struct pmap *pmap_current(void);

/* Zero a physical page / copy one to another, fast (direct map). */
void pmap_zero_page(paddr_t pa);
void pmap_copy_page(paddr_t src, paddr_t dst);

/* Number of pages of page tables a pmap holds (leak tests). */
size_t pmap_table_pages(const struct pmap *pmap);

/*
 * TLB invalidation hooks.  On one CPU they act locally when pmap is the
 * active one (or the kernel's); with SMP they will also signal the other
 * CPUs that have pmap active.
 */
void pmap_tlb_invalidate_page(struct pmap *pmap, vaddr_t va);
void pmap_tlb_invalidate_range(struct pmap *pmap, vaddr_t start, vaddr_t end);
void pmap_tlb_invalidate_all(struct pmap *pmap);

#endif
