/*
 * Kernel objects as ports.  A task, a thread, the host and host_priv are
 * each named by a port whose receive right the kernel holds; the port
 * records the object (kotype, kobject in struct ipc_port).  A message
 * sent to such a port is not queued: ipc_kobject_server serves it at once,
 * in the sender's thread, through harbor-mig's KernelServer stubs for
 * idl/defs/mach (mach_port, task, thread_act, vm_map, host, host_priv),
 * and queues the reply on the request's reply port.
 *
 * Rights in a request: the stubs translate ports into objects (intran)
 * and the server functions only borrow the request's rights; after the
 * call the request is destroyed, which releases every right still in it.
 * A function that keeps a right (mach_port_insert_right's, a
 * notification request's send-once right) takes it out of the request
 * with ipc_kobject_take_right first.  So nothing leaks and nothing is
 * released twice, whether the function succeeded or not.
 *
 * Rights in a reply: a port the function returns in a descriptor is a
 * right it made for the reply (convert_task_to_port, extract_right, ...),
 * whatever disposition the .defs wrote (COPY_SEND and MOVE_SEND both
 * mean "this send right"); MAKE_SEND / MAKE_SEND_ONCE make one from the
 * port.  The header's right is the request's reply right, moved over.
 *
 * Protected by: the port's lock for kotype/kobject (ipc_port.h).  Lock
 * order: nothing is held while a server function runs.
 */
#ifndef IPC_IPC_KOBJECT_H
#define IPC_IPC_KOBJECT_H

#include <mach/message.h>
#include "kern/types.h"

struct ipc_kmsg;
struct ipc_port;

enum ipc_kobject_type {
	IKOT_NONE = 0,		/* an ordinary port, or the object is gone */
	IKOT_TASK,
	IKOT_THREAD,
	IKOT_HOST,
	IKOT_HOST_PRIV,
};

/*
 * A port for `object`, its receive right held by the kernel (the
 * returned pointer's reference).  NULL on shortage.
 */
struct ipc_port *ipc_kobject_alloc(void *object, enum ipc_kobject_type type);

/*
 * The object is going away: the port no longer names it, and its
 * receive right (the pointer's reference) is destroyed, so every send
 * right to it becomes a dead name and later requests fail with
 * MACH_SEND_INVALID_DEST.  NULL is ignored.
 */
void ipc_kobject_destroy(struct ipc_port *port);

/* The object a port names if it is of `type`, else NULL (not referenced). */
void *ipc_kobject_get(const struct ipc_port *port, enum ipc_kobject_type type);

/* Is port (a valid pointer or not) a kernel object's port? */
bool ipc_kobject_is_kport(const struct ipc_port *port);

/*
 * Serve a request whose destination is a kernel object's port (copied
 * in, kernel form).  Consumes the request; the reply, if any, is queued
 * on the reply port — unless that queue is at its bound (qlimit through a
 * send right, MACH_PORT_QLIMIT_KERNEL through a send-once right): then
 * the reply is destroyed.  Always MACH_MSG_SUCCESS: errors go into the
 * reply, as if a server had answered.
 */
mach_msg_return_t ipc_kobject_server(struct ipc_kmsg *request);

/*
 * For server functions: keep the right `port` of kernel type msgt_name
 * (MACH_MSG_TYPE_PORT_*) that arrived in the current request's body; the
 * request's destruction will not release it.  The caller now holds it.
 */
void ipc_kobject_take_right(struct ipc_port *port,
    mach_msg_type_name_t msgt_name);

/* Requests served since boot (for tests). */
uint64_t ipc_kobject_requests(void);

#endif
