/*
 * Rights: what a name in a space can become, and how rights move between
 * a space and the kernel's in-transit form.
 *
 * A right in kernel form is a counted port pointer plus its type
 * (MACH_MSG_TYPE_PORT_SEND, _SEND_ONCE or _RECEIVE): it accounts for one
 * port reference and, for send/send-once, one of port->srights /
 * port->sorights.  srights counts send rights, not user references: a
 * name with 5 send urefs is one send right.
 *
 * Copy-in takes a right out of a space under a disposition:
 *	MOVE_RECEIVE		receive right  -> PORT_RECEIVE (leaves the space)
 *	MOVE_SEND		one send uref  -> PORT_SEND
 *	COPY_SEND		send right     -> PORT_SEND (space keeps it)
 *	MAKE_SEND		receive right  -> PORT_SEND (mscount + 1)
 *	MOVE_SEND_ONCE		send-once      -> PORT_SEND_ONCE
 *	MAKE_SEND_ONCE		receive right  -> PORT_SEND_ONCE
 * and copy-out puts a kernel-form right into a space under a name: the
 * existing name for the port's send/receive rights (merging), or a new
 * one (always, for send-once rights).
 *
 * All functions expect the space lock held and an active space unless
 * said otherwise; they return KERN_* codes (the message layer maps them
 * to MACH_SEND_* / MACH_RCV_*).
 */
#ifndef IPC_IPC_RIGHT_H
#define IPC_IPC_RIGHT_H

#include <mach/kern_return.h>
#include <mach/message.h>
#include <mach/port.h>
#include "ipc/ipc_entry.h"

struct ipc_port;
struct ipc_space;

/*
 * The entry of a live name, after turning a send or send-once right to a
 * dead port into a dead name (the lazy half of port death).
 * KERN_INVALID_TASK for a dead space, KERN_INVALID_NAME for no such name.
 */
kern_return_t ipc_right_lookup(struct ipc_space *space, mach_port_name_t name,
    struct ipc_entry **entryp);

/* mach_port_deallocate: one uref of a send/dead name, or a send-once. */
kern_return_t ipc_right_dealloc(struct ipc_space *space, mach_port_name_t name,
    struct ipc_entry *e);

/* mach_port_destroy, and task death: every right the name holds. */
void ipc_right_destroy(struct ipc_space *space, mach_port_name_t name,
    struct ipc_entry *e);

/* mach_port_mod_refs. */
kern_return_t ipc_right_delta(struct ipc_space *space, mach_port_name_t name,
    struct ipc_entry *e, mach_port_right_t right, mach_port_delta_t delta);

/* mach_port_get_refs. */
mach_port_urefs_t ipc_right_refs(const struct ipc_entry *e,
    mach_port_right_t right);

/* ipc_space_destroy: like destroy, on a space already deactivated. */
void ipc_right_terminate(struct ipc_space *space, mach_port_name_t name,
    struct ipc_entry *e);

/*
 * The name holds no right any more (the caller took its object's
 * reference): a pending dead-name request fires port-deleted, and the
 * name is freed.  For ipc_right_copy.c.
 */
void ipc_right_entry_done(struct ipc_space *space, mach_port_name_t name,
    struct ipc_entry *e);

#endif
