/*
 * The console driver (servers/console, DESIGN.md): a native task started
 * by bootstrap with host_priv.  It takes COM1 (I/O ports 0x3F8-0x3FF and
 * IRQ 4), registers its service port as "console" with bootstrap's name
 * service, and serves console.defs and the interrupt messages in one
 * receive loop.
 *
 * Order matters at start: the interrupt port is registered before the
 * UART's interrupts are enabled (uart_init), so the first interrupt finds
 * a port; and the name is registered last, so no client reaches a driver
 * that is not ready.
 */
#include "console_driver.h"

#include "consoleServer.h"
#include "device_notifyServer.h"
#include "libmach.h"
#include "name.h"
#include "srv_ipc_mach.h"
#include "srv_loop.h"
#include "ulib.h"

#define CONSOLE_BAUD		115200	/* what the kernel's log uses (mach/x86_64/serial.c) */
#define CONSOLE_UART_PORTS	8
#define CONSOLE_OBJECTS_MAX	4	/* the server has no per-client objects yet */

struct console_driver console_driver;

__attribute__((noreturn)) void ustart(const struct bootstrap_info *info);

static __attribute__((noreturn)) void console_fail(const char *what, kern_return_t kr)
{
	u_printf("console: %s failed: %d\n", what, kr);
	u_exit(1);
}

/* A new receive right served by the loop, and a send right to hand out. */
static kern_return_t console_new_port(mach_port_name_t *port)
{
	kern_return_t kr = mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, port);

	if (kr == KERN_SUCCESS)
		kr = srv_server_add_port(&console_driver.server, *port);
	if (kr == KERN_SUCCESS)
		kr = mach_port_insert_right(mach_task_self(), *port, *port, MACH_MSG_TYPE_MAKE_SEND);
	return kr;
}

/*
 * IRQ 4 to the interrupt port, and the service port under "console".
 * The kernel and bootstrap keep copies of the send rights; we drop ours,
 * so only the kernel can send to the interrupt port.
 */
static kern_return_t console_take_irq(struct console_driver *d)
{
	kern_return_t kr = console_new_port(&d->irq_port);

	if (kr != KERN_SUCCESS)
		return kr;
	kr = irq_register(d->host_priv, UART_COM1_IRQ, d->irq_port);
	mach_port_deallocate(mach_task_self(), d->irq_port);
	return kr;
}

static kern_return_t console_register(struct console_driver *d, mach_port_name_t bootstrap)
{
	kern_return_t kr = console_new_port(&d->service);

	if (kr != KERN_SUCCESS)
		return kr;
	kr = name_register(bootstrap, "console", d->service, 0);
	mach_port_deallocate(mach_task_self(), d->service);
	return kr;
}

void ustart(const struct bootstrap_info *info)
{
	struct console_driver *d = &console_driver;
	kern_return_t kr;

	mach_init();
	d->host_priv = info->host_priv;
	if (!MACH_PORT_VALID(d->host_priv))
		console_fail("host_priv", KERN_NO_ACCESS);
	kr = io_port_grant(d->host_priv, mach_task_self(), UART_COM1_BASE, CONSOLE_UART_PORTS);
	if (kr != KERN_SUCCESS)
		console_fail("io_port_grant", kr);
	kr = srv_server_init(&d->server, &srv_ipc_mach, CONSOLE_OBJECTS_MAX);
	if (kr == KERN_SUCCESS)
		kr = srv_server_add_demux(&d->server, console_server, console_MAX_MSG_SIZE);
	if (kr == KERN_SUCCESS)
		kr = srv_server_add_demux(&d->server, device_notify_server, device_notify_MAX_MSG_SIZE);
	if (kr != KERN_SUCCESS)
		console_fail("server", kr);
	srv_server_on_dead_name(&d->server, console_reply_port_died, NULL);
	kr = console_take_irq(d);
	if (kr != KERN_SUCCESS)
		console_fail("irq_register", kr);
	kr = uart_init(&d->uart, &console_portio, UART_COM1_BASE, CONSOLE_BAUD);
	if (kr != KERN_SUCCESS)
		console_fail("uart_init (no UART at COM1)", kr);
	cons_init(&d->cons, &d->uart, &console_reply_ops);
	/*
	 * Log before registering: once the name is there, clients (and the
	 * POSIX programs bootstrap holds back until then) start writing, and
	 * a line logged afterwards would land among their output.
	 */
	u_printf("console: COM1 at %d baud, IRQ %d, registering as \"console\"\n",
		 CONSOLE_BAUD, UART_COM1_IRQ);
	kr = console_register(d, info->bootstrap);
	if (kr != KERN_SUCCESS)
		console_fail("name_register", kr);
	srv_loop_run(&d->server, NULL, NULL);
	u_printf("console: receive loop ended\n");
	u_exit(1);
}
