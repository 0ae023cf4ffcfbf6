/*
 * Kernel notifications: their ids and their messages as a receiver sees
 * them (mach/ipc/ipc_notify.c builds them).  Harbor's notifications have
 * no NDR record: the header is followed directly by the value.  Each
 * arrives through the send-once right given when it was requested, which
 * shows as msgh_local_port's name; msgh_remote_port is MACH_PORT_NULL.
 * Receive buffers need room for the trailer after these sizes.
 */
#ifndef _MACH_NOTIFY_H_
#define _MACH_NOTIFY_H_

#include <mach/message.h>

#define MACH_NOTIFY_FIRST		0100
#define MACH_NOTIFY_PORT_DELETED	(MACH_NOTIFY_FIRST + 001)
#define MACH_NOTIFY_PORT_DESTROYED	(MACH_NOTIFY_FIRST + 005)
#define MACH_NOTIFY_NO_SENDERS		(MACH_NOTIFY_FIRST + 006)
#define MACH_NOTIFY_SEND_ONCE		(MACH_NOTIFY_FIRST + 007)
#define MACH_NOTIFY_DEAD_NAME		(MACH_NOTIFY_FIRST + 010)
#define MACH_NOTIFY_LAST		(MACH_NOTIFY_FIRST + 015)

#ifndef MACH_KERNEL
/*
 * A name with a pending dead-name request was deleted; not_port is the
 * name it had.
 */
typedef struct {
	mach_msg_header_t	not_header;
	mach_port_name_t	not_port;
} mach_port_deleted_notification_t;

/*
 * The port died.  not_port is the requester's name for it, which is now
 * a dead name holding one extra user reference for this message: the
 * receiver deallocates it once (mach_port_deallocate).
 */
typedef struct {
	mach_msg_header_t	not_header;
	mach_port_name_t	not_port;
} mach_dead_name_notification_t;

/* The last send right went away; not_count is the port's make-send count. */
typedef struct {
	mach_msg_header_t	not_header;
	mach_port_mscount_t	not_count;
} mach_no_senders_notification_t;

/* A send-once right was destroyed unused. */
typedef struct {
	mach_msg_header_t	not_header;
} mach_send_once_notification_t;

/*
 * The receive right was destroyed while a port-destroyed request was
 * pending: it comes back in not_port (complex message).
 */
typedef struct {
	mach_msg_header_t		not_header;
	mach_msg_body_t			not_body;
	mach_msg_port_descriptor_t	not_port;
} mach_port_destroyed_notification_t;

_Static_assert(sizeof(mach_port_deleted_notification_t) == 28, "wire layout");
_Static_assert(sizeof(mach_dead_name_notification_t) == 28, "wire layout");
_Static_assert(sizeof(mach_no_senders_notification_t) == 28, "wire layout");
_Static_assert(sizeof(mach_send_once_notification_t) == 24, "wire layout");
_Static_assert(sizeof(mach_port_destroyed_notification_t) == 40, "wire layout");
#endif

#endif /* _MACH_NOTIFY_H_ */
