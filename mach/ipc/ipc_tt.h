/*
 * Tasks, threads and the host as ports: their IPC state, its setup and
 * teardown, and the conversions harbor-mig's KernelServer stubs call
 * (intran / outtran / destructor in idl/defs/mach/mach_types.defs).
 *
 * Each task has an IPC space (itk_space) and a self port; each user
 * thread a self port; the host a host port (anyone may have it:
 * host_self_trap) and a host_priv port (only the first task gets it).
 * A self port names its object until the object dies: then the port is
 * destroyed and every right to it becomes a dead name, which is how a
 * task's death is seen from outside (a dead-name notification).
 *
 * Special and exception ports are counted send rights held by the
 * object, released when it dies.
 *
 * Lock order: space, then port; the scheduler lock for task and thread
 * references (task_reference / thread_reference take it).
 */
#ifndef IPC_IPC_TT_H
#define IPC_IPC_TT_H

#include <mach/exception_types.h>
#include <mach/kern_return.h>
#include <mach/mach_types.h>
#include "kern/types.h"

struct ipc_port;
struct task;
struct thread;

/* One exception kind's handler: a send right, how and what to send. */
struct ipc_exc_port {
	struct ipc_port *port;		/* counted send right, or NULL */
	exception_behavior_t behavior;
	thread_state_flavor_t flavor;
};

/* Exception ports of a thread, task or the host, by EXC_* kind (0 unused). */
struct ipc_exc_ports {
	struct ipc_exc_port exc[EXC_TYPES_COUNT];
};

struct host {
	struct ipc_port *self;		/* the host port (receive right) */
	struct ipc_port *priv;		/* the host_priv port */
	struct ipc_exc_ports exc;
};

extern struct host realhost;

/* The host's ports (at IPC start-up). */
void ipc_host_init(void);

/*
 * A new task's IPC state: an empty space, a self port, and from `parent`
 * (if any) its bootstrap port and security token.  KERN_RESOURCE_SHORTAGE
 * leaves what was made for ipc_task_terminate.
 */
kern_return_t ipc_task_init(struct task *task, struct task *parent);

/*
 * The task is finished: its port dies (rights to it become dead names),
 * its space is destroyed (every right it held is released, notifications
 * fire), its special and exception ports are released.
 */
void ipc_task_terminate(struct task *task);

/* A user thread's self port.  KERN_RESOURCE_SHORTAGE. */
kern_return_t ipc_thread_init(struct thread *thread);

/* The thread exits: its port dies, its exception ports are released. */
void ipc_thread_terminate(struct thread *thread);

/* A send right to the object's port, in kernel form (NULL if it is gone). */
struct ipc_port *ipc_task_make_send(struct task *task);
struct ipc_port *ipc_thread_make_send(struct thread *thread);
struct ipc_port *ipc_host_make_send(bool privileged);

/*
 * Put a kernel-form send right (consumed) into `space` and return its
 * name; MACH_PORT_NULL if the space cannot take it (the right is
 * released).  For the *_self traps and the first task's ports.
 */
mach_port_name_t ipc_port_copyout_send(struct ipc_port *sright,
    struct ipc_space *space);

/* Conversions for the KernelServer stubs: referenced objects, or NULL. */
task_t convert_port_to_task(struct ipc_port *port);
thread_t convert_port_to_thread(struct ipc_port *port);
ipc_space_t convert_port_to_space(struct ipc_port *port);
vm_map_t convert_port_to_map(struct ipc_port *port);
host_t convert_port_to_host(struct ipc_port *port);	/* host or host_priv */
host_priv_t convert_port_to_host_priv(struct ipc_port *port);
/*
 * The stubs' destructors: they run whatever intran gave, NULL included
 * (the port was not such an object).
 */
void space_deallocate(ipc_space_t space);
void task_release_nullok(task_t task);
void thread_release_nullok(thread_t thread);
void map_release_nullok(vm_map_t map);

/* Objects to send rights (consume the object reference). */
struct ipc_port *convert_task_to_port(task_t task);
struct ipc_port *convert_thread_to_port(thread_t thread);

/*
 * The exception-port calls on any of the three owners:
 * set: each kind in `mask` gets a send right to `port` (copied from the
 * caller's, which stays the caller's); get: one entry per distinct
 * handler among the kinds in `mask`, each handler a new send right.
 */
kern_return_t ipc_exc_ports_set(struct ipc_exc_ports *ports,
    exception_mask_t mask, struct ipc_port *port,
    exception_behavior_t behavior, thread_state_flavor_t flavor);
kern_return_t ipc_exc_ports_get(struct ipc_exc_ports *ports,
    exception_mask_t mask, exception_mask_t *masks,
    mach_msg_type_number_t *count, struct ipc_port **handlers,
    exception_behavior_t *behaviors, thread_state_flavor_t *flavors);
void ipc_exc_ports_release(struct ipc_exc_ports *ports);

#endif
