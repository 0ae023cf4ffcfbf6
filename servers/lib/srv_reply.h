/*
 * Deferred replies.  A server function that cannot answer at once (a
 * read waiting for input, a disk request in flight) returns MIG_NO_REPLY
 * and keeps the request's reply right (an `sreplyport` argument).  It
 * answers later with the generated stub of the interface's *_reply.defs
 * on success, or with srv_reply_error on failure.
 *
 * srv_reply_error builds mig_reply_error_t, the short error reply of
 * <mach/mig_errors.h> that every generated demux builds for an immediate
 * failure: harbor-mig has no per-request-id stub for it, and the client
 * stub must see the identical message whether the failure was immediate
 * or deferred.
 */
#ifndef SERVERS_LIB_SRV_REPLY_H
#define SERVERS_LIB_SRV_REPLY_H

#include "srv_server.h"

/*
 * Send the error reply rc for request id request_id through the
 * send-once right reply (consumed, whatever happens).  rc must not be
 * KERN_SUCCESS or MIG_NO_REPLY.
 */
kern_return_t srv_reply_error(struct srv_server *s, mach_port_name_t reply,
			      mach_msg_id_t request_id, kern_return_t rc);

#endif /* SERVERS_LIB_SRV_REPLY_H */
