/*
 * The receive loop: receive one message on the server's port set, hand a
 * kernel notification to srv_notify, give anything else to the demux
 * functions in turn, then apply the MIG ownership rule (docs/idl.md):
 *
 *  - reply RetCode MIG_NO_REPLY: the server function kept the reply
 *    right and answers later; nothing is sent now;
 *  - any other error in a non-complex reply: the server function took
 *    nothing, so the request is destroyed (its rights and memory), except
 *    its reply right, which carries the error reply;
 *  - a reply that cannot be sent is destroyed.
 *
 * Replies are sent with a zero send timeout: a reply port is a send-once
 * right, which no queue limit holds up, and a server must never wait on
 * a client.
 */
#ifndef SERVERS_LIB_SRV_LOOP_H
#define SERVERS_LIB_SRV_LOOP_H

#include "srv_server.h"

/* srv_loop_once's timeout meaning "wait until a message comes". */
#define SRV_WAIT_FOREVER	((mach_msg_timeout_t)~0u)

/*
 * Handle one message, waiting at most timeout ms for it.  Returns
 * MACH_MSG_SUCCESS when one was handled, MACH_RCV_TIMED_OUT when none
 * came, or the receive's error.
 */
mach_msg_return_t srv_loop_once(struct srv_server *s, mach_msg_timeout_t timeout);

/*
 * Serve forever.  Before each receive, tick (if not NULL) does the
 * server's timed work and returns how long the loop may wait for the
 * next message (SRV_WAIT_FOREVER if nothing is due).  Returns only if a
 * receive fails for a reason other than a timeout (the set was destroyed).
 */
mach_msg_return_t srv_loop_run(struct srv_server *s,
			       mach_msg_timeout_t (*tick)(void *arg), void *arg);

#endif /* SERVERS_LIB_SRV_LOOP_H */
