/*
 * A simulated Mach kernel for the servers' host tests: one IPC space in
 * one process, shared by the test's "clients" and the server under test.
 * It models what the server library depends on: ports and port sets,
 * send rights counted wherever they are (in the space or in messages in
 * transit), make-send counts, send-once rights, no-senders and dead-name
 * notifications sent with the kernel's security token, dead names,
 * out-of-line memory copied into fresh regions, and the trailer.
 *
 * Everything runs on one thread.  A receive that finds its port empty
 * first runs the pump (sk_set_pump): the test's way of letting the
 * server loop and the simulated devices run, as other threads would.
 * A receive that still finds nothing returns MACH_RCV_TIMED_OUT.
 *
 * Leaks show in sk_live_regions() and sk_send_rights().
 */
#ifndef TESTS_SERVERS_SIMKERN_H
#define TESTS_SERVERS_SIMKERN_H

#include <mach/message.h>
#include <mach/mig_errors.h>

#include "srv_ipc.h"

extern const struct srv_ipc sk_ipc;

void sk_reset(void);
/* Called (repeatedly) when a receive finds nothing; returns 0 when idle. */
void sk_set_pump(int (*pump)(void *arg), void *arg);

mach_port_name_t sk_port_alloc(void);			/* a new receive right */
kern_return_t sk_make_send(mach_port_name_t port);	/* +1 send right in the space */
kern_return_t sk_deallocate(mach_port_name_t name);
kern_return_t sk_destroy_receive(mach_port_name_t name);

unsigned sk_send_refs(mach_port_name_t name);		/* send urefs in the space */
unsigned sk_send_rights(mach_port_name_t name);		/* anywhere, incl. in transit */
unsigned sk_send_once_refs(mach_port_name_t name);
unsigned sk_dead_refs(mach_port_name_t name);
int sk_is_alive(mach_port_name_t name);
unsigned sk_queued(mach_port_name_t name);
unsigned sk_live_regions(void);
void *sk_vm_allocate(size_t size);

/* The token user messages carry (the kernel's own is {0, 0}). */
extern security_token_t sk_sender_token;

#endif /* TESTS_SERVERS_SIMKERN_H */
