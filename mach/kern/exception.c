/*
 * Exceptions as messages (exception.h): find the handler, send the
 * request through harbor-mig's KernelUser stubs of exc.defs, act on the
 * reply.
 *
 *	exception_raise_current
 *	  for each owner (thread, task, host) with a port for the kind:
 *	    exception_deliver -> exception_raise / _state / _state_identity
 *	      (excUser.c -> mach_msg_rpc_from_kernel, ipc/mach_msg.c)
 */
#include <mach/kern_return.h>
#include <mach/mig_errors.h>

#include "ipc/exc.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_tt.h"
#include "kern/arch_thread.h"
#include "kern/cpu.h"
#include "kern/exception.h"
#include "kern/task.h"
#include "kern/thread.h"

static uint64_t exception_raised, exception_resumed;

uint64_t
exception_raised_count(void)
{
	return exception_raised;
}

uint64_t
exception_resumed_count(void)
{
	return exception_resumed;
}

/* The state behaviours: send the registers, take the reply's back. */
static kern_return_t
exception_deliver_state(struct thread *t, struct ipc_port *port,
    const struct ipc_exc_port *h, exception_type_t exception,
    int64_t codes[2])
{
	natural_t old_state[64], new_state[64];
	size_t size = sizeof(old_state);
	mach_msg_type_number_t new_count = 64;
	int flavor = h->flavor;
	kern_return_t kr;

	if (arch_thread_get_state(t, flavor, old_state, &size) != KERN_SUCCESS)
		return KERN_INVALID_ARGUMENT;	/* a flavor we cannot give */
	if (h->behavior == EXCEPTION_STATE)
		kr = exception_raise_state(port, exception, codes, 2, &flavor,
		    old_state, (mach_msg_type_number_t)(size / 4), new_state,
		    &new_count);
	else
		kr = exception_raise_state_identity(port,
		    ipc_thread_make_send(t), ipc_task_make_send(t->task),
		    exception, codes, 2, &flavor, old_state,
		    (mach_msg_type_number_t)(size / 4), new_state, &new_count);
	if (kr != KERN_SUCCESS)
		return kr;
	/* Checked and sanitised as thread_set_state does; refused: next. */
	return arch_thread_set_state(t, flavor, new_state,
	    (size_t)new_count * sizeof(natural_t));
}

/* One handler: KERN_SUCCESS if it resumed the thread. */
static kern_return_t
exception_deliver(struct thread *t, const struct ipc_exc_port *h,
    exception_type_t exception, int64_t codes[2])
{
	struct ipc_port *port;
	kern_return_t kr;

	if (!IPC_PORT_VALID(h->port))
		return KERN_FAILURE;
	/* Our own send right: the owner may replace its handler meanwhile. */
	port = ipc_port_copy_send(h->port);
	if (!IPC_PORT_VALID(port))
		return KERN_FAILURE;
	if (h->behavior == EXCEPTION_DEFAULT)
		kr = exception_raise(port, ipc_thread_make_send(t),
		    ipc_task_make_send(t->task), exception, codes, 2);
	else
		kr = exception_deliver_state(t, port, h, exception, codes);
	ipc_port_release_send(port);
	return kr;
}

static bool
exception_interrupted(kern_return_t kr)
{
	return kr == MACH_SEND_INTERRUPTED || kr == MACH_RCV_INTERRUPTED;
}

enum exception_result
exception_raise_current(exception_type_t exception, int64_t code,
    int64_t subcode)
{
	struct thread *t = current_thread();
	int64_t codes[2] = { code, subcode };
	const struct ipc_exc_ports *owners[3] = {
		&t->ith_exc, &t->task->itk_exc, &realhost.exc,
	};

	exception_raised++;
	if (exception <= 0 || exception >= EXC_TYPES_COUNT)
		return EXCEPTION_UNHANDLED;
	for (size_t i = 0; i < ARRAY_SIZE(owners); i++) {
		kern_return_t kr = exception_deliver(t,
		    &owners[i]->exc[exception], exception, codes);

		if (kr == KERN_SUCCESS) {
			exception_resumed++;
			return EXCEPTION_RESUMED;
		}
		if (exception_interrupted(kr))
			return EXCEPTION_INTERRUPTED;
	}
	return EXCEPTION_UNHANDLED;
}
