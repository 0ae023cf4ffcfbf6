/*
 * Message copy-in: from the sender's buffer (user memory through
 * copyin, or a kernel buffer) into a kmsg, then every name in it turned
 * into a right in kernel form.
 *
 * Everything a sender controls is checked before it is used: the size
 * (aligned, within IPC_KMSG_MAX_SIZE), the header bits and dispositions,
 * the descriptor count and each descriptor's type, size and disposition,
 * and each name against the sender's space.  The message is copied into
 * the kernel once, first, and only the kernel copy is read afterwards,
 * so a sender changing its buffer meanwhile changes nothing.
 *
 * Errors are MACH_SEND_*.  On an error nothing is queued and every right
 * already taken from the sender is released (the message is destroyed),
 * as in Mach.  Descriptors the layer cannot carry yet (out-of-line memory
 * and port arrays, until the VM copy interface exists) are refused with
 * MACH_SEND_INVALID_TYPE.
 */
#ifndef IPC_IPC_KMSG_COPYIN_H
#define IPC_IPC_KMSG_COPYIN_H

#include <mach/message.h>
#include "kern/types.h"

struct ipc_kmsg;
struct ipc_space;

/*
 * Copy send_size bytes at msg (a user address if `user`) into a new kmsg;
 * the header's names are left in *uh.
 */
mach_msg_return_t ipc_kmsg_get(bool user, const void *msg,
    mach_msg_size_t send_size, struct ipc_kmsg **kmsgp,
    struct ipc_user_header *uh);

/*
 * Turn the header's and the body's names into rights taken from space.
 * Consumes the kmsg on failure.
 */
mach_msg_return_t ipc_kmsg_copyin(struct ipc_kmsg *kmsg,
    struct ipc_space *space, const struct ipc_user_header *uh);

#endif
