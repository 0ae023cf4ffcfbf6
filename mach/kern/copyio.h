/*
 * Moving data between the kernel and the current user address space.
 * Every user pointer the kernel follows goes through these: the range is
 * checked to lie in the user half, and a fault that the VM cannot
 * resolve (unmapped, protection) is caught and returned as an error
 * instead of panicking the kernel.
 *
 * "Current" means the map loaded on this CPU (cpu_self()->active_map):
 * the running user thread's task.  Returns KERN_SUCCESS,
 * KERN_INVALID_ADDRESS (range outside the user half, or nothing mapped),
 * KERN_PROTECTION_FAILURE or KERN_RESOURCE_SHORTAGE (from vm_fault).
 */
#ifndef KERN_COPYIO_H
#define KERN_COPYIO_H

#include "kern/types.h"

int copyin(const void *uaddr, void *kaddr, size_t len);
int copyout(const void *kaddr, void *uaddr, size_t len);

/* Is [uaddr, uaddr + len) entirely inside the user address range? */
bool user_range_ok(uintptr_t uaddr, size_t len);

#endif
