/*
 * The kernel's notification messages.  Each function consumes the
 * send-once right `notify` (the requester's) by sending a message through
 * it; if memory is exhausted the notification is lost and the right just
 * released — the only case where a notification does not arrive.
 *
 * Message layouts (user form; no NDR record in Harbor's messages), ids in
 * <mach/notify.h>:
 *	port-deleted, dead-name	header, mach_port_name_t not_port
 *	no-senders		header, mach_port_mscount_t not_count
 *	send-once		header
 *	port-destroyed		header, body, one port descriptor carrying
 *				the receive right (complex)
 * The header's remote port is the send-once right the notification went
 * through; there is no reply port.
 */
#ifndef IPC_IPC_NOTIFY_H
#define IPC_IPC_NOTIFY_H

#include <mach/message.h>
#include <mach/notify.h>

struct ipc_port;

/* Sizes of the messages above, as the receiver sees them. */
#define IPC_NOTIFY_NAME_SIZE		(24u + 4u)
#define IPC_NOTIFY_NO_SENDERS_SIZE	(24u + 4u)
#define IPC_NOTIFY_SEND_ONCE_SIZE	24u
#define IPC_NOTIFY_PORT_DESTROYED_SIZE	(24u + 4u + 12u)

void ipc_notify_port_deleted(struct ipc_port *notify, mach_port_name_t name);
void ipc_notify_dead_name(struct ipc_port *notify, mach_port_name_t name);
void ipc_notify_no_senders(struct ipc_port *notify, mach_port_mscount_t mscount);

/* A send-once right destroyed unused sends this through itself. */
void ipc_notify_send_once(struct ipc_port *port);

/*
 * The receive right of `port` (active, receiver cleared) travels in the
 * message; port is in transit towards notify until received.
 */
void ipc_notify_port_destroyed(struct ipc_port *notify, struct ipc_port *port);

#endif
