/*
 * A loopback "kernel" for host tests: one IPC space in one process, with
 * ports, rights counted per port, message queues, and copy-in/copy-out of
 * port and out-of-line descriptors done the way Harbor's kernel will do
 * them (dispositions applied on send, received types on delivery, OOL
 * memory copied to new regions, a trailer with sequence number and
 * security token appended).
 *
 * A port may be "served": sending to it runs a server step at once (the
 * demux, then the receive loop's reply-or-destroy rule), so a client stub
 * and the server stub meet inside one mach_msg() call.
 *
 * Everything it owns is counted, so a test can check that a call released
 * every right and every region: lb_rights() and lb_live_regions().
 */
#ifndef TESTS_IDL_LOOPBACK_H
#define TESTS_IDL_LOOPBACK_H

#include <mach/message.h>
#include <mach/mig_errors.h>

typedef boolean_t (*lb_demux_t)(mach_msg_header_t *in, mach_msg_header_t *out);

void lb_reset(void);
mach_port_t lb_port_alloc(void);			/* a port with its receive right */
void lb_serve(mach_port_t port, lb_demux_t demux);
kern_return_t lb_make_send(mach_port_t port);		/* +1 send right */
kern_return_t lb_deallocate(mach_port_t name);		/* -1 send or send-once */
kern_return_t lb_destroy_receive(mach_port_t name);

unsigned lb_send_refs(mach_port_t name);
unsigned lb_send_once_refs(mach_port_t name);
int lb_has_receive(mach_port_t name);
unsigned lb_rights(void);				/* all rights in the space */
unsigned lb_live_regions(void);				/* OOL memory not yet freed */
unsigned lb_queued(mach_port_t name);

void *lb_vm_allocate(size_t size);			/* memory the loopback tracks */

/* Test hooks. */
extern security_token_t lb_sender_token;
extern audit_token_t lb_audit_token;
extern int lb_reply_id_delta;		/* added to the next reply's id */
extern unsigned lb_would_block;		/* receives that found no message and no timeout */
extern unsigned lb_reply_ports_destroyed;
/* Called with each message as its sender wrote it (the loopback's copy-in). */
extern void (*lb_sent_hook)(const mach_msg_header_t *msg);
#define LB_STALE_BYTE 0xAA	/* what a server's reply buffer holds before a stub runs */

#endif /* TESTS_IDL_LOOPBACK_H */
