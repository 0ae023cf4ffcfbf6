/*
 * Kernel notifications reaching a server's receive loop.
 *
 * A notification is believed only if it has a notification id, the exact
 * size of its kind, no reply port, and the kernel's security token in its
 * trailer ({0, 0}: only the kernel and uid 0 carry it).  An object port
 * is its own no-senders notification port, so any client holding a send
 * right could otherwise send a fake "no senders" and make the server drop
 * an object still in use; such a message is destroyed and counted
 * (stats.forged), never acted on.
 *
 *  - no-senders on an object's port: if no send right was made since the
 *    notification was generated (its make-send count equals the port's),
 *    the object is removed, its port destroyed, its no_senders callback
 *    run; if one was, the request is armed again and the object stays.
 *  - dead-name on the notification port: the server's dead_name callback,
 *    then the notification's extra reference on the dead name is dropped.
 *    The callback drops the references the server itself holds.
 *  - send-once, port-deleted: nothing to do.  port-destroyed: the
 *    receive right it returns is destroyed.
 */
#ifndef SERVERS_LIB_SRV_NOTIFY_H
#define SERVERS_LIB_SRV_NOTIFY_H

#include "srv_server.h"

int srv_notify_is_notification(const mach_msg_header_t *msg);
void srv_notify_handle(struct srv_server *s, mach_msg_header_t *msg);

/* The sender's token from the trailer after a received message, or NULL. */
const security_token_t *srv_msg_sender(const mach_msg_header_t *msg);

#endif /* SERVERS_LIB_SRV_NOTIFY_H */
