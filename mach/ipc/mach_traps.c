/*
 * The Mach traps (mach_traps.h).  Each works on the calling thread's
 * task: its IPC space, its security token; user memory is reached only
 * through ipc_mach_msg's copyin/copyout.
 */
#include <mach/mach_traps.h>

#include "ipc/ipc_fastpath.h"
#include "ipc/ipc_kobject.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_space.h"
#include "ipc/ipc_tt.h"
#include "ipc/mach_msg.h"
#include "ipc/mach_port.h"
#include "ipc/mach_traps.h"
#include "kern/cpu.h"
#include "kern/sched.h"
#include "kern/task.h"
#include "kern/thread.h"

typedef uint64_t (*mach_trap_fn)(const uint64_t *a);

static struct task *
trap_task(void)
{
	return current_thread()->task;
}

#ifndef IPC_FASTPATH	/* else ipc_fastpath.c has it, the fast path inlined */
uint64_t
mach_msg_trap_regs(uint64_t msg, uint64_t option, uint64_t send_size,
    uint64_t rcv_size, uint64_t rcv_name, uint64_t timeout)
{
	struct task *task = trap_task();
	struct ipc_msg_caller caller = { task->itk_space, task->sec_token, true };
	mach_msg_return_t mr;

	sched_unlock(SCHED_LOCK_HELD_BY_TRAP);	/* entered with interrupts off */
	if (!task->itk_space)	/* as mach_trap */
		return KERN_INVALID_ARGUMENT;
	/* The common RPC first; whatever it does not take is the slow path's. */
	if (ipc_fastpath_mach_msg(&caller, (void *)msg,
	    (mach_msg_option_t)option, (mach_msg_size_t)send_size,
	    (mach_msg_size_t)rcv_size, (mach_port_name_t)rcv_name,
	    (mach_msg_timeout_t)timeout, &mr))
		return (uint32_t)mr;
	return (uint32_t)ipc_mach_msg(&caller, (void *)msg,
	    (mach_msg_option_t)option, (mach_msg_size_t)send_size,
	    (mach_msg_size_t)rcv_size, (mach_port_name_t)rcv_name,
	    (mach_msg_timeout_t)timeout);
}
#endif

static uint64_t
trap_mach_msg(const uint64_t *a)
{
	/* entered as from syscall_entry.S: interrupts off (kern/sched.h) */
	(void)sched_lock();
	return mach_msg_trap_regs(a[0], a[1], a[2], a[3], a[4], a[5]);
}

static uint64_t
trap_reply_port(const uint64_t *a)
{
	mach_port_name_t name;

	(void)a;
	if (mach_port_allocate(trap_task()->itk_space, MACH_PORT_RIGHT_RECEIVE,
	    &name) != KERN_SUCCESS)
		return MACH_PORT_NULL;
	return name;
}

static uint64_t
trap_task_self(const uint64_t *a)
{
	(void)a;
	return ipc_port_copyout_send(ipc_task_make_send(trap_task()),
	    trap_task()->itk_space);
}

static uint64_t
trap_thread_self(const uint64_t *a)
{
	(void)a;
	return ipc_port_copyout_send(ipc_thread_make_send(current_thread()),
	    trap_task()->itk_space);
}

static uint64_t
trap_host_self(const uint64_t *a)
{
	(void)a;
	return ipc_port_copyout_send(ipc_host_make_send(false),
	    trap_task()->itk_space);
}

/* The thread a send right names, referenced; NULL if it names none. */
static struct thread *
trap_thread_arg(mach_port_name_t name)
{
	struct ipc_entry *e;

	if (ipc_right_lookup(trap_task()->itk_space, name, &e) != KERN_SUCCESS ||
	    !(e->type & MACH_PORT_TYPE_SEND))
		return NULL;
	return convert_port_to_thread((struct ipc_port *)e->object);
}

static uint64_t
trap_thread_switch(const uint64_t *a)
{
	mach_port_name_t name = (mach_port_name_t)a[0];
	struct thread *hint = NULL;
	int kr;

	if (name != MACH_PORT_NULL) {
		hint = trap_thread_arg(name);
		if (!hint)
			return KERN_INVALID_ARGUMENT;
	}
	kr = sched_thread_switch(hint, (int)a[1], a[2]);
	if (hint)
		thread_deallocate(hint);
	return (uint32_t)kr;
}

static const mach_trap_fn mach_trap_table[] = {
	[MACH_TRAP_REPLY_PORT] = trap_reply_port,
	[MACH_TRAP_THREAD_SELF] = trap_thread_self,
	[MACH_TRAP_TASK_SELF] = trap_task_self,
	[MACH_TRAP_HOST_SELF] = trap_host_self,
	[MACH_TRAP_MSG] = trap_mach_msg,
	[MACH_TRAP_THREAD_SWITCH] = trap_thread_switch,
};

uint64_t
mach_trap(uint64_t number, const uint64_t args[MACH_TRAP_ARGS])
{
	if (number >= ARRAY_SIZE(mach_trap_table) || !mach_trap_table[number] ||
	    !trap_task()->itk_space)
		return KERN_INVALID_ARGUMENT;
	return mach_trap_table[number](args);
}
