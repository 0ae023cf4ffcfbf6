/*
 * The virtio-blk driver: a boot module that bootstrap starts with
 * host_priv (docs: servers/virtio-blk/DESIGN.md).  It takes the PCI
 * configuration ports, attaches every virtio-blk device it finds,
 * registers each as disk0, disk1, ... with bootstrap's name service and
 * serves block.defs on them, with the devices' interrupts arriving as
 * messages on the same port set, until it is killed.
 */
#include "blockServer.h"
#include "device_errors.h"
#include "device_notifyServer.h"
#include "disk.h"
#include "hw.h"
#include "libmach.h"
#include "name.h"
#include "srv_ipc_mach.h"
#include "srv_loop.h"
#include "ulib.h"

__attribute__((noreturn)) void ustart(const struct bootstrap_info *info);

/* Service ports, one per disk, plus the interrupt port. */
#define MAIN_OBJECTS_MAX	8

static __attribute__((noreturn)) void main_fail(const char *what, kern_return_t kr)
{
	u_printf("virtio-blk: %s failed: %d\n", what, kr);
	u_exit(1);
}

static kern_return_t main_server(struct disk_driver *drv)
{
	kern_return_t kr;

	kr = srv_server_init(&drv->srv, &srv_ipc_mach, MAIN_OBJECTS_MAX);
	if (kr == KERN_SUCCESS)
		kr = srv_server_add_demux(&drv->srv, block_server, block_MAX_MSG_SIZE);
	if (kr == KERN_SUCCESS)
		kr = srv_server_add_demux(&drv->srv, device_notify_server, device_notify_MAX_MSG_SIZE);
	if (kr == KERN_SUCCESS)
		kr = mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &drv->irq_port);
	if (kr == KERN_SUCCESS)
		kr = srv_server_add_port(&drv->srv, drv->irq_port);
	return kr;
}

/* Every device, until the first index with none; a device that fails is reported and skipped. */
static void main_attach_all(struct disk_driver *drv)
{
	for (unsigned index = 0; drv->ndisks < DISK_MAX; index++) {
		kern_return_t kr = disk_attach(drv, index);
		const struct disk *d;

		if (kr == D_NO_SUCH_DEVICE)
			return;
		if (kr != KERN_SUCCESS) {
			u_printf("virtio-blk: device %u not attached: %d\n", index, kr);
			continue;
		}
		d = &drv->disks[drv->ndisks - 1];
		u_printf("virtio-blk: %s: %lu sectors of 512 bytes, block size %u, irq %u, io 0x%x, "
			 "queue %u%s\n", d->name, (unsigned long)d->v.capacity, d->v.sector_size,
			 d->v.irq, d->v.iobase, d->v.q.size,
			 d->v.features & (1u << VIRTIO_BLK_F_RO) ? ", read-only" : "");
	}
}

/* name_register copies a send right: make one for each disk's port. */
static void main_register(struct disk_driver *drv, mach_port_t bootstrap)
{
	for (unsigned i = 0; i < drv->ndisks; i++) {
		struct disk *d = &drv->disks[i];
		kern_return_t kr;

		kr = mach_port_insert_right(mach_task_self(), d->port, d->port,
					    MACH_MSG_TYPE_MAKE_SEND);
		if (kr == KERN_SUCCESS)
			kr = name_register(bootstrap, d->name, d->port, 0);
		if (kr != KERN_SUCCESS)
			u_printf("virtio-blk: %s: name_register failed: %d\n", d->name, kr);
	}
}

void ustart(const struct bootstrap_info *info)
{
	struct disk_driver *drv = &disk_driver;
	kern_return_t kr;

	mach_init();
	drv->host_priv = info->host_priv;
	drv->dma = (struct vblk_dma){ hw_dma_alloc, &drv->host_priv };
	if (drv->host_priv == MACH_PORT_NULL)
		main_fail("host_priv", KERN_INVALID_HOST);
	kr = io_port_grant(drv->host_priv, mach_task_self(), PCI_CONFIG_ADDRESS, 8);
	if (kr != KERN_SUCCESS)
		main_fail("io_port_grant(PCI configuration)", kr);
	kr = main_server(drv);
	if (kr != KERN_SUCCESS)
		main_fail("server setup", kr);
	main_attach_all(drv);
	if (drv->ndisks == 0)
		main_fail("finding a virtio-blk device", D_NO_SUCH_DEVICE);
	main_register(drv, info->bootstrap);
	kr = srv_loop_run(&drv->srv, NULL, NULL);
	main_fail("receive loop", kr);
}
