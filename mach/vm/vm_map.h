/*
 * Address maps: one per task (plus the kernel's), an ordered set of
 * entries each mapping [start, end) to an offset in a vm_object with a
 * protection, a maximum protection and an inheritance.  The machine
 * page tables (pmap) are a cache of the map, filled by vm_fault().
 *
 * The calls below are Mach's vm_* calls with a map in place of the task
 * port; the kernel's RPC server (once IPC exists) looks the task up and
 * passes its map.  All of them validate every argument first, may fail
 * with a kern_return_t, and never panic on bad input.
 *
 * Data transfer, as designed here:
 *  - vm_map_copyin_kernel / vm_map_copyout_kernel copy between a map and
 *    a kernel buffer without activating the map (the ELF loader, tests,
 *    and later small IPC payloads).  They fault pages in as a user access
 *    would, so protections are honored (the force flag skips only the
 *    write-protection check, for loading read-only text).
 *  - vm_read(map, addr, size, dst_map, &dst_addr) makes a new region in
 *    dst_map holding a copy of [addr, addr+size) of map — Mach's vm_read,
 *    whose result is out-of-line memory in the caller's space.
 *  - vm_write(map, addr, src_map, src_addr, size) overwrites memory of map
 *    with memory of src_map (Mach's vm_write with out-of-line data).
 *  - vm_copy(map, src, size, dst) copies within one map.
 *  vm_read shares whole pages copy-on-write (no data is copied); vm_write
 *  and vm_copy check both ranges, then copy bytes with memmove semantics.
 *
 * Lock order: map lock, then object locks from the top of a shadow chain
 * down, then the pmap, then zones, then the page allocator.  On one CPU
 * the map lock is "interrupts off" (so no preemption inside a VM call);
 * it is taken through vm_map_lock()/vm_map_unlock() so that SMP can make
 * it a real lock.  Interrupt handlers never call into the VM.
 */
#ifndef VM_VM_MAP_H
#define VM_VM_MAP_H

#include <mach/kern_return.h>
#include <mach/std_types.h>
#include <mach/vm_inherit.h>
#include <mach/vm_prot.h>
#include <mach/vm_region.h>
#include <mach/vm_statistics.h>

#include "kern/types.h"
#include "vm/vm_param.h"

struct vm_map;
struct pmap;

/* A new user address space with its own pmap; NULL on shortage. */
struct vm_map *vm_map_create(void);
void vm_map_reference(struct vm_map *map);
/* Drop a reference; the last one frees entries, objects, pages, tables. */
void vm_map_deallocate(struct vm_map *map);

/*
 * A new map built from parent per each entry's inheritance: SHARE maps
 * the same memory, COPY a copy-on-write copy, NONE leaves a hole.  NULL on
 * resource shortage (nothing is left half made).
 */
struct vm_map *vm_map_fork(struct vm_map *parent);

/* Load map's page tables on this CPU; NULL = kernel only. */
void vm_map_activate(struct vm_map *map);
struct pmap *vm_map_pmap(struct vm_map *map);

/*
 * Resolve a fault at addr for an access of type access (VM_PROT_READ,
 * WRITE or EXECUTE): demand zero, copy-on-write break, or a reason why
 * not: KERN_INVALID_ADDRESS (nothing mapped there), KERN_PROTECTION_FAILURE
 * (mapped without that right), KERN_RESOURCE_SHORTAGE (no memory).
 */
kern_return_t vm_fault(struct vm_map *map, vm_address_t addr, vm_prot_t access);

/* The Mach calls (see the file comment). */
kern_return_t vm_allocate(struct vm_map *map, vm_address_t *addr,
    vm_size_t size, int flags);
kern_return_t vm_deallocate(struct vm_map *map, vm_address_t addr,
    vm_size_t size);
kern_return_t vm_protect(struct vm_map *map, vm_address_t addr,
    vm_size_t size, boolean_t set_maximum, vm_prot_t new_prot);
kern_return_t vm_inherit(struct vm_map *map, vm_address_t addr,
    vm_size_t size, vm_inherit_t new_inheritance);
kern_return_t vm_read(struct vm_map *map, vm_address_t addr, vm_size_t size,
    struct vm_map *dst_map, vm_address_t *dst_addr);
kern_return_t vm_write(struct vm_map *map, vm_address_t addr,
    struct vm_map *src_map, vm_address_t src_addr, vm_size_t size);
kern_return_t vm_copy(struct vm_map *map, vm_address_t src_addr,
    vm_size_t size, vm_address_t dst_addr);
/*
 * The first region at or above *addr: its bounds in *addr and *size and
 * its attributes; KERN_INVALID_ADDRESS when there is none.
 */
kern_return_t vm_region(struct vm_map *map, vm_address_t *addr,
    vm_size_t *size, struct vm_region_basic_info *info);
/*
 * Mach's vm_map for anonymous memory (no memory object): like
 * vm_allocate, plus an alignment mask (the address has no bits of mask
 * set), protections and inheritance.
 */
kern_return_t vm_map_anon(struct vm_map *map, vm_address_t *addr,
    vm_size_t size, vm_address_t mask, int flags, vm_prot_t cur_prot,
    vm_prot_t max_prot, vm_inherit_t inheritance);

/*
 * Map physical memory that the VM does not manage (boot modules, device
 * registers) into map: wired, never copied on fork (inheritance SHARE
 * still maps the same frames), never freed by the VM.  pa and size page
 * aligned.
 */
kern_return_t vm_map_physical(struct vm_map *map, vm_address_t *addr,
    paddr_t pa, vm_size_t size, vm_prot_t prot, int flags);

/*
 * Map the whole object obj (size bytes, page aligned) into map; the new
 * entry takes over the caller's reference to obj (kern/device.c's DMA
 * memory: resident pages, freed with the object's last mapping).
 */
struct vm_object;
kern_return_t vm_map_object(struct vm_map *map, vm_address_t *addr,
    struct vm_object *obj, vm_size_t size, vm_prot_t prot,
    vm_inherit_t inheritance, int flags);

/* Copy between a map and a kernel buffer (see the file comment). */
kern_return_t vm_map_copyin_kernel(struct vm_map *map, vm_address_t addr,
    void *buf, vm_size_t size);
kern_return_t vm_map_copyout_kernel(struct vm_map *map, vm_address_t addr,
    const void *buf, vm_size_t size, bool force);

/* Counters of a map, for tests and task_info. */
struct vm_map_stats {
	size_t entries;
	vm_size_t virtual_size;		/* bytes mapped */
	size_t resident_pages;		/* pages of its top objects */
};
void vm_map_get_stats(struct vm_map *map, struct vm_map_stats *st);

/* Page counts and fault counters (mach/vm_statistics.h). */
void vm_statistics_get(struct vm_statistics *st);

#endif
