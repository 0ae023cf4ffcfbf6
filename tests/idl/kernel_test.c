/*
 * KernelServer output, compiled with -DMACH_KERNEL: messages hold kernel
 * port pointers (as after the kernel's copy-in), intran turns them into
 * task objects, the destructor drops the reference intran took, and
 * outtran turns a task back into a port.
 */
#include <string.h>

#include "kobjServer.h"
#include "tap.h"

static struct ipc_port port_a, port_b;
static struct task task_a = { 7, 1, &port_a }, task_b = { 9, 1, &port_b };
static int conversions;

task_t convert_port_to_task(mach_port_t port)
{
	if (port == NULL || port->kobject == NULL)
		return NULL;
	port->kobject->refs++;
	conversions++;
	return port->kobject;
}

mach_port_t convert_task_to_port(task_t task)
{
	task->self->srights++;
	task_deallocate(task);
	return task->self;
}

void task_deallocate(task_t task)
{
	if (task != NULL)
		task->refs--;
}

kern_return_t kobj_task_info(task_t task, int *id)
{
	if (task == NULL)
		return KERN_INVALID_ARGUMENT;
	*id = task->id;
	return KERN_SUCCESS;
}

kern_return_t kobj_task_peer(task_t task, task_t other, task_t *peer, vm_offset_t d,
			     mach_msg_type_number_t dCnt)
{
	(void)task;
	if (dCnt != 3 || memcmp((void *)d, "abc", 3) != 0)
		return KERN_INVALID_ARGUMENT;
	other->refs++;
	*peer = other;
	return KERN_SUCCESS;
}

int main(void)
{
	union {
		kobj_kobj_task_info_request_t info;
		kobj_kobj_task_peer_request_t peer;
	} in;
	union {
		mig_reply_error_t err;
		kobj_kobj_task_info_reply_t info;
		kobj_kobj_task_peer_reply_t peer;
	} out;
	_Alignas(8) char trailer_room[sizeof(in) + MAX_TRAILER_SIZE];
	boolean_t handled;

	(void)trailer_room;
	TAP_PLAN(7);
	port_a.kobject = &task_a;
	port_b.kobject = &task_b;

	memset(&in, 0, sizeof(in));
	in.info.Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE, MACH_MSG_TYPE_PORT_SEND);
	in.info.Head.msgh_size = kobj_kobj_task_info_request_t_SIZE;
	in.info.Head.msgh_local_port = &port_a;
	in.info.Head.msgh_id = kobj_kobj_task_info_MSGID;
	handled = kobj_server(&in.info.Head, &out.err.Head);
	TAP_OK(handled && out.info.RetCode == KERN_SUCCESS && out.info.id == 7,
	       "KernelServer: request port translated by intran");
	TAP_OK(task_a.refs == 1 && conversions == 1, "destructor released intran's reference");

	memset(&in, 0, sizeof(in));
	in.peer.Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE, MACH_MSG_TYPE_PORT_SEND) |
		MACH_MSGH_BITS_COMPLEX;
	in.peer.Head.msgh_size = kobj_kobj_task_peer_request_t_SIZE;
	in.peer.Head.msgh_local_port = &port_a;
	in.peer.Head.msgh_id = kobj_kobj_task_peer_MSGID;
	in.peer.msgh_body.msgh_descriptor_count = 2;
	in.peer.other.name = &port_b;
	in.peer.other.disposition = MACH_MSG_TYPE_PORT_SEND;
	in.peer.other.type = MACH_MSG_PORT_DESCRIPTOR;
	in.peer.d.address = "abc";
	in.peer.d.size = 3;
	in.peer.d.type = MACH_MSG_OOL_DESCRIPTOR;
	in.peer.dCnt = 3;
	handled = kobj_server(&in.peer.Head, &out.err.Head);
	TAP_OK(handled && (out.peer.Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) &&
	       out.peer.peer.name == &port_b && port_b.srights == 1,
	       "KernelServer: in port translated, out object turned into a port by outtran");
	TAP_OK(task_a.refs == 1 && task_b.refs == 1, "every reference taken was released");

	in.peer.other.disposition = MACH_MSG_TYPE_PORT_SEND_ONCE;
	handled = kobj_server(&in.peer.Head, &out.err.Head);
	TAP_OK(handled && out.err.RetCode == MIG_BAD_ARGUMENTS && task_b.refs == 1,
	       "KernelServer: bad disposition refused before any translation");
	in.peer.Head.msgh_id = 5002;
	handled = kobj_server(&in.peer.Head, &out.err.Head);
	TAP_OK(!handled && out.err.RetCode == MIG_BAD_ID, "KernelServer: unknown id");
	/*
	 * Sizes end at the last field: the kernel's error reply is the user's
	 * (24 + 4) plus the 8 bytes of header, not sizeof() with its padding.
	 */
	TAP_OK(out.err.Head.msgh_size == sizeof(mach_msg_header_t) + sizeof(kern_return_t) &&
	       out.err.Head.msgh_size == 36,
	       "KernelServer: message sizes exclude trailing padding (kernel = user + 8)");
	return TAP_DONE();
}
