/*
 * Copy objects: memory taken out of one address space, in transit to
 * another (out-of-line data of a message) or to the kernel.
 *
 * vm_map_copyin() takes [addr, addr+size) of a map:
 *  - below one page, the bytes are copied into a kernel buffer (cheaper
 *    than any mapping, and the receiver gets a page of its own);
 *  - from one page up, the whole pages of the range are shared
 *    copy-on-write with the source (its mappings lose write access, as
 *    vm_map_fork does), or split off when only that range of a shared
 *    object is the source's (see vm_map_copy.c); no byte of them is
 *    copied.  A first or last page that the range covers only in part is
 *    the exception: its bytes of the range are copied into a fresh page
 *    whose other bytes are zero, so that the receiver never sees the
 *    sender's memory around the range.  At most two pages are copied,
 *    whatever the size.
 * With src_destroy the range is then removed from the source map
 * (rounded out to pages, like vm_deallocate): the memory moves.
 *
 * vm_map_copyout() maps a copy anywhere in a map (the data keeps its
 * offset in the first page) and consumes it; nothing is touched until
 * the receiver faults.  vm_map_copy_discard() drops one.  A copy of
 * size 0 is NULL everywhere (copyin gives NULL, copyout maps nothing
 * and returns address 0, discard ignores it).
 *
 * Sizes are bounded by VM_MAP_COPY_MAX_SIZE (KERN_INVALID_ARGUMENT
 * above); running out of memory is KERN_RESOURCE_SHORTAGE and leaves
 * nothing behind; a range that is not mapped or not readable is
 * KERN_INVALID_ADDRESS / KERN_PROTECTION_FAILURE.  Nothing here panics
 * on what a user gives.
 *
 * Protected by: a copy belongs to whoever holds it (a kmsg, a kernel
 * caller); it is never shared.  Lock order: the map lock (copyin and
 * copyout lock the map they are given), then objects.
 */
#ifndef VM_VM_MAP_COPY_H
#define VM_VM_MAP_COPY_H

#include <mach/kern_return.h>
#include <mach/std_types.h>

#include "kern/types.h"
#include "vm/vm_param.h"

struct vm_map;
struct vm_map_copy;

#define VM_MAP_COPY_MAX_SIZE	(1ul << 30)	/* 1 GiB */

/* Copy (or with src_destroy, move) a range of map; NULL for size 0. */
kern_return_t vm_map_copyin(struct vm_map *map, vm_address_t addr,
    vm_size_t size, bool src_destroy, struct vm_map_copy **copyp);

/*
 * Map copy anywhere in map and consume it; *addrp is where the data
 * starts.  On failure (KERN_NO_SPACE, KERN_RESOURCE_SHORTAGE) the caller
 * still holds the copy.
 */
kern_return_t vm_map_copyout(struct vm_map *map, vm_address_t *addrp,
    struct vm_map_copy *copy);

void vm_map_copy_discard(struct vm_map_copy *copy);

/* Bytes of data in copy (0 for NULL). */
vm_size_t vm_map_copy_size(const struct vm_map_copy *copy);

/*
 * The kernel's side, for kernel-object RPCs and messages the kernel
 * sends: a copy holding size bytes of a kernel buffer (pages of their
 * own from one page up), and reading bytes [offset, offset+size) of a
 * copy into a kernel buffer (the copy stays).
 */
kern_return_t vm_map_copy_from_kernel(const void *buf, vm_size_t size,
    struct vm_map_copy **copyp);
kern_return_t vm_map_copy_to_kernel(const struct vm_map_copy *copy,
    vm_offset_t offset, void *buf, vm_size_t size);

/* Copies in existence (leak tests). */
size_t vm_map_copy_count(void);

void vm_map_copy_bootstrap(void);

#endif
