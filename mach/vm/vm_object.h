/*
 * VM objects: the memory behind map entries.  Every object here is
 * anonymous: its pages start as zeros (demand zero) and live only in
 * memory.  Copy-on-write uses shadow chains: an object may have a
 * backing object ("shadow") whose pages it shows wherever it has none of
 * its own; a write copies the page up into the front object.
 *
 * References: one per map entry that points at the object, one per
 * object that shadows it.  The last reference frees the pages, and drops
 * the reference to the backing object.
 *
 * Collapse: when a backing object's only reference is its one shadow, no
 * one else can see it, so its pages move up into the shadow (those the
 * shadow already has are freed) and the chain gets one shorter.  This is
 * what keeps repeated fork from growing chains without bound.
 *
 * Lock order: objects are locked top of chain first, each under the map
 * lock of the entry being worked on (one CPU: the map lock, interrupts
 * off, covers them).
 */
#ifndef VM_VM_OBJECT_H
#define VM_VM_OBJECT_H

#include <mach/kern_return.h>
#include <mach/std_types.h>

#include "kern/types.h"

struct vm_page;

struct vm_object {
	/* protected by: the object lock (the map lock on one CPU) */
	uint32_t ref_count;
	size_t resident_count;
	struct vm_page *pages;		/* resident pages, any order */
	struct vm_object *shadow;	/* backing object, or NULL */
	vm_offset_t shadow_offset;	/* where our offset 0 is in shadow */
	vm_size_t size;			/* bytes; pages at offsets below it */
};

void vm_object_bootstrap(void);

/* A new empty anonymous object of size bytes; NULL on shortage. */
struct vm_object *vm_object_allocate(vm_size_t size);
void vm_object_reference(struct vm_object *obj);
void vm_object_deallocate(struct vm_object *obj);

/* The resident page of obj at offset (page aligned), or NULL. */
struct vm_page *vm_object_page_lookup(struct vm_object *obj, vm_offset_t offset);
/* Make the allocated page at pa obj's page at offset. */
void vm_object_page_insert(struct vm_object *obj, vm_offset_t offset, paddr_t pa);
/* Take pg out of its object and free it. */
void vm_object_page_free(struct vm_page *pg);

/* Free obj's own resident pages at offsets in [start, end). */
void vm_object_page_remove(struct vm_object *obj, vm_offset_t start,
    vm_offset_t end);

/*
 * A new object of size bytes backed by *obj at *offset, replacing the
 * caller's reference: on success *obj is the new object and *offset 0.
 */
kern_return_t vm_object_shadow(struct vm_object **obj, vm_offset_t *offset,
    vm_size_t size);

/* Collapse obj's backing objects into it while that is possible. */
void vm_object_collapse(struct vm_object *obj);

/*
 * A new object holding a copy of what obj shows in [offset, offset+size):
 * every resident page of the chain copied (for copying memory that is
 * shared, where copy-on-write would also see the sharers' writes).
 */
struct vm_object *vm_object_copy_eager(struct vm_object *obj,
    vm_offset_t offset, vm_size_t size);

/*
 * For copy objects (vm_map_copy.c):
 *
 * vm_object_split: a new object showing what obj shows in [offset,
 * offset+size): obj's own resident pages there move into it (no data is
 * copied) and it shadows obj's backing object at the matching offset.
 * For a range no one else can see (vm_map_entry_pages_private): the
 * range leaves a shared object without copying.  NULL on shortage, obj
 * unchanged.
 *
 * vm_object_chain_page: the page obj shows at offset (page aligned),
 * looking down its chain; NULL means zeros.
 */
struct vm_object *vm_object_split(struct vm_object *obj, vm_offset_t offset,
    vm_size_t size);
struct vm_page *vm_object_chain_page(struct vm_object *obj,
    vm_offset_t offset);

/* Number of objects in obj's chain, obj included (tests). */
unsigned vm_object_chain_length(const struct vm_object *obj);

/* Objects and resident object pages in existence (leak tests). */
size_t vm_object_count(void);

#endif
