/*
 * Device privileges (see device.h): the checks and the work behind the
 * host_priv routines io_port_grant, phys_map, dma_alloc, irq_register
 * and irq_ack.  Each call validates everything first and changes
 * nothing on an error.
 */
#include <mach/vm_inherit.h>
#include <mach/vm_prot.h>
#include <mach/vm_statistics.h>

#include "ipc/device_notify.h"
#include "ipc/ipc_kobject.h"
#include "ipc/ipc_port.h"
#include "kern/bootinfo.h"
#include "kern/clock.h"
#include "kern/device.h"
#include "kern/sched.h"
#include "kern/string.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "kern/waitq.h"
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

/* --- Interrupts as messages --- */

/*
 * The registered lines.  Protected by the scheduler lock (interrupts
 * off), since device_irq_raised writes `pending` from the handler.
 *
 * A line's life: registered (unmasked) -> raised (masked by pic.c,
 * pending) -> sent by the interrupt thread (masked until irq_ack) ->
 * acknowledged (unmasked).  A send that finds the queue full leaves the
 * line `deferred`: the thread tries it again every DEVICE_IRQ_RETRY_NS,
 * so a busy driver loses no interrupt and the kernel never waits on it.
 */
struct device_irq {
	struct ipc_port *port;		/* a send right; NULL: free */
	struct task *owner;		/* who registered; only compared */
	bool pending;			/* raised, not yet sent */
	bool deferred;			/* the port's queue was full */
};

#define DEVICE_IRQ_RETRY_NS	(10ull * 1000 * 1000)

static struct device_irq device_irqs[DEVICE_IRQS];
static struct waitq device_irq_wq;	/* the interrupt thread waits here */
static struct thread *device_irq_thread;

/* The next line to send, waiting for one (scheduler lock held). */
static unsigned
device_irq_next(void)
{
	for (;;) {
		bool deferred = false;
		uint64_t deadline = WAIT_FOREVER;

		for (unsigned irq = 0; irq < DEVICE_IRQS; irq++) {
			struct device_irq *l = &device_irqs[irq];

			if (l->pending && l->port) {
				l->pending = false;
				return irq;
			}
			deferred |= l->deferred && l->port;
		}
		if (deferred)
			deadline = clock_monotonic_ns() + DEVICE_IRQ_RETRY_NS;
		waitq_assert_wait(&device_irq_wq, deadline, false);
		if (thread_block() == WAIT_TIMED_OUT)
			for (unsigned irq = 0; irq < DEVICE_IRQS; irq++)
				if (device_irqs[irq].deferred) {
					device_irqs[irq].deferred = false;
					device_irqs[irq].pending = true;
				}
	}
}

/*
 * The interrupt thread: irq_notify for each raised line.  A dead port
 * ends the registration; a full queue defers the line (see above).
 */
static void
device_irq_main(void *arg)
{
	(void)arg;
	for (;;) {
		unsigned long s = sched_lock();
		unsigned irq = device_irq_next();
		struct ipc_port *port = device_irqs[irq].port;
		mach_msg_return_t mr;

		ipc_port_reference(port);	/* the line may end meanwhile */
		sched_unlock(s);
		mr = irq_notify(port, irq);
		if (mr == MACH_SEND_INVALID_DEST && device_irqs[irq].port == port)
			device_irq_register(device_irqs[irq].owner, irq, NULL);
		else if (mr != MACH_MSG_SUCCESS) {
			s = sched_lock();
			if (device_irqs[irq].port == port)
				device_irqs[irq].deferred = true;
			sched_unlock(s);
		}
		ipc_port_release(port);
	}
}

void
device_irq_raised(unsigned irq)
{
	if (irq >= DEVICE_IRQS || !device_irqs[irq].port)
		return;		/* stays masked: nobody wants it */
	device_irqs[irq].pending = true;
	waitq_wakeup_one(&device_irq_wq, WAIT_AWAKENED);
}

/* Whether the line is held by a registration that still counts. */
static bool
device_irq_busy(const struct device_irq *l)
{
	return l->port && ipc_port_active(l->port);
}

/*
 * Register port for irq, or (port NULL) end task's own registration.
 * A registration whose port died is over: the line is free again.
 */
kern_return_t
device_irq_register(struct task *task, unsigned irq, struct ipc_port *port)
{
	struct device_irq *l;
	struct ipc_port *old, *right = NULL;
	unsigned long s;

	if (irq >= DEVICE_IRQS || arch_irq_reserved(irq))
		return KERN_INVALID_ARGUMENT;
	l = &device_irqs[irq];
	/* A kernel object's port would never hear of it. */
	if (port == IPC_PORT_DEAD ||
	    (port && (!ipc_port_active(port) || ipc_kobject_is_kport(port))))
		return KERN_INVALID_CAPABILITY;
	if (port && device_irq_busy(l))
		return KERN_NO_ACCESS;
	if (!port && (!l->port || l->owner != task))
		return KERN_INVALID_ARGUMENT;	/* not the caller's to end */
	if (port && !device_irq_thread) {
		waitq_init(&device_irq_wq);
		device_irq_thread = thread_create_kernel("irq", device_irq_main,
		    NULL, SCHED_PRI_KERNEL, 0);
		if (!device_irq_thread)
			return KERN_RESOURCE_SHORTAGE;
	}
	/* The point of no return: nothing below fails. */
	if (port)
		right = ipc_port_copy_send(port);
	s = sched_lock();
	old = l->port;
	l->port = right;
	l->owner = right ? task : NULL;
	l->pending = l->deferred = false;
	if (right)
		arch_irq_unmask(irq);
	else
		arch_irq_mask(irq);
	sched_unlock(s);
	if (old)
		ipc_port_release_send(old);
	return KERN_SUCCESS;
}

kern_return_t
device_irq_ack(unsigned irq)
{
	kern_return_t kr = KERN_INVALID_ARGUMENT;
	unsigned long s;

	if (irq >= DEVICE_IRQS)
		return kr;
	s = sched_lock();
	if (device_irq_busy(&device_irqs[irq])) {
		arch_irq_unmask(irq);
		kr = KERN_SUCCESS;
	}
	sched_unlock(s);
	return kr;
}

void
device_task_release(struct task *task)
{
	uint8_t *bitmap;
	unsigned long s;

	for (unsigned irq = 0; irq < DEVICE_IRQS; irq++)
		if (device_irqs[irq].port && device_irqs[irq].owner == task)
			device_irq_register(task, irq, NULL);
	s = sched_lock();
	bitmap = task->io_bitmap;
	task->io_bitmap = NULL;
	task->io_bitmap_len = 0;
	arch_io_bitmap_changed(task);
	sched_unlock(s);
	if (bitmap)
		vm_page_free_contig(KVA_TO_PHYS(bitmap), IO_BITMAP_PAGES);
}
