/*
 * Tasks, threads and the host as ports (ipc_tt.h).
 *
 * Lock order: a space, then ports; task and thread references take the
 * scheduler lock inside task_reference / thread_reference, never while
 * IPC state is half changed.
 */
#include "ipc/ipc_kobject.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_right_copy.h"
#include "ipc/ipc_space.h"
#include "ipc/ipc_tt.h"
#include "kern/panic.h"
#include "kern/sched.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "vm/vm_map.h"

struct host realhost;

void
ipc_host_init(void)
{
	if (realhost.self)
		return;
	realhost.self = ipc_kobject_alloc(&realhost, IKOT_HOST);
	realhost.priv = ipc_kobject_alloc(&realhost, IKOT_HOST_PRIV);
	/* The zones are fresh at boot: failing here is a build error. */
	if (!realhost.self || !realhost.priv)
		panic("ipc_host_init: no memory for the host ports");
}

kern_return_t
ipc_task_init(struct task *task, struct task *parent)
{
	task->itk_space = ipc_space_create();
	task->itk_self = ipc_kobject_alloc(task, IKOT_TASK);
	if (!task->itk_space || !task->itk_self)
		return KERN_RESOURCE_SHORTAGE;
	if (parent) {
		task->sec_token = parent->sec_token;
		if (IPC_PORT_VALID(parent->itk_bootstrap))
			task->itk_bootstrap = ipc_port_copy_send(parent->itk_bootstrap);
	}
	return KERN_SUCCESS;
}

static void
ipc_port_release_send_maybe(struct ipc_port *port)
{
	if (IPC_PORT_VALID(port))
		ipc_port_release_send(port);
}

void
ipc_task_terminate(struct task *task)
{
	struct ipc_space *space = task->itk_space;

	ipc_kobject_destroy(task->itk_self);
	task->itk_self = NULL;
	ipc_port_release_send_maybe(task->itk_bootstrap);
	task->itk_bootstrap = NULL;
	ipc_exc_ports_release(&task->itk_exc);
	task->itk_space = NULL;
	if (space) {
		ipc_space_destroy(space);
		ipc_space_release(space);
	}
}

kern_return_t
ipc_thread_init(struct thread *thread)
{
	thread->ith_self = ipc_kobject_alloc(thread, IKOT_THREAD);
	return thread->ith_self ? KERN_SUCCESS : KERN_RESOURCE_SHORTAGE;
}

void
ipc_thread_terminate(struct thread *thread)
{
	ipc_kobject_destroy(thread->ith_self);
	thread->ith_self = NULL;
	ipc_exc_ports_release(&thread->ith_exc);
}

static struct ipc_port *
ipc_kport_make_send(struct ipc_port *port)
{
	if (!IPC_PORT_VALID(port) || !ipc_port_active(port))
		return NULL;
	return ipc_port_make_send(port);
}

struct ipc_port *
ipc_task_make_send(struct task *task)
{
	return ipc_kport_make_send(task->itk_self);
}

struct ipc_port *
ipc_thread_make_send(struct thread *thread)
{
	return ipc_kport_make_send(thread->ith_self);
}

struct ipc_port *
ipc_host_make_send(bool privileged)
{
	ipc_host_init();	/* on first use: the ports live as long as the kernel */
	return ipc_kport_make_send(privileged ? realhost.priv : realhost.self);
}

mach_port_name_t
ipc_port_copyout_send(struct ipc_port *sright, struct ipc_space *space)
{
	mach_port_name_t name;

	if (!sright)
		return MACH_PORT_NULL;
	if (ipc_right_copyout(space, sright, MACH_MSG_TYPE_PORT_SEND, &name) !=
	    KERN_SUCCESS) {
		ipc_port_release_send(sright);
		return MACH_PORT_NULL;
	}
	return name;
}

/* --- conversions for the KernelServer stubs --- */

task_t
convert_port_to_task(struct ipc_port *port)
{
	struct task *task = ipc_kobject_get(port, IKOT_TASK);

	if (task)
		task_reference(task);
	return task;
}

thread_t
convert_port_to_thread(struct ipc_port *port)
{
	struct thread *thread = ipc_kobject_get(port, IKOT_THREAD);

	if (thread)
		thread_reference(thread);
	return thread;
}

ipc_space_t
convert_port_to_space(struct ipc_port *port)
{
	struct task *task = ipc_kobject_get(port, IKOT_TASK);

	if (!task || !task->itk_space)
		return NULL;
	ipc_space_reference(task->itk_space);
	return task->itk_space;
}

void
space_deallocate(ipc_space_t space)
{
	if (space)
		ipc_space_release(space);
}

void
task_release_nullok(task_t task)
{
	if (task)
		task_deallocate(task);
}

void
thread_release_nullok(thread_t thread)
{
	if (thread)
		thread_deallocate(thread);
}

void
map_release_nullok(vm_map_t map)
{
	if (map)
		vm_map_deallocate(map);
}

vm_map_t
convert_port_to_map(struct ipc_port *port)
{
	struct task *task = ipc_kobject_get(port, IKOT_TASK);

	if (!task || !task->map)
		return NULL;
	vm_map_reference(task->map);
	return task->map;
}

host_t
convert_port_to_host(struct ipc_port *port)
{
	if (ipc_kobject_get(port, IKOT_HOST) || ipc_kobject_get(port, IKOT_HOST_PRIV))
		return &realhost;
	return NULL;
}

host_priv_t
convert_port_to_host_priv(struct ipc_port *port)
{
	return ipc_kobject_get(port, IKOT_HOST_PRIV) ? &realhost : NULL;
}

struct ipc_port *
convert_task_to_port(task_t task)
{
	struct ipc_port *port = ipc_task_make_send(task);

	task_deallocate(task);
	return port;
}

struct ipc_port *
convert_thread_to_port(thread_t thread)
{
	struct ipc_port *port = ipc_thread_make_send(thread);

	thread_deallocate(thread);
	return port;
}

/* --- exception ports --- */

kern_return_t
ipc_exc_ports_set(struct ipc_exc_ports *ports, exception_mask_t mask,
    struct ipc_port *port, exception_behavior_t behavior,
    thread_state_flavor_t flavor)
{
	if (mask & ~(exception_mask_t)EXC_MASK_ALL)
		return KERN_INVALID_ARGUMENT;
	if (behavior < EXCEPTION_DEFAULT || behavior > EXCEPTION_STATE_IDENTITY)
		return KERN_INVALID_ARGUMENT;
	if (port == IPC_PORT_DEAD)
		return KERN_INVALID_CAPABILITY;
	for (int i = 1; i < EXC_TYPES_COUNT; i++) {
		struct ipc_exc_port *e = &ports->exc[i];

		if (!(mask & (1u << i)))
			continue;
		ipc_port_release_send_maybe(e->port);
		e->port = port ? ipc_port_copy_send(port) : NULL;
		if (e->port == IPC_PORT_DEAD)
			e->port = NULL;
		e->behavior = behavior;
		e->flavor = flavor;
	}
	return KERN_SUCCESS;
}

kern_return_t
ipc_exc_ports_get(struct ipc_exc_ports *ports, exception_mask_t mask,
    exception_mask_t *masks, mach_msg_type_number_t *count,
    struct ipc_port **handlers, exception_behavior_t *behaviors,
    thread_state_flavor_t *flavors)
{
	mach_msg_type_number_t n = 0;

	if (mask & ~(exception_mask_t)EXC_MASK_ALL)
		return KERN_INVALID_ARGUMENT;
	for (int i = 1; i < EXC_TYPES_COUNT; i++) {
		const struct ipc_exc_port *e = &ports->exc[i];
		mach_msg_type_number_t j;

		if (!(mask & (1u << i)))
			continue;
		for (j = 0; j < n; j++)
			if (handlers[j] == e->port && behaviors[j] == e->behavior &&
			    flavors[j] == e->flavor)
				break;
		if (j == n) {
			handlers[n] = e->port;
			behaviors[n] = e->behavior;
			flavors[n] = e->flavor;
			masks[n++] = 0;
		}
		masks[j] |= 1u << i;
	}
	/* Only now make the rights: nothing to undo above. */
	for (mach_msg_type_number_t j = 0; j < n; j++)
		if (handlers[j])
			handlers[j] = ipc_port_copy_send(handlers[j]);
	*count = n;
	return KERN_SUCCESS;
}

void
ipc_exc_ports_release(struct ipc_exc_ports *ports)
{
	for (int i = 1; i < EXC_TYPES_COUNT; i++) {
		ipc_port_release_send_maybe(ports->exc[i].port);
		ports->exc[i].port = NULL;
	}
}
