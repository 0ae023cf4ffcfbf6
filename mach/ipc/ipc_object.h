/*
 * What ports and port sets have in common: the kind of object, whether it
 * is alive, and its reference count.  Space entries point at an
 * ipc_object so that one entry field serves both kinds.
 *
 * References: an object lives while its count is above zero.  Who holds
 * one is written beside each pointer that counts (ipc_port.h,
 * ipc_pset.h, ipc_entry.h); a function that "consumes" a reference drops
 * it on every path.
 *
 * Protected by: the object's own lock (today: one CPU, and IPC code runs
 * without preemption between blocking points, see DESIGN.md), except
 * `refs`, which becomes atomic with SMP.
 */
#ifndef IPC_IPC_OBJECT_H
#define IPC_IPC_OBJECT_H

#include "kern/types.h"

enum ipc_object_kind {
	IOT_PORT = 1,
	IOT_PSET = 2,
};

struct ipc_object {
	uint16_t kind;		/* enum ipc_object_kind; never changes */
	bool active;		/* false once destroyed (a dead port) */
	uint32_t refs;
};

#endif
