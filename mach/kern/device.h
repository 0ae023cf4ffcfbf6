/*
 * Device privileges: what a user-mode driver needs from the kernel, given
 * only through host_priv (the host_priv.defs routines in
 * ipc/kobj_host.c call these after the privilege check):
 *
 *  - I/O ports: a per-task I/O permission bitmap, one bit per port
 *    (0 = allowed), all denied until granted.  The processor half
 *    (loading it into the TSS on a switch) is x86_64/iopb.c.
 *  - Physical ranges for device registers (MMIO), never RAM.
 *  - DMA memory: physically contiguous, below 4 GiB, zeroed; a VM
 *    object holds its pages, so they live as long as a mapping does.
 *  - Interrupts as messages: a registered line is masked when raised,
 *    and a kernel thread sends irq_notify (device_notify.defs) to the
 *    registered port; irq_ack unmasks it.  IPC never runs in interrupt
 *    context: the handler only marks the line pending and wakes the
 *    thread.
 *
 * Lock order: called from kernel RPCs with no lock held; the bitmap's
 * pointer and length change with interrupts off (the scheduler lock),
 * since the context switch reads them.  The interrupt lines' table is
 * protected by the scheduler lock too, since the interrupt handler
 * writes it; rights are released only after the lock is dropped.
 */
#ifndef KERN_DEVICE_H
#define KERN_DEVICE_H

#include <mach/kern_return.h>

#include "kern/types.h"

struct task;

#define DEVICE_IO_PORTS		0x10000u
#define DEVICE_IO_BITMAP_BYTES	(DEVICE_IO_PORTS / 8)
#define DEVICE_DMA_MAX		(4ull << 20)
#define DEVICE_DMA_LIMIT	(1ull << 32)	/* 32-bit DMA engines */
#define DEVICE_PHYS_LIMIT	(1ull << 46)	/* beyond: not an address */

kern_return_t device_io_grant(struct task *task, uint32_t base, uint32_t count);
kern_return_t device_phys_map(struct task *task, paddr_t pa, uint64_t size,
    vaddr_t *addr);
kern_return_t device_dma_alloc(struct task *task, uint64_t size,
    vaddr_t *addr, paddr_t *pa);

#define DEVICE_IRQS		16	/* the legacy lines */

struct ipc_port;

/*
 * irq_register: port (a send right the caller keeps; NULL ends the
 * current task's own registration of irq).  irq_ack: unmask irq.
 */
kern_return_t device_irq_register(struct task *task, unsigned irq,
    struct ipc_port *port);
kern_return_t device_irq_ack(unsigned irq);

/* Interrupt context: line irq was raised and is masked (pic.c). */
void device_irq_raised(unsigned irq);

/* The task is finished: release its bitmap and its lines (task_finish). */
void device_task_release(struct task *task);

/*
 * x86_64/iopb.c.  The task's bitmap changed: reload it if it is the one
 * loaded (scheduler lock held).  Ports and physical ranges the kernel
 * drives itself, which no task may have.
 */
void arch_io_bitmap_changed(struct task *task);
bool arch_device_ports_reserved(uint32_t base, uint32_t count);
bool arch_device_phys_reserved(paddr_t pa, uint64_t size);

/* x86_64/pic.c, interrupts off.  Lines the kernel keeps for itself. */
bool arch_irq_reserved(unsigned irq);
void arch_irq_mask(unsigned irq);
void arch_irq_unmask(unsigned irq);

#endif
