/*
 * mach_msg: send, receive, or both in one call, on behalf of a caller
 * described by its IPC space and security token.
 *
 * The system call (mach_msg_trap) calls ipc_mach_msg with the current
 * task's space and token and `user` set, so that the message buffer is
 * reached only through copyin/copyout; the kernel itself and the
 * self-tests pass kernel buffers.
 *
 * Order: the send completes (or fails, and the call returns its
 * MACH_SEND_* error) before the receive starts, so an RPC is
 * MACH_SEND_MSG|MACH_RCV_MSG with the reply port as rcv_name.  The
 * receive's buffer is the same `msg`, rcv_size bytes long, trailer
 * included.  With MACH_RCV_LARGE a message that does not fit stays
 * queued and the size it needs is written to the buffer's msgh_size.
 */
#ifndef IPC_MACH_MSG_H
#define IPC_MACH_MSG_H

#include <mach/message.h>
#include "kern/types.h"

struct ipc_space;

struct ipc_msg_caller {
	struct ipc_space *space;
	security_token_t token;		/* goes into the trailer of what it sends */
	bool user;			/* msg is a user address */
};

mach_msg_return_t ipc_mach_msg(const struct ipc_msg_caller *caller,
    void *msg, mach_msg_option_t option, mach_msg_size_t send_size,
    mach_msg_size_t rcv_size, mach_port_name_t rcv_name,
    mach_msg_timeout_t timeout);

#endif
