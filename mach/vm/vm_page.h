/*
 * The page-frame allocator: one struct vm_page per physical page that
 * the boot memory map calls available, free pages on a list.
 *
 * vm_page_bootstrap() builds it from boot_info, reserving the low 1 MiB,
 * the kernel image, the boot modules and the multiboot information.
 * Contents of an allocated page are undefined: callers that need zeros
 * use vm_page_zero() (or write through PHYS_TO_KVA).
 *
 * Lock order: the free list is protected by interrupts off (one CPU);
 * it becomes a spin lock, taken last, with SMP.  Callers hold nothing
 * special.  Allocation never sleeps: it returns 0 when memory is gone and
 * the caller reports KERN_RESOURCE_SHORTAGE.
 */
#ifndef VM_VM_PAGE_H
#define VM_VM_PAGE_H

#include "kern/types.h"
#include "vm/vm_param.h"

struct vm_object;

/* vm_page.flags */
#define VM_PAGE_FREE		0x01	/* on the free list */
#define VM_PAGE_RESERVED	0x02	/* never allocatable (kernel, modules…) */
#define VM_PAGE_OBJECT		0x04	/* belongs to a vm_object */
#define VM_PAGE_ZONE		0x08	/* holds elements of a zone */

/*
 * A physical page.  Its owner decides what the union means: a vm_object
 * (vm/vm_object.c, protected by the object's lock) or a zone
 * (kern/zalloc.c, protected by the zone's lock).
 */
struct vm_page {
	/* Free list, object's page list or zone's page list. */
	struct vm_page *next, *prev;
	union {
		struct {
			struct vm_object *object;
			uint64_t offset;	/* byte offset in object */
			struct vm_page *hash_next; /* object page hash chain */
		};
		struct {
			struct zone *zone;
			void *zone_free;	/* first free element */
			size_t zone_used;	/* elements handed out */
		};
	};
	uint32_t flags;
	uint32_t refcount;		/* users outside objects (e.g. wired) */
};

void vm_page_bootstrap(void);

/* One page, or 0 when none is left. */
paddr_t vm_page_alloc(void);
void vm_page_free(paddr_t pa);

/*
 * npages physically contiguous pages entirely below max_addr (0 = no
 * limit), for DMA buffers and kernel stacks; 0 when no such run exists.
 */
paddr_t vm_page_alloc_contig(size_t npages, paddr_t max_addr);
void vm_page_free_contig(paddr_t pa, size_t npages);

size_t vm_page_free_count(void);
size_t vm_page_total_count(void);	/* pages the allocator manages */

/* The descriptor of a managed physical page; NULL if not managed. */
struct vm_page *vm_page_lookup_phys(paddr_t pa);
paddr_t vm_page_to_phys(const struct vm_page *pg);

/* Fill a page with zeros / copy one page to another (direct map). */
void vm_page_zero(paddr_t pa);
void vm_page_copy(paddr_t dst, paddr_t src);

#endif
