/*
 * Moving rights between a space and their kernel form (ipc_right.h
 * explains the accounting): the half of message copy-in and copy-out
 * that deals with one right, and of mach_port_extract_right /
 * mach_port_insert_right.
 *
 * Space lock held; the functions return KERN_* codes.
 */
#ifndef IPC_IPC_RIGHT_COPY_H
#define IPC_IPC_RIGHT_COPY_H

#include <mach/kern_return.h>
#include <mach/message.h>
#include <mach/port.h>
#include "kern/types.h"

struct ipc_port;
struct ipc_space;

/* The type a right has in kernel form after copy-in under a disposition. */
mach_msg_type_name_t ipc_right_copyin_type(mach_msg_type_name_t disposition);

/*
 * Take a right out of `space` under `disposition` (MACH_MSG_TYPE_MOVE_* /
 * COPY_SEND / MAKE_*).  A send disposition on a dead name gives
 * IPC_PORT_DEAD (a move takes one dead-name uref).  Nothing changes on
 * failure: KERN_INVALID_NAME, KERN_INVALID_RIGHT, KERN_INVALID_VALUE (not
 * a disposition), KERN_INVALID_TASK.
 */
kern_return_t ipc_right_copyin(struct ipc_space *space, mach_port_name_t name,
    mach_msg_type_name_t disposition, struct ipc_port **portp);

/*
 * Check that copyin(name, disposition) would succeed, without doing it;
 * `dead_ok` accepts a dead name for send dispositions.
 */
kern_return_t ipc_right_copyin_check(struct ipc_space *space,
    mach_port_name_t name, mach_msg_type_name_t disposition, bool dead_ok);

/*
 * Put a kernel-form right of type msgt_name into `space`; its name in
 * *namep.  NULL gives MACH_PORT_NULL and IPC_PORT_DEAD or a right to a
 * dead port MACH_PORT_DEAD (the right is released).  On failure
 * (KERN_NO_SPACE, KERN_RESOURCE_SHORTAGE, KERN_UREFS_OVERFLOW,
 * KERN_INVALID_TASK) the caller still holds the right.
 */
kern_return_t ipc_right_copyout(struct ipc_space *space,
    struct ipc_port *port, mach_msg_type_name_t msgt_name,
    mach_port_name_t *namep);

/*
 * The same under a chosen name (mach_port_insert_right): the name must be
 * free or already name this port's send/receive rights.  KERN_NAME_EXISTS,
 * KERN_RIGHT_EXISTS (the port has another name here), KERN_INVALID_NAME,
 * KERN_INVALID_CAPABILITY (dead port), KERN_UREFS_OVERFLOW.
 */
kern_return_t ipc_right_copyout_name(struct ipc_space *space,
    struct ipc_port *port, mach_msg_type_name_t msgt_name,
    mach_port_name_t name);

#endif
