/*
 * Helpers of the IPC self-tests (see ipc_testlib.h).
 */
#include "ipc/ipc_init.h"
#include "ipc/ipc_mqueue.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_right_copy.h"
#include "ipc/mach_port.h"
#include "ipc_testlib.h"
#include "kern/ktest.h"
#include "kern/string.h"
#include "kern/zalloc.h"
#include "vm/vm_page.h"

void
ipc_leak_begin(struct ipc_leak_mark *m)
{
	ipc_bootstrap();
	zone_gc();
	m->zone_in_use = zone_total_in_use();
	m->free_pages = vm_page_free_count();
	m->ports = ipc_port_count();
	m->kmsgs = ipc_kmsg_count();
}

void
ipc_leak_end(const struct ipc_leak_mark *m)
{
	zone_gc();
	KEXPECT_EQ(ipc_port_count(), m->ports);
	KEXPECT_EQ(ipc_kmsg_count(), m->kmsgs);
	KEXPECT_EQ(zone_total_in_use(), m->zone_in_use);
	KEXPECT_EQ(vm_page_free_count(), m->free_pages);
}

struct ipc_space *
t_space(void)
{
	struct ipc_space *space = ipc_space_create();

	KEXPECT(space != NULL);
	return space;
}

mach_port_name_t
t_receive(struct ipc_space *space)
{
	mach_port_name_t name = MACH_PORT_NULL;

	KEXPECT_EQ(mach_port_allocate(space, MACH_PORT_RIGHT_RECEIVE, &name),
	    KERN_SUCCESS);
	return name;
}

struct ipc_port *
t_port(struct ipc_space *space, mach_port_name_t name)
{
	struct ipc_entry *e;

	if (ipc_right_lookup(space, name, &e) != KERN_SUCCESS ||
	    !(e->type & MACH_PORT_TYPE_PORT_RIGHTS))
		return NULL;
	return (struct ipc_port *)e->object;
}

mach_port_name_t
t_give(struct ipc_space *from, mach_port_name_t name,
    mach_msg_type_name_t disposition, struct ipc_space *to)
{
	struct ipc_port *port = NULL;
	mach_port_name_t out = MACH_PORT_NULL;
	kern_return_t kr = ipc_right_copyin(from, name, disposition, &port);

	KEXPECT_EQ(kr, KERN_SUCCESS);
	if (kr != KERN_SUCCESS)
		return MACH_PORT_NULL;
	kr = ipc_right_copyout(to, port, ipc_right_copyin_type(disposition),
	    &out);
	KEXPECT_EQ(kr, KERN_SUCCESS);
	return out;
}

struct ipc_port *
t_send_once(struct ipc_space *space, mach_port_name_t name)
{
	struct ipc_port *port = NULL;

	KEXPECT_EQ(ipc_right_copyin(space, name, MACH_MSG_TYPE_MAKE_SEND_ONCE,
	    &port), KERN_SUCCESS);
	return port;
}

void
t_send_simple(struct ipc_space *space, mach_port_name_t name, mach_msg_id_t id)
{
	struct ipc_kmsg *kmsg = ipc_kmsg_alloc(IPC_USER_HEADER_SIZE);
	struct ipc_port *port = NULL;

	KEXPECT(kmsg != NULL);
	KEXPECT_EQ(ipc_right_copyin(space, name, MACH_MSG_TYPE_MAKE_SEND,
	    &port), KERN_SUCCESS);
	kmsg->hdr.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND, 0);
	kmsg->hdr.msgh_remote_port = port;
	kmsg->hdr.msgh_id = id;
	KEXPECT_EQ(ipc_mqueue_deliver(kmsg), MACH_MSG_SUCCESS);
}

struct ipc_kmsg *
t_dequeue(struct ipc_space *space, mach_port_name_t name)
{
	struct ipc_port *port = t_port(space, name);

	KEXPECT(port != NULL);
	return port ? ipc_mqueue_dequeue(port) : NULL;
}

uint32_t
t_expect_notification(struct ipc_space *space, mach_port_name_t name,
    mach_msg_id_t id)
{
	struct ipc_kmsg *kmsg = t_dequeue(space, name);
	uint32_t value = 0;

	KEXPECT(kmsg != NULL);
	if (!kmsg)
		return 0;
	KEXPECT_EQ(kmsg->hdr.msgh_id, id);
	if (kmsg->hdr.msgh_size >= IPC_USER_HEADER_SIZE + sizeof(value) &&
	    !MACH_MSGH_BITS_IS_COMPLEX(kmsg->hdr.msgh_bits))
		memcpy(&value, ipc_kmsg_body(kmsg), sizeof(value));
	ipc_kmsg_destroy(kmsg);
	return value;
}

unsigned
t_queued(struct ipc_space *space, mach_port_name_t name)
{
	struct ipc_port *port = t_port(space, name);

	return port ? port->mqueue.count : 0;
}

mach_port_type_t
t_type(struct ipc_space *space, mach_port_name_t name)
{
	mach_port_type_t type = MACH_PORT_TYPE_NONE;

	KEXPECT_EQ(mach_port_type(space, name, &type), KERN_SUCCESS);
	return type;
}

mach_port_urefs_t
t_refs(struct ipc_space *space, mach_port_name_t name, mach_port_right_t right)
{
	mach_port_urefs_t refs = 0;

	KEXPECT_EQ(mach_port_get_refs(space, name, right, &refs), KERN_SUCCESS);
	return refs;
}
