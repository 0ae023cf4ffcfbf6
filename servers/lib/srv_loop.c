/*
 * The receive loop (see srv_loop.h).
 */
#include "srv_loop.h"

#include "srv_notify.h"

/* The trailer every request is received with: the audit trailer carries
 * the sequence number and the sender's token that stubs may ask for. */
#define SRV_RCV_OPTIONS	(MACH_RCV_MSG | MACH_RCV_TRAILER_TYPE(MACH_MSG_TRAILER_FORMAT_0) | \
			 MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_AUDIT))

/* Run the demux functions until one knows the id; out holds its reply. */
static void loop_dispatch(struct srv_server *s, mach_msg_header_t *in,
			  mach_msg_header_t *out)
{
	s->stats.requests++;
	for (unsigned i = 0; i < s->ndemux; i++) {
		if (s->demux[i](in, out))
			return;
		if (((mig_reply_error_t *)(void *)out)->RetCode != MIG_BAD_ID)
			return;
	}
	if (s->ndemux == 0) {
		/* No interface at all: answer as a demux would. */
		mig_reply_error_t *r = (mig_reply_error_t *)(void *)out;

		r->Head.msgh_bits = MACH_MSGH_BITS(MACH_MSGH_BITS_REMOTE(in->msgh_bits), 0);
		r->Head.msgh_size = sizeof(*r);
		r->Head.msgh_remote_port = in->msgh_remote_port;
		r->Head.msgh_local_port = MACH_PORT_NULL;
		r->Head.msgh_voucher_port = 0;
		r->Head.msgh_id = in->msgh_id + 100;
		r->RetCode = MIG_BAD_ID;
	}
	s->stats.bad_id++;
}

/* The MIG ownership rule, then the reply (see srv_loop.h). */
static void loop_reply(struct srv_server *s, mach_msg_header_t *in, mach_msg_header_t *out)
{
	mach_msg_return_t mr;

	if (!(out->msgh_bits & MACH_MSGH_BITS_COMPLEX)) {
		kern_return_t rc = ((mig_reply_error_t *)(void *)out)->RetCode;

		if (rc == MIG_NO_REPLY) {
			s->stats.deferred++;
			out->msgh_remote_port = MACH_PORT_NULL;
		} else if (rc != KERN_SUCCESS) {
			s->stats.destroyed++;
			in->msgh_remote_port = MACH_PORT_NULL;
			s->ipc->msg_destroy(in);
		}
	}
	if (out->msgh_remote_port == MACH_PORT_NULL) {
		/* No one to answer (a simpleroutine): a complex reply's rights go. */
		if (out->msgh_bits & MACH_MSGH_BITS_COMPLEX)
			s->ipc->msg_destroy(out);
		return;
	}
	mr = s->ipc->msg(out, MACH_SEND_MSG | MACH_SEND_TIMEOUT, out->msgh_size, 0,
			 MACH_PORT_NULL, 0, MACH_PORT_NULL);
	if (mr != MACH_MSG_SUCCESS) {
		s->stats.send_failed++;
		s->ipc->msg_destroy(out);
	}
}

mach_msg_return_t srv_loop_once(struct srv_server *s, mach_msg_timeout_t timeout)
{
	mach_msg_option_t option = SRV_RCV_OPTIONS;
	mach_msg_return_t mr;

	if (timeout != SRV_WAIT_FOREVER)
		option |= MACH_RCV_TIMEOUT;
	else
		timeout = MACH_MSG_TIMEOUT_NONE;
	mr = s->ipc->msg(s->in, option, 0, s->bufsize, s->pset, timeout, MACH_PORT_NULL);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	if (srv_notify_is_notification(s->in)) {
		srv_notify_handle(s, s->in);
		return MACH_MSG_SUCCESS;
	}
	loop_dispatch(s, s->in, s->out);
	loop_reply(s, s->in, s->out);
	return MACH_MSG_SUCCESS;
}

mach_msg_return_t srv_loop_run(struct srv_server *s,
			       mach_msg_timeout_t (*tick)(void *arg), void *arg)
{
	for (;;) {
		mach_msg_timeout_t timeout = tick != NULL ? tick(arg) : SRV_WAIT_FOREVER;
		mach_msg_return_t mr = srv_loop_once(s, timeout);

		if (mr != MACH_MSG_SUCCESS && mr != MACH_RCV_TIMED_OUT &&
		    mr != MACH_RCV_INTERRUPTED && mr != MACH_RCV_TOO_LARGE)
			return mr;
	}
}
