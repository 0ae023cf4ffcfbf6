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
 *
 * Out-of-line memory and port arrays are placed by ipc_kmsg_put, which
 * knows whether the receiver is a user (its map is the current user
 * map, as for copyout()) or the kernel:
 *  - a region is mapped anywhere in the receiver's map (vm_map_copyout:
 *    the pages, not their bytes); the descriptor gets its address, with
 *    copy MACH_MSG_VIRTUAL_COPY and deallocate false;
 *  - a port array's rights become names in the receiver's space and the
 *    names are written to newly allocated memory; the disposition is the
 *    type of right received;
 *  - a kernel receiver gets struct vm_map_copy pointers in both cases
 *    (the names of a port array as the copy's data) and owns them.
 * If the receiver's map has no room: the memory (or the array's rights)
 * is released, the address is 0 and the result is MACH_RCV_BODY_ERROR
 * with MACH_MSG_VM_SPACE; the rest of the message is still delivered.
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
 * Place the out-of-line data (above), write the copied-out message and
 * its trailer (as `option` asks) to msg (a user address if `user`), and
 * free the kmsg.  rcv_size was checked by the receive.
 * MACH_RCV_INVALID_DATA if the buffer cannot be written (the memory just
 * mapped is removed again).
 */
mach_msg_return_t ipc_kmsg_put(bool user, void *msg, struct ipc_kmsg *kmsg,
    const struct ipc_user_header *uh, mach_msg_option_t option);

#endif
