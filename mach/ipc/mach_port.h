/*
 * The mach_port_* interface as kernel functions on an IPC space.  These
 * are the handlers that harbor-mig's KernelServer stubs for
 * mach_port.defs call once the task port names the space; until then the
 * self-tests call them directly.
 *
 * Rights passed in (insert_right's port, request_notification's notify)
 * are in kernel form (ipc_right.h) and are consumed only on success; on
 * failure the caller still holds them (a KernelServer stub then destroys
 * the request message, which releases them).  Rights passed out
 * (extract_right, request_notification's previous) are in kernel form too:
 * the reply message carries them to the caller.
 *
 * Every function returns KERN_INVALID_TASK for a dead space,
 * KERN_INVALID_NAME for a name that denotes nothing, KERN_INVALID_RIGHT
 * when the name lacks the right, KERN_INVALID_VALUE for a bad argument.
 */
#ifndef IPC_MACH_PORT_H
#define IPC_MACH_PORT_H

#include <mach/kern_return.h>
#include <mach/message.h>
#include <mach/port.h>
#include "kern/types.h"

struct ipc_port;
struct ipc_space;

/*
 * mach_port_get_attributes(MACH_PORT_RECEIVE_STATUS) in kernel form
 * (mach_port_status_t is not in the ABI headers yet; see DESIGN.md).
 */
struct ipc_port_status {
	mach_port_name_t pset;		/* the set it is in, or NULL */
	mach_port_seqno_t seqno;
	mach_port_mscount_t mscount;
	mach_port_msgcount_t qlimit;
	mach_port_msgcount_t msgcount;
	mach_port_rights_t sorights;
	boolean_t srights;		/* any send rights? */
	boolean_t pdrequest;
	boolean_t nsrequest;
};

kern_return_t mach_port_allocate(struct ipc_space *space,
    mach_port_right_t right, mach_port_name_t *namep);
kern_return_t mach_port_allocate_name(struct ipc_space *space,
    mach_port_right_t right, mach_port_name_t name);
kern_return_t mach_port_deallocate(struct ipc_space *space,
    mach_port_name_t name);
kern_return_t mach_port_destroy(struct ipc_space *space,
    mach_port_name_t name);
kern_return_t mach_port_mod_refs(struct ipc_space *space,
    mach_port_name_t name, mach_port_right_t right, mach_port_delta_t delta);
kern_return_t mach_port_get_refs(struct ipc_space *space,
    mach_port_name_t name, mach_port_right_t right, mach_port_urefs_t *refsp);
kern_return_t mach_port_type(struct ipc_space *space, mach_port_name_t name,
    mach_port_type_t *typep);

/*
 * Up to `max` names and their types into names[] / types[]; the number
 * of names in the space in *countp (which may exceed max).
 */
kern_return_t mach_port_names(struct ipc_space *space,
    mach_port_name_t *names, mach_port_type_t *types, unsigned max,
    unsigned *countp);

/* msgt_name: MACH_MSG_TYPE_PORT_SEND, _SEND_ONCE or _RECEIVE. */
kern_return_t mach_port_insert_right(struct ipc_space *space,
    mach_port_name_t name, struct ipc_port *port,
    mach_msg_type_name_t msgt_name);
/* disposition: MACH_MSG_TYPE_MOVE_* / COPY_SEND / MAKE_*. */
kern_return_t mach_port_extract_right(struct ipc_space *space,
    mach_port_name_t name, mach_msg_type_name_t disposition,
    struct ipc_port **portp, mach_msg_type_name_t *typep);

/* Into set `after`, or out of any set if after is MACH_PORT_NULL. */
kern_return_t mach_port_move_member(struct ipc_space *space,
    mach_port_name_t member, mach_port_name_t after);

/*
 * Register `notify` (a kernel-form send-once right, or NULL to cancel)
 * for MACH_NOTIFY_NO_SENDERS (sync: the make-send count to wait for),
 * MACH_NOTIFY_PORT_DESTROYED or MACH_NOTIFY_DEAD_NAME on `name`; the
 * request it replaces comes back in *previousp (or NULL).  A dead-name
 * request on a dead name, and a no-senders request that is already
 * satisfied, fire at once.
 */
kern_return_t mach_port_request_notification(struct ipc_space *space,
    mach_port_name_t name, mach_msg_id_t variant, mach_port_mscount_t sync,
    struct ipc_port *notify, struct ipc_port **previousp);

kern_return_t mach_port_set_mscount(struct ipc_space *space,
    mach_port_name_t name, mach_port_mscount_t mscount);
/* qlimit in 1..MACH_PORT_QLIMIT_MAX. */
kern_return_t mach_port_set_qlimit(struct ipc_space *space,
    mach_port_name_t name, mach_port_msgcount_t qlimit);
kern_return_t mach_port_get_receive_status(struct ipc_space *space,
    mach_port_name_t name, struct ipc_port_status *status);

#endif
