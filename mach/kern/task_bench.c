/*
 * Task benchmark (`bench` on the command line; kern/kbench.h).
 *
 * task_create_16m: task_create() of a child that inherits (copy) a parent
 * with 16 MiB of touched anonymous memory — the kernel half of fork.  One
 * sample is the create alone; the child is terminated and released, and
 * the parent writes all its pages again, outside the measured interval.
 */
#include <mach/vm_statistics.h>

#include "kern/arch.h"
#include "kern/kbench.h"
#include "kern/task.h"
#include "kern/waitq.h"
#include "vm/vm_map.h"
#include "vm/vm_param.h"

#define PARENT_BYTES	(16ul << 20)
#define REPS		21

/* Write-fault every page, so the parent owns writable copies again. */
static bool
touch(struct task *parent, vm_address_t addr)
{
	for (vm_address_t off = 0; off < PARENT_BYTES; off += PAGE_SIZE)
		if (vm_fault(parent->map, addr + off, VM_PROT_WRITE) != KERN_SUCCESS)
			return false;
	return true;
}

/* The parent: an empty task with PARENT_BYTES written page by page. */
static struct task *
make_parent(vm_address_t *addr)
{
	struct task *parent;

	*addr = 0;
	if (task_create(NULL, false, "bench-parent", &parent) != KERN_SUCCESS)
		return NULL;
	if (vm_allocate(parent->map, addr, PARENT_BYTES, VM_FLAGS_ANYWHERE) != KERN_SUCCESS ||
	    !touch(parent, *addr))
		goto fail;
	return parent;
fail:
	task_terminate(parent, 0);
	task_deallocate(parent);
	return NULL;
}

KBENCH(task_create_16m)
{
	static uint64_t samples[REPS];
	vm_address_t addr;
	struct task *parent = make_parent(&addr);
	int status;

	if (!parent) {
		kbench_fail("task_create_16m", "no memory");
		return;
	}
	for (int i = 0; i < REPS + KBENCH_WARMUP; i++) {
		struct task *child;
		uint64_t t0 = arch_cycles();
		kern_return_t kr = task_create(parent, true, "bench-child", &child);
		uint64_t t1 = arch_cycles();
		if (kr != KERN_SUCCESS) {
			kbench_fail("task_create_16m", "task_create failed");
			break;
		}
		if (i >= KBENCH_WARMUP)
			samples[i - KBENCH_WARMUP] = t1 - t0;
		task_terminate(child, 0);
		task_wait_dead(child, WAIT_FOREVER, &status);
		task_forget_child(parent, child);
		task_deallocate(child);
		/* as after a fork, the parent writes: the next fork starts writable */
		if (!touch(parent, addr)) {
			kbench_fail("task_create_16m", "no memory");
			break;
		}
	}
	kbench_report("task_create_16m", samples, REPS);
	task_terminate(parent, 0);
	task_deallocate(parent);
}
