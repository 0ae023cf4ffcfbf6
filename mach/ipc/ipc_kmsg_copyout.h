/*
 * Message copy-out: the rights of a received kmsg become names in the
 * receiver's space, then the message (and the trailer the receiver asked
 * for) is written to its buffer.
 *
 * Header: the reply right becomes msgh_remote_port; the destination
 * right is used up and msgh_local_port is the receiver's name for the
 * port the message came to; the bits are swapped accordingly.  A right
 * that cannot be given a name (the space is full, urefs would overflow)
 * is released and shows as MACH_PORT_DEAD, and the result carries
 * MACH_MSG_IPC_SPACE with MACH_RCV_HEADER_ERROR or MACH_RCV_BODY_ERROR;
 * the message is still delivered.
 */
#ifndef IPC_IPC_KMSG_COPYOUT_H
#define IPC_IPC_KMSG_COPYOUT_H

#include <mach/message.h>
#include "kern/types.h"

struct ipc_kmsg;
struct ipc_space;

/* Give the message's rights names in space; *uh gets the user header. */
mach_msg_return_t ipc_kmsg_copyout(struct ipc_kmsg *kmsg,
    struct ipc_space *space, struct ipc_user_header *uh);

/*
 * Write the copied-out message and its trailer (as `option` asks) to msg
 * (a user address if `user`), and free the kmsg.  rcv_size was checked
 * by the receive.  MACH_RCV_INVALID_DATA if the buffer cannot be written.
 */
mach_msg_return_t ipc_kmsg_put(bool user, void *msg, struct ipc_kmsg *kmsg,
    const struct ipc_user_header *uh, mach_msg_option_t option);

#endif
