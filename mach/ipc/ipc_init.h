/*
 * Start-up of the IPC layer: the zones its objects come from.
 *
 * ipc_bootstrap() must run after vm_bootstrap() (zones need the page
 * allocator).  It is idempotent and is also called on the first
 * ipc_space_create or ipc_port_alloc, so nothing breaks while kern_main
 * does not call it yet.
 */
#ifndef IPC_IPC_INIT_H
#define IPC_IPC_INIT_H

struct zone;

extern struct zone *ipc_space_zone;
extern struct zone *ipc_port_zone;
extern struct zone *ipc_pset_zone;
extern struct zone *ipc_dnrequest_zone;

void ipc_bootstrap(void);

#endif
