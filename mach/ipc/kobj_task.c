/*
 * The task interface served to user tasks (idl/defs/mach/task.defs).
 * The stubs hand over referenced tasks (convert_port_to_task; NULL if
 * the port was not a task's) and drop the reference afterwards.
 */
#include <mach/task_info.h>

#include "ipc/ipc_kobject.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_tt.h"
#include "ipc/taskServer.h"
#include "kern/arch_thread.h"
#include "kern/cpu.h"
#include "kern/string.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "kern/zalloc.h"

/* A task that can still be acted on: alive, with its address space. */
static kern_return_t
kobj_task_check(task_t task)
{
	if (!task || task->state != TASK_ALIVE || !task->map)
		return KERN_INVALID_TASK;
	return KERN_SUCCESS;
}

kern_return_t
kobj_task_create(task_t target_task, boolean_t inherit_memory,
    task_t *child_task)
{
	kern_return_t kr = kobj_task_check(target_task);

	if (kr != KERN_SUCCESS)
		return kr;
	return task_create(target_task, inherit_memory != FALSE, "task",
	    child_task);
}

kern_return_t
kobj_task_terminate(task_t target_task)
{
	if (!target_task)
		return KERN_INVALID_TASK;
	/* The caller's own task: its thread still gets the reply, then exits. */
	return task_terminate_async(target_task,
	    target_task == current_thread()->task ? 0 : TASK_EXIT_TERMINATED);
}

/*
 * Referenced threads of the task into a kalloc'd array of *max slots
 * (retried larger while the task has more threads than that); the
 * caller frees the array and drops the references.
 */
static kern_return_t
kobj_task_thread_list(task_t task, struct thread ***listp, unsigned *maxp,
    unsigned *countp)
{
	struct thread **list = NULL;
	unsigned max = 0, n = 0;

	do {
		for (unsigned i = 0; i < n; i++)
			thread_deallocate(list[i]);
		kfree(list, max * sizeof(*list));
		max = task->thread_count + 8;
		list = kalloc(max * sizeof(*list));
		if (!list)
			return KERN_RESOURCE_SHORTAGE;
		task_threads(task, list, max, &n);
	} while (n == max);
	*listp = list;
	*maxp = max;
	*countp = n;
	return KERN_SUCCESS;
}

/*
 * One send right per thread, in a kalloc'd array of exactly that many
 * ports that the reply carries out of line (ipc_kobject.c) and the
 * receiver's copy-out frees; no array for a task with no threads.
 */
kern_return_t
kobj_task_threads(task_t target_task, thread_act_array_t *act_list,
    mach_msg_type_number_t *act_listCnt)
{
	struct thread **threads;
	struct ipc_port **ports = NULL;
	unsigned max, n;
	kern_return_t kr = kobj_task_check(target_task);

	if (kr == KERN_SUCCESS)
		kr = kobj_task_thread_list(target_task, &threads, &max, &n);
	if (kr != KERN_SUCCESS)
		return kr;
	if (n > 0) {
		ports = kalloc(n * sizeof(*ports));
		if (!ports)
			kr = KERN_RESOURCE_SHORTAGE;
	}
	for (unsigned i = 0; i < n; i++) {
		if (ports)
			ports[i] = ipc_thread_make_send(threads[i]);
		thread_deallocate(threads[i]);
	}
	kfree(threads, max * sizeof(*threads));
	*act_list = ports;
	*act_listCnt = kr == KERN_SUCCESS ? n : 0;
	return kr;
}

kern_return_t
kobj_task_info(task_t target_task, task_flavor_t flavor,
    task_info_t task_info_out, mach_msg_type_number_t *count)
{
	struct task_basic_info_k k;
	struct task_basic_info info;

	if (!target_task)
		return KERN_INVALID_TASK;
	switch (flavor) {
	case TASK_BASIC_INFO:
		if (*count < TASK_BASIC_INFO_COUNT)
			return KERN_FAILURE;
		task_info(target_task, &k);
		memset(&info, 0, sizeof(info));
		info.suspend_count = k.suspend_count;
		info.thread_count = k.thread_count;
		info.user_time_ns = k.user_time_ns;
		info.state = k.state;
		info.task_id = target_task->id;
		memcpy(task_info_out, &info, sizeof(info));
		*count = TASK_BASIC_INFO_COUNT;
		return KERN_SUCCESS;
	case TASK_SECURITY_TOKEN:
		if (*count < TASK_SECURITY_TOKEN_COUNT)
			return KERN_FAILURE;
		memcpy(task_info_out, &target_task->sec_token,
		    sizeof(security_token_t));
		*count = TASK_SECURITY_TOKEN_COUNT;
		return KERN_SUCCESS;
	default:
		return KERN_INVALID_ARGUMENT;
	}
}

kern_return_t
kobj_task_suspend(task_t target_task)
{
	kern_return_t kr = kobj_task_check(target_task);

	return kr == KERN_SUCCESS ? task_suspend(target_task) : kr;
}

kern_return_t
kobj_task_resume(task_t target_task)
{
	kern_return_t kr = kobj_task_check(target_task);

	return kr == KERN_SUCCESS ? task_resume(target_task) : kr;
}

kern_return_t
kobj_task_get_special_port(task_t task, task_special_port_t which_port,
    mach_port_t *special_port)
{
	if (!task)
		return KERN_INVALID_TASK;
	switch (which_port) {
	case TASK_KERNEL_PORT:
		*special_port = ipc_task_make_send(task);
		return KERN_SUCCESS;
	case TASK_HOST_PORT:
		*special_port = ipc_host_make_send(false);
		return KERN_SUCCESS;
	case TASK_BOOTSTRAP_PORT:
		*special_port = IPC_PORT_VALID(task->itk_bootstrap) ?
		    ipc_port_copy_send(task->itk_bootstrap) : NULL;
		return KERN_SUCCESS;
	default:
		return KERN_INVALID_ARGUMENT;
	}
}

kern_return_t
kobj_task_set_special_port(task_t task, task_special_port_t which_port,
    mach_port_t special_port)
{
	struct ipc_port *old;

	if (!task)
		return KERN_INVALID_TASK;
	if (which_port != TASK_BOOTSTRAP_PORT)
		return KERN_INVALID_ARGUMENT;
	old = task->itk_bootstrap;
	/* A copy: the request's right is released with the request. */
	task->itk_bootstrap = IPC_PORT_VALID(special_port) ?
	    ipc_port_copy_send(special_port) : NULL;
	if (task->itk_bootstrap == IPC_PORT_DEAD)
		task->itk_bootstrap = NULL;
	if (IPC_PORT_VALID(old))
		ipc_port_release_send(old);
	return KERN_SUCCESS;
}

kern_return_t
kobj_thread_create(task_t parent_task, thread_act_t *child_act)
{
	kern_return_t kr = kobj_task_check(parent_task);

	if (kr != KERN_SUCCESS)
		return kr;
	/* Suspended once, registers zero: the caller sets them and resumes. */
	return thread_create_user(parent_task, 0, 0, 0, child_act);
}

kern_return_t
kobj_thread_create_running(task_t parent_task, thread_state_flavor_t flavor,
    thread_state_t new_state, mach_msg_type_number_t new_stateCnt,
    thread_act_t *child_act)
{
	struct thread *t;
	kern_return_t kr = kobj_thread_create(parent_task, &t);

	if (kr != KERN_SUCCESS)
		return kr;
	kr = arch_thread_set_state(t, flavor, new_state,
	    new_stateCnt * sizeof(natural_t));
	if (kr != KERN_SUCCESS) {
		thread_terminate(t);
		thread_resume(t);	/* it exits at its first safe point */
		thread_deallocate(t);
		return kr;
	}
	thread_resume(t);
	*child_act = t;
	return KERN_SUCCESS;
}

kern_return_t
kobj_task_set_exception_ports(task_t task, exception_mask_t exception_mask,
    mach_port_t new_port, exception_behavior_t behavior,
    thread_state_flavor_t new_flavor)
{
	if (!task)
		return KERN_INVALID_TASK;
	return ipc_exc_ports_set(&task->itk_exc, exception_mask, new_port,
	    behavior, new_flavor);
}

kern_return_t
kobj_task_get_exception_ports(task_t task, exception_mask_t exception_mask,
    exception_mask_array_t masks, mach_msg_type_number_t *masksCnt,
    exception_handler_array_t old_handlers,
    exception_behavior_array_t old_behaviors,
    exception_flavor_array_t old_flavors)
{
	if (!task)
		return KERN_INVALID_TASK;
	return ipc_exc_ports_get(&task->itk_exc, exception_mask, masks,
	    masksCnt, old_handlers, old_behaviors, old_flavors);
}
