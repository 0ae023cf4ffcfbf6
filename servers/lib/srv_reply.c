/*
 * Deferred error replies (see srv_reply.h).
 */
#include "srv_reply.h"

kern_return_t srv_reply_error(struct srv_server *s, mach_port_name_t reply,
			      mach_msg_id_t request_id, kern_return_t rc)
{
	mig_reply_error_t r;
	mach_msg_return_t mr;

	if (!MACH_PORT_VALID(reply))
		return KERN_INVALID_RIGHT;
	if (rc == KERN_SUCCESS || rc == MIG_NO_REPLY) {
		s->ipc->port_deallocate(reply);
		return KERN_INVALID_ARGUMENT;
	}
	r.Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
	r.Head.msgh_size = sizeof(r);
	r.Head.msgh_remote_port = reply;
	r.Head.msgh_local_port = MACH_PORT_NULL;
	r.Head.msgh_voucher_port = 0;
	r.Head.msgh_id = request_id + 100;
	r.RetCode = rc;
	mr = s->ipc->msg(&r.Head, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(r), 0,
			 MACH_PORT_NULL, 0, MACH_PORT_NULL);
	if (mr != MACH_MSG_SUCCESS) {
		s->stats.send_failed++;
		s->ipc->port_deallocate(reply);
	}
	return mr;
}
