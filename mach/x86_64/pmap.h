/*
 * x86_64 page tables: what mach/x86_64 itself (and only it) needs beyond
 * the generic vm/pmap.h.  Intel SDM vol. 3A, chapter 4 (4-level paging).
 */
#ifndef X86_64_PMAP_H
#define X86_64_PMAP_H

#include "kern/types.h"
#include "vm/pmap.h"

/* Page-table entry bits (SDM vol. 3A, 4.5). */
#define PG_P		(1ul << 0)	/* present */
#define PG_W		(1ul << 1)	/* writable */
#define PG_U		(1ul << 2)	/* user */
#define PG_PWT		(1ul << 3)	/* write-through */
#define PG_PCD		(1ul << 4)	/* cache disable */
#define PG_A		(1ul << 5)	/* accessed */
#define PG_D		(1ul << 6)	/* dirty */
#define PG_PS		(1ul << 7)	/* large page (PDPT/PD level) */
#define PG_G		(1ul << 8)	/* global: kept across CR3 loads */
#define PG_NX		(1ul << 63)	/* no execute */
#define PG_FRAME	0x000ffffffffff000ul

/*
 * Map device registers (uncached) at pa for size bytes and return their
 * kernel address, which is PHYS_TO_KVA(pa): device memory lives in the
 * direct map's address range too.  NULL on shortage.  For the local APIC,
 * IO APIC, HPET.
 */
void *pmap_map_device(paddr_t pa, size_t size);

/* Physical address of pmap's top-level table, for CR3. */
paddr_t pmap_cr3(const struct pmap *pmap);

/* pmap_bootstrap's figures for the log and tests. */
paddr_t pmap_direct_map_end(void);	/* physical end of the direct map */

#endif
