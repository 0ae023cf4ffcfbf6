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
 * as in Mach.
 *
 * Out-of-line memory and port arrays (the OOL rules of ipc/DESIGN.md):
 * a user sender's regions are in the current user map (the one copyin()
 * reads, cpu_self()->active_map).  Order: (1) check everything that
 * needs no memory access: layout, types, copy options, dispositions,
 * counts and sizes against their bounds (MACH_SEND_TOO_LARGE), address
 * ranges inside the user half (MACH_SEND_INVALID_MEMORY), port
 * descriptors' names; (2) gather: each region becomes a copy object
 * (vm_map_copyin without src_destroy: unmapped or unreadable memory is
 * MACH_SEND_INVALID_MEMORY, exhaustion MACH_SEND_NO_BUFFER), each port
 * array's names are read and checked; a failure here releases what was
 * gathered and leaves the sender as it was; (3) take the rights; (4)
 * only then deallocate the regions and arrays sent with `deallocate`,
 * so a failed send never loses the sender's memory.
 *
 * A kernel sender (a kernel buffer) puts a struct vm_map_copy * in an
 * OOL descriptor's address; the send consumes it on success only (on
 * failure the caller still owns it).  Its port arrays are arrays of
 * names in kernel memory.
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
