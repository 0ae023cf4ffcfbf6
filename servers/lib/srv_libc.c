/*
 * The heap the server library and the servers' cores call, which
 * mach/user's libmachrt.a lacks (servers are not built on musl; the
 * string functions are libmachrt's).  User-space build only (lib/libsrvuser.a);
 * the host build uses the host's C library.
 *
 * The heap is page-granular on purpose: a server allocates a few
 * long-lived buffers (the receive loop's, tables) at start-up, not many
 * small objects, so each block is its own vm_allocate region and free
 * gives it back to the kernel at once.  A header just below the pointer
 * records the region, so free needs nothing else.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <mach/vm_statistics.h>

#include "libmach.h"

#define SRV_HEAP_PAGE	4096u

struct srv_block {
	vm_address_t base;	/* the region's start */
	vm_size_t size;		/* and length */
};

void *aligned_alloc(size_t align, size_t size)
{
	vm_address_t base = 0;
	size_t head, total;
	struct srv_block *b;

	/* The pointer is base + head, head a multiple of align with room for the header. */
	if (align < sizeof(struct srv_block))
		align = sizeof(struct srv_block);
	if (align > SRV_HEAP_PAGE || (align & (align - 1)) != 0)
		return NULL;
	head = align;
	if (size > SIZE_MAX - head - SRV_HEAP_PAGE)
		return NULL;
	total = (head + size + SRV_HEAP_PAGE - 1) & ~(size_t)(SRV_HEAP_PAGE - 1);
	if (vm_allocate(mach_task_self(), &base, total, VM_FLAGS_ANYWHERE) != KERN_SUCCESS)
		return NULL;
	b = (struct srv_block *)(base + head) - 1;
	b->base = base;
	b->size = total;
	return (void *)(base + head);
}

void *malloc(size_t size)
{
	return aligned_alloc(16, size);
}

void *calloc(size_t n, size_t size)
{
	/* Fresh pages from vm_allocate are zero. */
	if (size != 0 && n > SIZE_MAX / size)
		return NULL;
	return aligned_alloc(16, n * size);
}

void free(void *p)
{
	const struct srv_block *b;

	if (p == NULL)
		return;
	b = (const struct srv_block *)p - 1;
	vm_deallocate(mach_task_self(), b->base, b->size);
}
