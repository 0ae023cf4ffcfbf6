/*
 * The console driver as a program (see DESIGN.md): one task, one thread,
 * one receive loop over two ports, and the state the loop owns:
 *
 *   - the service port, registered as "console" with bootstrap: requests
 *     of console.defs (console_ipc.c);
 *   - the interrupt port registered for IRQ 4: irq_notify of
 *     device_notify.defs (console_hw.c).
 *
 * The MIG server functions take no context argument, so the driver's
 * state is the one global console_driver.  Single-threaded: no locks.
 */
#ifndef SERVERS_CONSOLE_CONSOLE_DRIVER_H
#define SERVERS_CONSOLE_CONSOLE_DRIVER_H

#include "console_core.h"
#include "srv_server.h"
#include "uart16550.h"

struct console_driver {
	struct srv_server server;
	struct uart uart;
	struct cons cons;
	mach_port_name_t host_priv;	/* send right: irq_ack */
	mach_port_name_t service;	/* receive right: the console port */
	mach_port_name_t irq_port;	/* receive right: IRQ 4 arrives here */
	unsigned long irq_ack_failed;	/* irq_ack refused: the line stays masked */
	unsigned long replies_failed;	/* deferred replies that found no one */
};

extern struct console_driver console_driver;

/* console_hw.c: the UART's registers through the granted ports. */
extern const struct uart_io console_portio;

/* console_ipc.c: how the core answers waiting calls; dead reply ports. */
extern const struct cons_ops console_reply_ops;
void console_reply_port_died(struct srv_server *s, mach_port_name_t name, void *arg);

#endif /* SERVERS_CONSOLE_CONSOLE_DRIVER_H */
