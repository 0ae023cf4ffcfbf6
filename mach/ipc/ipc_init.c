/*
 * The IPC layer's zones.  Variable-sized things (entry tables, reverse
 * hashes, messages, out-of-line port arrays) come from kalloc.
 */
#include "ipc/ipc_dnrequest.h"
#include "ipc/ipc_init.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_pset.h"
#include "ipc/ipc_space.h"
#include "ipc/ipc_tt.h"
#include "kern/panic.h"
#include "kern/zalloc.h"

struct zone *ipc_space_zone;
struct zone *ipc_port_zone;
struct zone *ipc_pset_zone;
struct zone *ipc_dnrequest_zone;

void
ipc_bootstrap(void)
{
	if (ipc_space_zone)
		return;
	ipc_space_zone = zone_create("ipc.space", sizeof(struct ipc_space));
	ipc_port_zone = zone_create("ipc.port", sizeof(struct ipc_port));
	ipc_pset_zone = zone_create("ipc.pset", sizeof(struct ipc_pset));
	ipc_dnrequest_zone = zone_create("ipc.dnrequest",
	    sizeof(struct ipc_dnrequest));
	/* Zones come from a fixed table: failing here is a build error. */
	if (!ipc_space_zone || !ipc_port_zone || !ipc_pset_zone ||
	    !ipc_dnrequest_zone)
		panic("ipc_bootstrap: out of zones");
	/* The host ports live as long as the kernel: made once, here. */
	ipc_host_init();
}
