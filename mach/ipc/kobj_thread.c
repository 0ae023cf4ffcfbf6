/*
 * The thread interface served to user tasks (idl/defs/mach/
 * thread_act.defs).  The stubs hand over referenced threads
 * (convert_port_to_thread; NULL if the port was not a thread's).
 */
#include <mach/thread_info.h>

#include "ipc/ipc_tt.h"
#include "ipc/thread_actServer.h"
#include "kern/arch_thread.h"
#include "kern/cpu.h"
#include "kern/string.h"
#include "kern/thread.h"

static kern_return_t
kobj_thread_check(thread_act_t thread)
{
	if (!thread || thread->state == THREAD_TERMINATED)
		return KERN_INVALID_ARGUMENT;
	return KERN_SUCCESS;
}

kern_return_t
kobj_thread_terminate(thread_act_t target_act)
{
	kern_return_t kr = kobj_thread_check(target_act);

	/* Itself included: the reply goes out, then the thread exits. */
	return kr == KERN_SUCCESS ? thread_terminate_async(target_act) : kr;
}

kern_return_t
kobj_thread_get_state(thread_act_t target_act, thread_state_flavor_t flavor,
    thread_state_t old_state, mach_msg_type_number_t *old_stateCnt)
{
	size_t size = (size_t)*old_stateCnt * sizeof(natural_t);
	kern_return_t kr = kobj_thread_check(target_act);

	if (kr != KERN_SUCCESS)
		return kr;
	kr = arch_thread_get_state(target_act, flavor, old_state, &size);
	if (kr == KERN_SUCCESS)
		*old_stateCnt = (mach_msg_type_number_t)(size / sizeof(natural_t));
	return kr;
}

kern_return_t
kobj_thread_set_state(thread_act_t target_act, thread_state_flavor_t flavor,
    thread_state_t new_state, mach_msg_type_number_t new_stateCnt)
{
	kern_return_t kr = kobj_thread_check(target_act);

	if (kr != KERN_SUCCESS)
		return kr;
	if (target_act == current_thread())
		return KERN_INVALID_ARGUMENT;	/* as in Mach: not on oneself */
	return arch_thread_set_state(target_act, flavor, new_state,
	    (size_t)new_stateCnt * sizeof(natural_t));
}

kern_return_t
kobj_thread_suspend(thread_act_t target_act)
{
	kern_return_t kr = kobj_thread_check(target_act);

	return kr == KERN_SUCCESS ? thread_suspend(target_act) : kr;
}

kern_return_t
kobj_thread_resume(thread_act_t target_act)
{
	kern_return_t kr = kobj_thread_check(target_act);

	return kr == KERN_SUCCESS ? thread_resume(target_act) : kr;
}

kern_return_t
kobj_thread_abort(thread_act_t target_act)
{
	kern_return_t kr = kobj_thread_check(target_act);

	return kr == KERN_SUCCESS ? thread_abort(target_act) : kr;
}

kern_return_t
kobj_thread_get_special_port(thread_act_t thr, thread_special_port_t which_port,
    mach_port_t *special_port)
{
	if (!thr)
		return KERN_INVALID_ARGUMENT;
	if (which_port != THREAD_KERNEL_PORT)
		return KERN_INVALID_ARGUMENT;
	*special_port = ipc_thread_make_send(thr);
	return KERN_SUCCESS;
}

static integer_t
kobj_thread_run_state(const struct thread_basic_info_k *k)
{
	if (k->run_state == THREAD_TERMINATED)
		return TH_STATE_HALTED;
	if (k->suspend_count > 0)
		return TH_STATE_STOPPED;
	return k->run_state == THREAD_WAITING ? TH_STATE_WAITING :
	    TH_STATE_RUNNING;
}

kern_return_t
kobj_thread_info(thread_act_t target_act, thread_flavor_t flavor,
    thread_info_t thread_info_out, mach_msg_type_number_t *count)
{
	struct thread_basic_info_k k;
	struct thread_basic_info info;

	if (!target_act)
		return KERN_INVALID_ARGUMENT;
	if (flavor != THREAD_BASIC_INFO)
		return KERN_INVALID_ARGUMENT;
	if (*count < THREAD_BASIC_INFO_COUNT)
		return KERN_FAILURE;
	thread_info(target_act, &k);
	memset(&info, 0, sizeof(info));
	info.user_time_ns = k.user_time_ns;
	info.run_state = kobj_thread_run_state(&k);
	info.suspend_count = k.suspend_count;
	info.base_priority = k.base_priority;
	info.cur_priority = k.cur_priority;
	info.thread_id = target_act->id;
	memcpy(thread_info_out, &info, sizeof(info));
	*count = THREAD_BASIC_INFO_COUNT;
	return KERN_SUCCESS;
}

kern_return_t
kobj_thread_set_exception_ports(thread_act_t thread,
    exception_mask_t exception_mask, mach_port_t new_port,
    exception_behavior_t behavior, thread_state_flavor_t new_flavor)
{
	kern_return_t kr = kobj_thread_check(thread);

	if (kr != KERN_SUCCESS)
		return kr;
	return ipc_exc_ports_set(&thread->ith_exc, exception_mask, new_port,
	    behavior, new_flavor);
}

kern_return_t
kobj_thread_get_exception_ports(thread_act_t thread,
    exception_mask_t exception_mask, exception_mask_array_t masks,
    mach_msg_type_number_t *masksCnt, exception_handler_array_t old_handlers,
    exception_behavior_array_t old_behaviors,
    exception_flavor_array_t old_flavors)
{
	kern_return_t kr = kobj_thread_check(thread);

	if (kr != KERN_SUCCESS)
		return kr;
	return ipc_exc_ports_get(&thread->ith_exc, exception_mask, masks,
	    masksCnt, old_handlers, old_behaviors, old_flavors);
}
