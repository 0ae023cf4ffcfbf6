/*
 * Helpers of the out-of-line IPC tests and benchmarks (ipc_ool.h).
 */
#include "ipc/ipc_space.h"
#include "ipc/mach_msg.h"
#include "ipc_ool.h"
#include "kern/copyio.h"
#include "kern/cpu.h"
#include "kern/string.h"

bool
ool_task_init(struct ool_task *t)
{
	t->map = vm_map_create();
	t->space = ipc_space_create();
	t->buf = 0;
	if (!t->map || !t->space ||
	    vm_allocate(t->map, &t->buf, OOL_BUF_SIZE, VM_FLAGS_ANYWHERE)) {
		ool_task_destroy(t);
		return false;
	}
	return true;
}

void
ool_task_destroy(struct ool_task *t)
{
	if (t->space) {
		ipc_space_destroy(t->space);
		ipc_space_release(t->space);
	}
	if (t->map)
		vm_map_deallocate(t->map);
	t->space = NULL;
	t->map = NULL;
}

/* Load t's map as the current user map; returns the previous one. */
static struct vm_map *
ool_enter(struct ool_task *t)
{
	struct vm_map *saved = cpu_self()->active_map;

	cpu_self()->active_map = t->map;
	vm_map_activate(t->map);
	return saved;
}

static void
ool_leave(struct vm_map *saved)
{
	cpu_self()->active_map = saved;
	vm_map_activate(saved);
}

mach_msg_return_t
ool_send(struct ool_task *t, struct ool_msg *m, unsigned ndesc,
    mach_msg_option_t option, mach_msg_timeout_t timeout)
{
	struct ipc_msg_caller c = { t->space, { { 0, 0 } }, true };
	mach_msg_size_t size = IPC_USER_HEADER_SIZE + sizeof(m->body) +
	    ndesc * sizeof(mach_msg_ool_descriptor_t) + sizeof(m->inline_data);
	struct vm_map *saved = ool_enter(t);
	mach_msg_return_t mr = MACH_SEND_INVALID_DATA;

	m->h.size = size;
	if (ndesc > 0)
		m->h.bits |= MACH_MSGH_BITS_COMPLEX;
	m->body.msgh_descriptor_count = ndesc;
	/* the inline word follows the descriptors */
	memcpy((char *)m + size - sizeof(m->inline_data), &m->inline_data,
	    sizeof(m->inline_data));
	if (copyout(m, (void *)t->buf, size) == 0)
		mr = ipc_mach_msg(&c, (void *)t->buf, MACH_SEND_MSG | option,
		    size, 0, MACH_PORT_NULL, timeout);
	ool_leave(saved);
	return mr;
}

mach_msg_return_t
ool_receive(struct ool_task *t, mach_port_name_t name, struct ool_msg *m,
    mach_msg_size_t rcv_size, mach_msg_option_t option)
{
	struct ipc_msg_caller c = { t->space, { { 0, 0 } }, true };
	struct vm_map *saved = ool_enter(t);
	mach_msg_return_t mr;

	memset(m, 0, sizeof(*m));
	mr = ipc_mach_msg(&c, (void *)t->buf, MACH_RCV_MSG | MACH_RCV_TIMEOUT |
	    option, 0, rcv_size, name, 0);
	if (copyin((void *)t->buf, m, MIN(rcv_size, sizeof(*m))) != 0)
		mr = MACH_RCV_INVALID_DATA;
	ool_leave(saved);
	return mr;
}

void
ool_msg_init(struct ool_msg *m, mach_port_name_t dest)
{
	memset(m, 0, sizeof(*m));
	m->h.bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	m->h.remote = dest;
	m->h.id = 4242;
	m->inline_data = 0x1234abcd;
}

void
ool_msg_region(struct ool_msg *m, unsigned i, vm_address_t addr,
    mach_msg_size_t size, bool dealloc)
{
	mach_msg_ool_descriptor_t *d = &m->d[i].out_of_line;

	d->address = (void *)addr;
	d->size = size;
	d->deallocate = dealloc;
	d->copy = MACH_MSG_VIRTUAL_COPY;
	d->pad1 = 0;
	d->type = MACH_MSG_OOL_DESCRIPTOR;
}

void
ool_msg_ports(struct ool_msg *m, unsigned i, vm_address_t addr,
    mach_msg_size_t count, mach_msg_type_name_t disposition, bool dealloc)
{
	mach_msg_ool_ports_descriptor_t *d = &m->d[i].ool_ports;

	d->address = (void *)addr;
	d->count = count;
	d->deallocate = dealloc;
	d->copy = MACH_MSG_PHYSICAL_COPY;
	d->disposition = disposition;
	d->type = MACH_MSG_OOL_PORTS_DESCRIPTOR;
}
