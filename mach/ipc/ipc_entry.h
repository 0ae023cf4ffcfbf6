/*
 * One name in an IPC space: which rights the name denotes and, for send
 * and dead-name rights, how many user references the task holds.
 *
 * As in Mach, a space names a port by at most one name for its send and
 * receive rights together (so mach_port_type of that name shows both),
 * while every send-once right gets a name of its own.
 *
 *	type bits		object		urefs
 *	RECEIVE			port		0
 *	RECEIVE|SEND		port		send urefs, >= 1
 *	SEND			port		>= 1
 *	SEND_ONCE		port		1
 *	PORT_SET		pset		0
 *	DEAD_NAME		NULL		>= 1
 *	NONE (free)		NULL		0
 *
 * The entry holds one reference on its object, whatever its urefs.  A
 * send entry whose port died is turned into a dead name lazily, the next
 * time the name is looked up (ipc_right_lookup), as in Mach; the
 * dead-name notifications do not wait for that: they fire when the port
 * dies.
 *
 * Protected by the space's lock.  Entries live in the space's table,
 * which moves when it grows: never keep an entry pointer across
 * ipc_entry_alloc*().
 */
#ifndef IPC_IPC_ENTRY_H
#define IPC_IPC_ENTRY_H

#include <mach/port.h>
#include "ipc/ipc_object.h"
#include "kern/types.h"

struct ipc_dnrequest;

/*
 * User references per name are bounded; mach_port_mod_refs, insert and
 * copyout beyond it fail with KERN_UREFS_OVERFLOW.  (The ABI header
 * should export this as MACH_PORT_UREFS_MAX; see DESIGN.md.)
 */
#define IPC_UREFS_MAX		0xffffu

struct ipc_entry {
	struct ipc_object *object;	/* counted reference, or NULL */
	mach_port_type_t type;		/* MACH_PORT_TYPE_* bits */
	uint32_t urefs;
	uint32_t next;			/* free list, or reverse-hash chain */
	uint8_t gen;			/* generation of the current name */
	struct ipc_dnrequest *dnrequest; /* owned; dead-name request */
};

#endif
