/*
 * Device privileges from the kernel's side (kern/device.h): what a user
 * test cannot see — that DMA memory is the physically contiguous range
 * reported, and that a task's grants and DMA memory go with it.
 */
#include <mach/kern_return.h>

#include "kern/device.h"
#include "kern/ktest.h"
#include "kern/task.h"
#include "kern/zalloc.h"
#include "vm/vm_map.h"
#include "vm/vm_page.h"
#include "vm/vm_param.h"

#define DMA_PAGES	5

/* Each page written through the task's map shows at pa + i pages. */
KTEST(device_dma_contiguous)
{
	struct task *task;
	vaddr_t addr = 0;
	paddr_t pa = 0;
	uint64_t tag;
	size_t pages;

	zone_gc();
	pages = vm_page_free_count();
	KEXPECT_EQ(task_create(NULL, false, "dma", &task), KERN_SUCCESS);
	KEXPECT_EQ(device_dma_alloc(task, DMA_PAGES * PAGE_SIZE, &addr, &pa), KERN_SUCCESS);
	KEXPECT(pa != 0 && page_aligned(pa) && pa + DMA_PAGES * PAGE_SIZE <= DEVICE_DMA_LIMIT);
	for (uint64_t i = 0; i < DMA_PAGES; i++) {
		tag = 0xd0a0 + i;
		KEXPECT_EQ(vm_map_copyout_kernel(task->map, addr + ptoa(i) + 8, &tag,
		    sizeof(tag), false), KERN_SUCCESS);
		KEXPECT_EQ(*(uint64_t *)PHYS_TO_KVA(pa + ptoa(i) + 8), tag);
	}
	KEXPECT_EQ(device_io_grant(task, 0x3f8, 8), KERN_SUCCESS);
	KEXPECT(task->io_bitmap != NULL && task->io_bitmap_len == 0x400 / 8);
	KEXPECT_EQ(device_io_grant(&kernel_task, 0x3f8, 8), KERN_INVALID_TASK);
	/* the task's death frees its DMA memory and its bitmap */
	task_terminate(task, 0);
	KEXPECT(task->io_bitmap == NULL);
	task_deallocate(task);
	zone_gc();
	KEXPECT_EQ(vm_page_free_count(), pages);
}
