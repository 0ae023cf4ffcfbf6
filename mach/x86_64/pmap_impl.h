/*
 * What pmap.c and pmap_boot.c share: the pmap structure and the table
 * walkers.  Private to those two files, and to switch_inline.h for the
 * hand-off's inline address-space switch (arch_pmap_switch_inline).
 */
#ifndef X86_64_PMAP_IMPL_H
#define X86_64_PMAP_IMPL_H

#include "x86_64/pmap.h"
#include "vm/vm_param.h"

typedef uint64_t pt_entry_t;

#define PT_ENTRIES		512
#define PML4_SHIFT		39
#define PDPT_SHIFT		30
#define PD_SHIFT		21
#define PT_SHIFT		12
#define LARGE_PAGE_SIZE		(1ul << PD_SHIFT)

#define PT_INDEX(va, shift)	(((va) >> (shift)) & (PT_ENTRIES - 1))

/* PML4 entries 256..511 map the kernel half, shared by every pmap. */
#define PML4_KERNEL_FIRST	256
/*
 * The kernel-half PML4 entries pmap_bootstrap fills in advance so that
 * every pmap sees later kernel mappings: the direct map's first 4 TiB
 * (entries 256..263) and the kernel image (511).
 */
#define PML4_DIRECT_SLOTS	8
#define PML4_IMAGE		511

/* Intermediate entries allow everything; the leaf decides. */
#define PG_TABLE_USER		(PG_P | PG_W | PG_U)
#define PG_TABLE_KERNEL		(PG_P | PG_W)

struct pmap {
	pt_entry_t *pml4;		/* through the direct map */
	paddr_t pml4_pa;
	/* protected by: the owning vm_map's lock (interrupts off) */
	size_t table_pages;		/* page-table pages incl. the PML4 */
	bool kernel;
};

extern struct pmap kernel_pmap_store;

/* The pmap whose PML4 is in CR3 (interrupts off to change it). */
extern struct pmap *active_pmap;

static inline bool
va_is_user(vaddr_t va)
{
	return va < (1ul << 47);
}

/*
 * The entry one level down from *e (a table entry), allocating a zeroed
 * table when absent and create is set.  NULL when absent (or when the
 * allocation failed, which sets *short_of_memory).
 */
pt_entry_t *pmap_next_table(struct pmap *pmap, pt_entry_t *e, bool create,
    bool user, bool *short_of_memory);

/* The level-1 entry for va (creating tables if create); NULL if none. */
pt_entry_t *pmap_pte(struct pmap *pmap, vaddr_t va, bool create,
    bool *short_of_memory);

/* A page filled with zeros for a page table; 0 on shortage. */
paddr_t pmap_alloc_table(void);

static inline void
tlb_invlpg(vaddr_t va)
{
	__asm__ volatile("invlpg (%0)" :: "r"(va) : "memory");
}

#endif
