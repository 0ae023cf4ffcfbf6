/*
 * copyin/copyout (kern/copyio.h) on top of copy.S's recoverable copy.
 * The VM's verdict on an unresolvable fault is kept in
 * copy_fault_result by trap.c so that the caller learns why.
 */
#include <mach/kern_return.h>

#include "kern/copyio.h"
#include "vm/vm_param.h"
#include "x86_64/copyio.h"

int copy_user_bytes(void *dst, const void *src, size_t len);

/* Set by trap.c before resuming at a fixup (scheduler lock not needed: this CPU only). */
int copy_fault_result;

bool
user_range_ok(uintptr_t uaddr, size_t len)
{
	return uaddr >= VM_MIN_USER_ADDRESS && uaddr <= VM_MAX_USER_ADDRESS &&
	    len <= VM_MAX_USER_ADDRESS - uaddr;
}

/*
 * trap.c sets copy_fault_result (never to KERN_SUCCESS) before it
 * resumes at the fixup, so the copy needs no set-up: the result is read
 * only after a fault.
 */
static inline int
copy_checked(void *dst, const void *src, size_t len)
{
	if (copy_user_bytes(dst, src, len) == 0)
		return KERN_SUCCESS;
	return copy_fault_result != KERN_SUCCESS ? copy_fault_result :
	    KERN_INVALID_ADDRESS;
}

int
copyin(const void *uaddr, void *kaddr, size_t len)
{
	if (!user_range_ok((uintptr_t)uaddr, len))
		return len == 0 ? KERN_SUCCESS : KERN_INVALID_ADDRESS;
	return copy_checked(kaddr, uaddr, len);
}

int
copyout(const void *kaddr, void *uaddr, size_t len)
{
	if (!user_range_ok((uintptr_t)uaddr, len))
		return len == 0 ? KERN_SUCCESS : KERN_INVALID_ADDRESS;
	return copy_checked(uaddr, kaddr, len);
}
