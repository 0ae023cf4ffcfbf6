/*
 * memory.c: brk, anonymous mmap, munmap, mprotect, mremap and madvise
 * on Harbor's vm_allocate / vm_deallocate / vm_protect.
 *
 * Mach memory is allocated zero-filled at page granularity, which is what
 * anonymous mappings promise.  What is not here yet: file mappings (they
 * need the memory-object servers), shared anonymous memory across fork
 * (a MAP_SHARED anonymous mapping is private until fork exists, and no
 * one else can see it before then), and EFAULT for bad addresses (the
 * personality runs inside the process, so a bad pointer faults there).
 *
 * Lock order: none yet.  The break is process state, and only one thread
 * exists until clone is implemented; clone must add a lock here.
 */
#include "handlers.h"
#include "harbor.h"
#include "linux_abi.h"
#include "linux_syscall.h"
#include "log.h"

#define PAGE_SIZE 4096UL

static uintptr_t page_round_up(uintptr_t v)
{
	return (v + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

static bool page_aligned(uintptr_t v)
{
	return (v & (PAGE_SIZE - 1)) == 0;
}

/* Sizes are rounded up to pages; this catches sizes that would wrap. */
static bool size_ok(size_t len)
{
	return len != 0 && len <= (size_t)-1 - PAGE_SIZE;
}

/*
 * The program break starts at the end of the program's bss, the symbol
 * the linker defines in every static executable, as Linux's does.
 */
extern char _end[];

static uintptr_t brk_current;

long posix_sys_brk(const long arg[6])
{
	uintptr_t want = (uintptr_t)arg[0];
	uintptr_t start = (uintptr_t)_end;
	uintptr_t old_top, new_top;

	if (!brk_current)
		brk_current = start;
	/* Linux's brk reports the current break when it cannot move it. */
	if (want < start)
		return (long)brk_current;
	old_top = page_round_up(brk_current);
	new_top = page_round_up(want);
	if (new_top > old_top) {
		uintptr_t at = old_top;

		if (harbor_vm_allocate(&at, new_top - old_top, false) < 0)
			return (long)brk_current;
	} else if (new_top < old_top) {
		(void)harbor_vm_deallocate(new_top, old_top - new_top);
	}
	brk_current = want;
	return (long)brk_current;
}

/* Places size bytes per the mmap flags; returns 0 and sets *addr, or an error. */
static long mmap_place(uintptr_t *addr, size_t size, long flags)
{
	uintptr_t hint = *addr;
	int r;

	if (flags & LINUX_MAP_FIXED) {
		/* MAP_FIXED replaces whatever was there. */
		(void)harbor_vm_deallocate(hint, size);
		return harbor_vm_allocate(addr, size, false);
	}
	if (flags & LINUX_MAP_FIXED_NOREPLACE) {
		r = harbor_vm_allocate(addr, size, false);
		return r == -LINUX_ENOMEM ? -LINUX_EEXIST : r;
	}
	if (hint && page_aligned(hint) &&
	    harbor_vm_allocate(addr, size, false) == 0)
		return 0;
	return harbor_vm_allocate(addr, size, true);
}

long posix_sys_mmap(const long arg[6])
{
	uintptr_t addr = (uintptr_t)arg[0];
	size_t len = (size_t)arg[1];
	int prot = (int)arg[2];
	long flags = arg[3];
	size_t size;
	long r;

	if (!(flags & LINUX_MAP_ANONYMOUS)) {
		posix_log_partial(LINUX_SYS_mmap, "file mappings not implemented");
		return -LINUX_ENODEV;
	}
	if (!size_ok(len))
		return -LINUX_EINVAL;
	if ((flags & (LINUX_MAP_FIXED | LINUX_MAP_FIXED_NOREPLACE)) &&
	    !page_aligned(addr))
		return -LINUX_EINVAL;
	size = page_round_up(len);

	r = mmap_place(&addr, size, flags);
	if (r < 0)
		return r;
	if (prot != (LINUX_PROT_READ | LINUX_PROT_WRITE)) {
		r = harbor_vm_protect(addr, size, prot);
		if (r < 0) {
			(void)harbor_vm_deallocate(addr, size);
			return r;
		}
	}
	return (long)addr;
}

long posix_sys_munmap(const long arg[6])
{
	uintptr_t addr = (uintptr_t)arg[0];
	size_t len = (size_t)arg[1];

	if (!page_aligned(addr) || !size_ok(len))
		return -LINUX_EINVAL;
	return harbor_vm_deallocate(addr, page_round_up(len));
}

long posix_sys_mprotect(const long arg[6])
{
	uintptr_t addr = (uintptr_t)arg[0];
	size_t len = (size_t)arg[1];
	int prot = (int)arg[2];

	if (!page_aligned(addr))
		return -LINUX_EINVAL;
	if (len == 0)
		return 0;
	if (!size_ok(len))
		return -LINUX_EINVAL;
	return harbor_vm_protect(addr, page_round_up(len), prot);
}

/*
 * Grows in place when the pages after the mapping are free, else moves
 * (if allowed) by allocating anew and copying.  musl's realloc of large
 * blocks lands here.  The copy is a byte copy for now; with page transfer
 * in the kernel it becomes a vm_copy of whole pages.  The moved mapping
 * is read-write, the only kind musl remaps.
 */
long posix_sys_mremap(const long arg[6])
{
	uintptr_t old = (uintptr_t)arg[0];
	size_t old_len = (size_t)arg[1];
	size_t new_len = (size_t)arg[2];
	long flags = arg[3];
	size_t old_size, new_size;
	uintptr_t at;

	if (flags & LINUX_MREMAP_FIXED) {
		posix_log_partial(LINUX_SYS_mremap, "MREMAP_FIXED not implemented");
		return -LINUX_EINVAL;
	}
	if (flags & ~(long)LINUX_MREMAP_MAYMOVE)
		return -LINUX_EINVAL;
	if (!page_aligned(old) || !size_ok(old_len) || !size_ok(new_len))
		return -LINUX_EINVAL;
	old_size = page_round_up(old_len);
	new_size = page_round_up(new_len);

	if (new_size <= old_size) {
		if (new_size < old_size)
			(void)harbor_vm_deallocate(old + new_size,
				old_size - new_size);
		return (long)old;
	}
	at = old + old_size;
	if (harbor_vm_allocate(&at, new_size - old_size, false) == 0)
		return (long)old;
	if (!(flags & LINUX_MREMAP_MAYMOVE))
		return -LINUX_ENOMEM;
	if (harbor_vm_allocate(&at, new_size, true) < 0)
		return -LINUX_ENOMEM;
	__builtin_memcpy((void *)at, (const void *)old, old_size);
	(void)harbor_vm_deallocate(old, old_size);
	return (long)at;
}

/*
 * Advice is only advice, except MADV_DONTNEED, which promises that the
 * next touch of private anonymous memory reads zeros: replacing the
 * pages with fresh zero-filled ones keeps that promise.
 */
long posix_sys_madvise(const long arg[6])
{
	uintptr_t addr = (uintptr_t)arg[0];
	size_t len = (size_t)arg[1];
	long advice = arg[2];
	size_t size;

	if (!page_aligned(addr))
		return -LINUX_EINVAL;
	if (len == 0)
		return 0;
	if (!size_ok(len))
		return -LINUX_EINVAL;
	size = page_round_up(len);
	switch (advice) {
	case LINUX_MADV_NORMAL:
	case LINUX_MADV_RANDOM:
	case LINUX_MADV_SEQUENTIAL:
	case LINUX_MADV_WILLNEED:
	case LINUX_MADV_FREE:
		return 0;
	case LINUX_MADV_DONTNEED: {
		long r = harbor_vm_deallocate(addr, size);

		return r < 0 ? r : harbor_vm_allocate(&addr, size, false);
	}
	default:
		posix_log_partial(LINUX_SYS_madvise, "advice not implemented");
		return -LINUX_EINVAL;
	}
}
