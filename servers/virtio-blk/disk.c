/*
 * Disks, interrupts and request slots (see disk.h).
 */
#include "disk.h"

#include "libmach.h"
#include "ulib.h"
#include "device_errors.h"
#include "device_notifyServer.h"
#include "hw.h"
#include "servers_bounds.h"

/*
 * Ports of the legacy register block to grant: the common header (0x14
 * bytes) and the block configuration we read (capacity, blk_size: up to
 * 0x18 more).  QEMU's BAR0 is larger; the rest is never touched.
 */
#define DISK_IO_PORTS	0x40

_Static_assert(DISK_MAX <= 10, "disk names have one digit");

struct disk_driver disk_driver;

/* The core finished a request: reply to the client. */
static void disk_done(struct vblk *v, struct vblk_req *vr, kern_return_t rc, void *arg)
{
	(void)v;
	(void)arg;
	block_ipc_complete(vr->cookie, rc);
}

/* Another disk already on this line: the one registration serves both. */
static int disk_irq_taken(const struct disk_driver *drv, uint8_t irq)
{
	for (unsigned i = 0; i < drv->ndisks; i++)
		if (drv->disks[i].v.irq == irq)
			return 1;
	return 0;
}

/*
 * irq_register copies a send right for the kernel to keep; ours goes
 * right after, so that no task but the kernel can send on irq_port.
 */
static kern_return_t disk_irq_register(struct disk_driver *drv, uint8_t irq)
{
	kern_return_t kr;

	kr = mach_port_insert_right(mach_task_self(), drv->irq_port, drv->irq_port,
				    MACH_MSG_TYPE_MAKE_SEND);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = irq_register(drv->host_priv, irq, drv->irq_port);
	mach_port_deallocate(mach_task_self(), drv->irq_port);
	return kr;
}

static kern_return_t disk_port(struct disk_driver *drv, struct disk *d)
{
	kern_return_t kr;

	kr = mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &d->port);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = srv_server_add_port(&drv->srv, d->port);
	if (kr != KERN_SUCCESS)
		mach_port_mod_refs(mach_task_self(), d->port, MACH_PORT_RIGHT_RECEIVE, -1);
	return kr;
}

kern_return_t disk_attach(struct disk_driver *drv, unsigned index)
{
	struct disk *d = &drv->disks[drv->ndisks];
	struct vblk_pci dev;
	kern_return_t kr;

	if (drv->ndisks >= DISK_MAX)
		return D_NO_MEMORY;
	kr = vblk_find(&hw_portio, index, &dev);
	if (kr != KERN_SUCCESS)
		return kr;
	/* Only 8259 lines exist for drivers; 0 (timer) and 2 (cascade) are the kernel's. */
	if (dev.irq == 0 || dev.irq == 2 || dev.irq > 15)
		return D_NO_SUCH_DEVICE;
	kr = io_port_grant(drv->host_priv, mach_task_self(), dev.iobase, DISK_IO_PORTS);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = vblk_init(&d->v, &hw_portio, &dev, &drv->dma, disk_done, drv);
	if (kr != KERN_SUCCESS)
		return kr;
	if (!disk_irq_taken(drv, dev.irq)) {
		kr = disk_irq_register(drv, dev.irq);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	kr = disk_port(drv, d);
	if (kr != KERN_SUCCESS)
		return kr;
	/* "disk" and one digit: DISK_MAX is at most 10. */
	memcpy(d->name, "disk", 4);
	d->name[4] = (char)('0' + drv->ndisks);
	d->name[5] = '\0';
	drv->ndisks++;
	return KERN_SUCCESS;
}

struct disk *disk_lookup(struct disk_driver *drv, mach_port_t port)
{
	for (unsigned i = 0; i < drv->ndisks; i++)
		if (drv->disks[i].port == port)
			return &drv->disks[i];
	return NULL;
}

struct disk_req *disk_req_get(struct disk_driver *drv, struct disk *d, mach_port_t reply,
			      mach_msg_id_t request_id)
{
	for (unsigned i = 0; i < DISK_SLOTS; i++) {
		struct disk_req *r = &drv->slots[i];
		void *va;

		if (r->busy)
			continue;
		/* A slot keeps its buffer: DMA memory is allocated once per slot ever used. */
		if (r->buf == NULL) {
			if (drv->dma.alloc(drv->dma.ctx, BLOCK_IO_MAX, &va, &r->buf_pa) != 0)
				return NULL;
			r->buf = va;
		}
		r->busy = 1;
		r->disk = d;
		r->reply = reply;
		r->request_id = request_id;
		r->vr = (struct vblk_req){ .data_pa = r->buf_pa, .cookie = r };
		return r;
	}
	return NULL;
}

void disk_req_put(struct disk_req *r)
{
	r->busy = 0;
	r->reply = MACH_PORT_NULL;
}

/*
 * device_notify.defs: a line of ours was raised and is masked.  Every
 * disk on it reads its ISR (which lowers the line) and completes what is
 * done; then the line is unmasked.  Only the kernel holds a send right
 * to irq_port, but the port and line are checked all the same.
 */
kern_return_t catch_irq_notify(mach_port_t port, natural_t irq)
{
	struct disk_driver *drv = &disk_driver;
	int ours = 0;

	if (port != drv->irq_port)
		return KERN_INVALID_RIGHT;
	for (unsigned i = 0; i < drv->ndisks; i++) {
		if (drv->disks[i].v.irq == irq) {
			vblk_interrupt(&drv->disks[i].v);
			ours = 1;
		}
	}
	if (!ours)
		return KERN_INVALID_ARGUMENT;
	return irq_ack(drv->host_priv, irq);
}
