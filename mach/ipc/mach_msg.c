/*
 * mach_msg (see mach_msg.h): the slow path, complete on its own.
 *
 *	send:    ipc_kmsg_get -> ipc_kmsg_copyin -> ipc_mqueue_send
 *	         (or ipc_kobject_server, to a kernel object's port)
 *	receive: ipc_mqueue_receive -> ipc_kmsg_copyout -> ipc_kmsg_put
 */
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_kmsg_copyin.h"
#include "ipc/ipc_kmsg_copyout.h"
#include "ipc/ipc_kobject.h"
#include "ipc/ipc_mqueue.h"
#include "ipc/mach_msg.h"
#include "kern/copyio.h"
#include "kern/string.h"

/* Options a user may not give: the kernel's own send that never waits. */
#define IPC_KERNEL_ONLY_OPTIONS		MACH_SEND_ALWAYS

static mach_msg_return_t
ipc_mach_msg_send(const struct ipc_msg_caller *c, void *msg,
    mach_msg_option_t option, mach_msg_size_t send_size,
    mach_msg_timeout_t timeout)
{
	struct ipc_user_header uh;
	struct ipc_kmsg *kmsg;
	mach_msg_return_t mr = ipc_kmsg_get(c->user, msg, send_size, &kmsg,
	    &uh);

	if (mr != MACH_MSG_SUCCESS)
		return mr;
	mr = ipc_kmsg_copyin(kmsg, c->space, &uh);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	kmsg->sender = c->token;
	/* A kernel object's port: the kernel answers now, in this thread. */
	if (ipc_kobject_is_kport(kmsg->hdr.msgh_remote_port))
		return ipc_kobject_server(kmsg);
	return ipc_mqueue_send(kmsg, option, timeout);
}

/* MACH_RCV_LARGE: tell the receiver the size it needs. */
static mach_msg_return_t
ipc_mach_msg_too_large(const struct ipc_msg_caller *c, void *msg,
    mach_msg_size_t rcv_size, mach_msg_size_t needed)
{
	void *at = (char *)msg + offsetof(struct ipc_user_header, size);

	if (rcv_size < IPC_USER_HEADER_SIZE)
		return MACH_RCV_TOO_LARGE;
	if (c->user && copyout(&needed, at, sizeof(needed)) != 0)
		return MACH_RCV_INVALID_DATA;
	if (!c->user)
		memcpy(at, &needed, sizeof(needed));
	return MACH_RCV_TOO_LARGE;
}

static mach_msg_return_t
ipc_mach_msg_receive(const struct ipc_msg_caller *c, void *msg,
    mach_msg_option_t option, mach_msg_size_t rcv_size,
    mach_port_name_t rcv_name, mach_msg_timeout_t timeout)
{
	struct ipc_user_header uh;
	struct ipc_kmsg *kmsg;
	mach_msg_size_t needed = 0;
	mach_msg_return_t mr, put;

	if (GET_RCV_ELEMENTS(option) > MACH_RCV_TRAILER_AUDIT)
		return MACH_RCV_INVALID_TRAILER;
	mr = ipc_mqueue_receive(c->space, rcv_name, option, rcv_size, timeout,
	    &kmsg, &needed);
	if (mr == MACH_RCV_TOO_LARGE && (option & MACH_RCV_LARGE))
		return ipc_mach_msg_too_large(c, msg, rcv_size, needed);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	mr = ipc_kmsg_copyout(kmsg, c->space, &uh);
	put = ipc_kmsg_put(c->user, msg, kmsg, &uh, option);
	return put != MACH_MSG_SUCCESS ? put : mr;
}

mach_msg_return_t
ipc_mach_msg(const struct ipc_msg_caller *caller, void *msg,
    mach_msg_option_t option, mach_msg_size_t send_size,
    mach_msg_size_t rcv_size, mach_port_name_t rcv_name,
    mach_msg_timeout_t timeout)
{
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	if (caller->user)
		option &= ~IPC_KERNEL_ONLY_OPTIONS;
	if (option & MACH_SEND_MSG) {
		mr = ipc_mach_msg_send(caller, msg, option, send_size, timeout);
		if (mr != MACH_MSG_SUCCESS)
			return mr;
	}
	if (option & MACH_RCV_MSG)
		mr = ipc_mach_msg_receive(caller, msg, option, rcv_size,
		    rcv_name, timeout);
	return mr;
}
