/*
 * Port I/O and DMA memory for the driver on Harbor (see hw.h).  An
 * access to a port that was not granted faults (#GP): the task dies, so
 * every range is granted before vblk_find or vblk_init touches it.
 */
#include "hw.h"

#include "libmach.h"
#include "srv_portio.h"

/* The cores' accessors (portio.h): ctx is unused on Harbor. */
static uint8_t hw_in8(void *ctx, uint16_t port) { (void)ctx; return srv_inb(port); }
static uint16_t hw_in16(void *ctx, uint16_t port) { (void)ctx; return srv_inw(port); }
static uint32_t hw_in32(void *ctx, uint16_t port) { (void)ctx; return srv_inl(port); }
static void hw_out8(void *ctx, uint16_t port, uint8_t v) { (void)ctx; srv_outb(port, v); }
static void hw_out16(void *ctx, uint16_t port, uint16_t v) { (void)ctx; srv_outw(port, v); }
static void hw_out32(void *ctx, uint16_t port, uint32_t v) { (void)ctx; srv_outl(port, v); }

const struct portio hw_portio = { hw_in8, hw_in16, hw_in32, hw_out8, hw_out16, hw_out32, NULL };

int hw_dma_alloc(void *ctx, size_t size, void **va, uint64_t *pa)
{
	mach_port_t host_priv = *(const mach_port_t *)ctx;
	vm_address_t addr;
	vm_offset_t paddr;

	if (dma_alloc(host_priv, mach_task_self(), size, &addr, &paddr) != KERN_SUCCESS)
		return -1;
	*va = (void *)addr;
	*pa = paddr;
	return 0;
}
