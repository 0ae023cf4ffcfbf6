/*
 * The insides of struct vm_map, shared by the files of mach/vm that
 * implement maps (vm_map.c, vm_map_tree.c, vm_fault.c, vm_fork.c,
 * vm_user.c).  Nothing outside mach/vm includes this.
 */
#ifndef VM_VM_MAP_IMPL_H
#define VM_VM_MAP_IMPL_H

#include "vm/vm_map.h"
#include "vm/vm_object.h"

/*
 * One mapped range.  Entries of a map never overlap; they sit both in an
 * address-ordered list (for walking ranges) and in an AVL tree keyed by
 * start (for lookup in O(log n) with thousands of entries).
 */
struct vm_map_entry {
	struct vm_map_entry *prev, *next;	/* list, with the map's header */
	struct vm_map_entry *left, *right;	/* tree */
	int height;				/* tree: of this subtree */
	vm_address_t start, end;
	/* NULL until the first fault (untouched anonymous memory) */
	struct vm_object *object;
	vm_offset_t offset;			/* of start in object */
	vm_prot_t protection, max_protection;
	vm_inherit_t inheritance;
	/*
	 * The object is shared copy-on-write with another entry: the first
	 * write gives this entry a shadow object of its own.  Until then the
	 * pmap maps it read-only.
	 */
	bool needs_copy;
	/* Maps fixed physical frames (phys_base at start), not an object. */
	bool physical;
	paddr_t phys_base;
};

struct vm_map {
	/* protected by: the map lock (vm_map_lock; interrupts off) */
	struct vm_map_entry header;	/* list sentinel: header.next = first */
	struct vm_map_entry *root;	/* AVL tree */
	struct vm_map_entry *hint;	/* last entry found: faults cluster */
	size_t nentries;
	vm_size_t size;			/* bytes mapped */
	vm_address_t min_address, max_address;
	struct pmap *pmap;
	uint32_t ref_count;
};

/* The map lock: interrupts off on one CPU (see vm_map.h). */
unsigned long vm_map_lock(struct vm_map *map);
void vm_map_unlock(struct vm_map *map, unsigned long saved);

/* Tree (vm_map_tree.c). */
void vm_map_tree_insert(struct vm_map *map, struct vm_map_entry *e);
void vm_map_tree_remove(struct vm_map *map, struct vm_map_entry *e);
/* The entry with the greatest start <= addr, or NULL. */
struct vm_map_entry *vm_map_tree_floor(const struct vm_map *map,
    vm_address_t addr);
/* Height of the tree (tests: stays logarithmic). */
int vm_map_tree_height(const struct vm_map *map);

/* Entries (vm_map.c). */
struct vm_map_entry *vm_map_entry_alloc(void);
void vm_map_entry_free(struct vm_map_entry *e);
/* The entry containing addr, or NULL. */
struct vm_map_entry *vm_map_lookup_entry(struct vm_map *map, vm_address_t addr);
/* Link e (its range free) into the list after prev and into the tree. */
void vm_map_entry_link(struct vm_map *map, struct vm_map_entry *prev,
    struct vm_map_entry *e);
void vm_map_entry_unlink(struct vm_map *map, struct vm_map_entry *e);
/*
 * Split e so that one entry starts (clip_start) or ends (clip_end) at
 * addr.  May fail only for lack of memory.
 */
kern_return_t vm_map_clip_start(struct vm_map *map, struct vm_map_entry *e,
    vm_address_t addr);
kern_return_t vm_map_clip_end(struct vm_map *map, struct vm_map_entry *e,
    vm_address_t addr);
/* Merge e with its neighbours where they are compatible. */
void vm_map_simplify(struct vm_map *map, struct vm_map_entry *e);
/* Merge every mergeable pair of entries touching [start, end]. */
void vm_map_simplify_range(struct vm_map *map, vm_address_t start,
    vm_address_t end);
/*
 * The page-rounded range [*start, *end) of [addr, addr+size) if it lies
 * inside the map's user range; false for overflow or outside (vm_user.c).
 */
bool vm_map_check_range(struct vm_map *map, vm_address_t addr,
    vm_size_t size, vm_address_t *start, vm_address_t *end);
void vm_map_bootstrap(void);
/*
 * Check that [start, end) is entirely mapped (no holes): the entry
 * containing start, or NULL.
 */
struct vm_map_entry *vm_map_range_mapped(struct vm_map *map,
    vm_address_t start, vm_address_t end);
/* Clip so [start, end) is covered by whole entries; the first of them. */
kern_return_t vm_map_clip_range(struct vm_map *map, vm_address_t start,
    vm_address_t end, struct vm_map_entry **first);
/* Remove every mapping in [start, end) (unmapping and freeing). */
kern_return_t vm_map_remove_range(struct vm_map *map, vm_address_t start,
    vm_address_t end);
/*
 * Find a free range of size bytes aligned to mask+1 at or above *addr;
 * the entry after which it lies in *prev.
 */
kern_return_t vm_map_find_space(struct vm_map *map, vm_address_t *addr,
    vm_size_t size, vm_address_t mask, struct vm_map_entry **prev);
/* Insert a new entry for [start, end), the range being free. */
kern_return_t vm_map_insert(struct vm_map *map, struct vm_map_entry *prev,
    const struct vm_map_entry *proto, struct vm_map_entry **out);
/*
 * Whether no one but e can see e's part of its object: every reference
 * to the object is an entry of this map, none copy-on-write, none
 * covering e's offsets (the pieces of one clipped entry).  Used by
 * removal (free those pages now) and by vm_map_copy.c (split them off
 * instead of copying them).
 */
bool vm_map_entry_pages_private(struct vm_map *map,
    const struct vm_map_entry *e);
/* Give an entry with needs_copy its own shadow object. */
kern_return_t vm_map_entry_resolve_copy(struct vm_map *map,
    struct vm_map_entry *e);

/*
 * Make copy — a clone of src's fields for the same or a smaller range,
 * its offset already adjusted — a copy-on-write copy of src's memory
 * (vm_fork.c).  May mark src needs_copy and write-protect it in src_map.
 */
kern_return_t vm_map_entry_copy(struct vm_map *src_map,
    struct vm_map_entry *src, struct vm_map_entry *copy);

/*
 * The fault handler's core (vm_fault.c): resolve access at addr and
 * return the page that satisfies it.  force skips the protection check
 * (kernel writes into read-only user text).
 */
kern_return_t vm_fault_page(struct vm_map *map, vm_address_t addr,
    vm_prot_t access, bool force, paddr_t *pa);
/*
 * The same with map already locked by the caller, who keeps it locked
 * while using the page (so that no one frees it meanwhile).
 */
kern_return_t vm_fault_page_locked(struct vm_map *map, vm_address_t addr,
    vm_prot_t access, bool force, paddr_t *pa);

/* Fault counters (vm_fault.c). */
extern uint64_t vm_stat_faults, vm_stat_zero_fill, vm_stat_cow;

#endif
