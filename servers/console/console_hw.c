/*
 * The console driver's side of the hardware: the UART's registers through
 * the in/out instructions (the kernel granted us ports 0x3F8-0x3FF with
 * io_port_grant, so they do not fault), and IRQ 4 as irq_notify messages
 * of device_notify.defs on the interrupt port.
 *
 * An interrupt is served whole before the line is unmasked: uart_interrupt
 * reads IIR until the UART has nothing pending (so its interrupt output is
 * low and the next condition makes a new edge at the 8259), then the core
 * hands received bytes to waiting readers and admits waiting writers into
 * the transmit ring, and only then irq_ack unmasks the line.
 */
#include "console_driver.h"

#include "device_notifyServer.h"
#include "libmach.h"
#include "srv_portio.h"

/* The core's accessors (uart16550.h): ctx is unused on Harbor. */
static uint8_t hw_inb(void *ctx, uint16_t port) { (void)ctx; return srv_inb(port); }
static void hw_outb(void *ctx, uint16_t port, uint8_t v) { (void)ctx; srv_outb(port, v); }

const struct uart_io console_portio = { hw_inb, hw_outb, NULL };

kern_return_t catch_irq_notify(mach_port_t port, natural_t irq)
{
	struct console_driver *d = &console_driver;

	/*
	 * The demux serves every port of the set, so a client could send an
	 * irq_notify to the console port: only the kernel can send to the
	 * interrupt port (we never made a send right for anyone else).
	 */
	if (port != d->irq_port || irq != UART_COM1_IRQ)
		return KERN_INVALID_ARGUMENT;
	uart_interrupt(&d->uart);
	cons_service(&d->cons);
	if (irq_ack(d->host_priv, irq) != KERN_SUCCESS)
		d->irq_ack_failed++;
	return KERN_SUCCESS;
}
