/*
 * Device privileges (see device.h): the checks and the work behind the
 * host_priv routines io_port_grant, phys_map and dma_alloc.  Each call
 * validates everything first and changes nothing on an error.
 */
#include <mach/vm_inherit.h>
#include <mach/vm_prot.h>
#include <mach/vm_statistics.h>

#include "kern/bootinfo.h"
#include "kern/device.h"
#include "kern/sched.h"
#include "kern/string.h"
#include "kern/task.h"
#include "vm/vm_map.h"
#include "vm/vm_object.h"
#include "vm/vm_page.h"
#include "vm/vm_param.h"

#define IO_BITMAP_PAGES	(DEVICE_IO_BITMAP_BYTES / PAGE_SIZE)

/* A live user task: kernel_task and finished tasks get nothing. */
static bool
task_usable(const struct task *task)
{
	return task && task->map && task->state == TASK_ALIVE;
}

kern_return_t
device_io_grant(struct task *task, uint32_t base, uint32_t count)
{
	uint8_t *bitmap = task ? task->io_bitmap : NULL;
	uint32_t len, end = base + count;
	unsigned long s;
	paddr_t pa = 0;

	if (!task_usable(task))
		return KERN_INVALID_TASK;
	if (count == 0 || base >= DEVICE_IO_PORTS || count > DEVICE_IO_PORTS - base)
		return KERN_INVALID_ARGUMENT;
	if (arch_device_ports_reserved(base, count))
		return KERN_NO_ACCESS;
	if (!bitmap) {
		pa = vm_page_alloc_contig(IO_BITMAP_PAGES, 0);
		if (!pa)
			return KERN_RESOURCE_SHORTAGE;
		bitmap = PHYS_TO_KVA(pa);
		memset(bitmap, 0xff, DEVICE_IO_BITMAP_BYTES);	/* deny all */
	}
	/* The point of no return: nothing below fails. */
	for (uint32_t port = base; port < end; port++)
		bitmap[port / 8] &= (uint8_t)~(1u << (port % 8));
	len = (end + 7) / 8;
	s = sched_lock();
	task->io_bitmap = bitmap;
	if (len > task->io_bitmap_len)
		task->io_bitmap_len = len;
	arch_io_bitmap_changed(task);
	sched_unlock(s);
	return KERN_SUCCESS;
}

/* Whether [pa, pa + size) touches RAM of the memory map (any kind but reserved). */
static bool
overlaps_ram(paddr_t pa, uint64_t size)
{
	for (unsigned i = 0; i < boot_info.nmem; i++) {
		const struct boot_mem_region *r = &boot_info.mem[i];

		if (r->type == BOOT_MEM_RESERVED)
			continue;
		if (pa < r->base + r->length && r->base < pa + size)
			return true;
	}
	return false;
}

kern_return_t
device_phys_map(struct task *task, paddr_t pa, uint64_t size, vaddr_t *addr)
{
	vm_address_t where = 0;
	kern_return_t kr;

	if (!task_usable(task))
		return KERN_INVALID_TASK;
	if (size == 0 || !page_aligned(pa) || !page_aligned(size) ||
	    pa >= DEVICE_PHYS_LIMIT || size > DEVICE_PHYS_LIMIT - pa)
		return KERN_INVALID_ARGUMENT;
	if (overlaps_ram(pa, size) || arch_device_phys_reserved(pa, size))
		return KERN_NO_ACCESS;
	kr = vm_map_physical(task->map, &where, pa, size,
	    VM_PROT_READ | VM_PROT_WRITE, VM_FLAGS_ANYWHERE);
	if (kr == KERN_SUCCESS)
		*addr = where;
	return kr;
}

kern_return_t
device_dma_alloc(struct task *task, uint64_t size, vaddr_t *addr, paddr_t *pa_out)
{
	struct vm_object *obj = NULL;
	vm_address_t where = 0;
	size_t npages;
	paddr_t pa = 0;
	kern_return_t kr = KERN_SUCCESS;

	if (!task_usable(task))
		return KERN_INVALID_TASK;
	if (size == 0 || size > DEVICE_DMA_MAX)
		return KERN_INVALID_ARGUMENT;
	size = round_page(size);
	npages = atop(size);
	pa = vm_page_alloc_contig(npages, DEVICE_DMA_LIMIT);
	if (pa)
		obj = vm_object_allocate(size);
	if (!obj) {
		kr = KERN_RESOURCE_SHORTAGE;
		goto fail;
	}
	for (size_t i = 0; i < npages; i++) {
		vm_page_zero(pa + ptoa(i));
		vm_object_page_insert(obj, ptoa(i), pa + ptoa(i));
	}
	*pa_out = pa;
	pa = 0;		/* the object owns the pages now */
	/* SHARE: a child must not copy-on-write the parent's DMA buffer away. */
	kr = vm_map_object(task->map, &where, obj, size,
	    VM_PROT_READ | VM_PROT_WRITE, VM_INHERIT_SHARE, VM_FLAGS_ANYWHERE);
	if (kr != KERN_SUCCESS)
		goto fail;
	*addr = where;
	return KERN_SUCCESS;
fail:
	if (obj)
		vm_object_deallocate(obj);
	if (pa)
		vm_page_free_contig(pa, npages);
	return kr;
}

void
device_task_release(struct task *task)
{
	uint8_t *bitmap;
	unsigned long s;

	s = sched_lock();
	bitmap = task->io_bitmap;
	task->io_bitmap = NULL;
	task->io_bitmap_len = 0;
	arch_io_bitmap_changed(task);
	sched_unlock(s);
	if (bitmap)
		vm_page_free_contig(KVA_TO_PHYS(bitmap), IO_BITMAP_PAGES);
}
