/*
 * Message copy-out (see ipc_kmsg_copyout.h).
 *
 * Lock order: the receiver's space, then ports; the receiver's map is
 * taken (inside vm_map_copyout / vm_allocate) with neither held.
 */
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_kmsg_copyout.h"
#include "ipc/ipc_mqueue.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_right_copy.h"
#include "ipc/ipc_space.h"
#include "kern/copyio.h"
#include "kern/cpu.h"
#include "kern/string.h"
#include "kern/zalloc.h"
#include "vm/vm_map.h"
#include "vm/vm_map_copy.h"

/* A right becomes a name, or MACH_PORT_DEAD if the space cannot take it. */
static mach_port_name_t
ipc_kmsg_copyout_right(struct ipc_space *space, struct ipc_port *port,
    mach_msg_type_name_t type, bool *failed)
{
	mach_port_name_t name;

	if (ipc_right_copyout(space, port, type, &name) == KERN_SUCCESS)
		return name;
	ipc_port_release_right(port, type);
	*failed = true;
	return MACH_PORT_DEAD;
}

/*
 * Port descriptors' rights become names.  Out-of-line memory and port
 * arrays wait for ipc_kmsg_put, which knows the receiver's map.
 */
static mach_msg_return_t
ipc_kmsg_copyout_body(struct ipc_kmsg *kmsg, struct ipc_space *space)
{
	mach_msg_body_t *body = ipc_kmsg_body(kmsg);
	mach_msg_descriptor_t *d = ipc_kmsg_desc_first(kmsg);
	bool failed = false;

	for (mach_msg_size_t i = 0; i < body->msgh_descriptor_count;
	    i++, d = ipc_kmsg_desc_next(d)) {
		if (d->type.type != MACH_MSG_PORT_DESCRIPTOR)
			continue;
		mach_port_name_t name = ipc_kmsg_copyout_right(space,
		    d->port.name, d->port.disposition, &failed);
		/* The user form: a 32-bit name and a zero pad word. */
		uint32_t *words = (uint32_t *)d;

		words[0] = name;
		words[1] = 0;
	}
	return failed ? (MACH_RCV_BODY_ERROR | MACH_MSG_IPC_SPACE) :
	    MACH_MSG_SUCCESS;
}

mach_msg_return_t
ipc_kmsg_copyout(struct ipc_kmsg *kmsg, struct ipc_space *space,
    struct ipc_user_header *uh)
{
	mach_msg_header_t *h = &kmsg->hdr;
	mach_msg_type_name_t dt = MACH_MSGH_BITS_REMOTE(h->msgh_bits);
	mach_msg_type_name_t rt = MACH_MSGH_BITS_LOCAL(h->msgh_bits);
	struct ipc_port *dest = h->msgh_remote_port;
	bool failed = false;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	kmsg->rcv_space = space;

	uh->remote = ipc_kmsg_copyout_right(space, h->msgh_local_port, rt,
	    &failed);
	if (failed)
		mr = MACH_RCV_HEADER_ERROR | MACH_MSG_IPC_SPACE;
	uh->local = (dest->receiver == space) ? dest->receiver_name :
	    MACH_PORT_NULL;
	ipc_port_release_dest(dest, dt);
	h->msgh_remote_port = NULL;
	h->msgh_local_port = NULL;
	uh->bits = MACH_MSGH_BITS(uh->remote == MACH_PORT_NULL ? 0 : rt, dt) |
	    (h->msgh_bits & MACH_MSGH_BITS_COMPLEX);
	uh->size = h->msgh_size;
	uh->voucher = MACH_PORT_NULL;
	uh->id = h->msgh_id;
	if (MACH_MSGH_BITS_IS_COMPLEX(h->msgh_bits)) {
		mach_msg_return_t body_mr = ipc_kmsg_copyout_body(kmsg, space);
		if (mr == MACH_MSG_SUCCESS)
			mr = body_mr;
	}
	h->msgh_bits &= MACH_MSGH_BITS_COMPLEX;	/* no rights left */
	return mr;
}

static bool
ipc_copy_to(bool user, const void *src, void *dst, size_t n)
{
	if (user)
		return copyout(src, dst, n) == 0;
	memcpy(dst, src, n);
	return true;
}

/*
 * An out-of-line region is mapped into map (a kernel receiver, map
 * NULL, gets the copy object itself).  Returns MACH_MSG_VM_SPACE if it
 * could not be: the memory is dropped and the address is 0.
 */
static mach_msg_return_t
ipc_kmsg_copyout_ool(struct vm_map *map, mach_msg_ool_descriptor_t *d)
{
	struct vm_map_copy *copy = d->address;
	vm_address_t addr = 0;
	mach_msg_return_t bits = 0;

	if (!map)
		return 0;
	if (vm_map_copyout(map, &addr, copy) != KERN_SUCCESS) {
		vm_map_copy_discard(copy);
		addr = 0;
		bits = MACH_MSG_VM_SPACE;
	}
	d->address = (void *)addr;
	d->deallocate = false;
	d->copy = MACH_MSG_VIRTUAL_COPY;
	return bits;
}

/*
 * Names into an array of 32-bit names in place: names[i] overlaps only
 * ports[i / 2], which has been read by then.
 */
static mach_port_name_t *
ipc_kmsg_names_in_place(struct ipc_space *space, struct ipc_port **ports,
    mach_msg_size_t count, mach_msg_type_name_t type, bool *failed)
{
	mach_port_name_t *names = (mach_port_name_t *)ports;

	for (mach_msg_size_t i = 0; i < count; i++) {
		struct ipc_port *port = ports[i];
		names[i] = ipc_kmsg_copyout_right(space, port, type, failed);
	}
	return names;
}

/*
 * A port array becomes names in the receiver's space, written to new
 * memory in map (a kernel receiver gets a copy object of the names).
 * The memory is allocated first: if there is none, the rights are
 * released and MACH_MSG_VM_SPACE returned, as in Mach.
 */
static mach_msg_return_t
ipc_kmsg_copyout_ool_ports(struct ipc_space *space, struct vm_map *map,
    mach_msg_ool_ports_descriptor_t *d)
{
	struct ipc_port **ports = d->address;
	vm_size_t bytes = d->count * sizeof(mach_port_name_t);
	struct vm_map_copy *copy = NULL;
	vm_address_t addr = 0;
	mach_port_name_t *names;
	bool failed = false;
	mach_msg_return_t bits = 0;

	if (!ports)
		return 0;
	if (map && vm_allocate(map, &addr, round_page(bytes),
	    VM_FLAGS_ANYWHERE) != KERN_SUCCESS) {
		for (mach_msg_size_t i = 0; i < d->count; i++)
			ipc_port_release_right(ports[i], d->disposition);
		bits = MACH_MSG_VM_SPACE;
	} else {
		names = ipc_kmsg_names_in_place(space, ports, d->count,
		    d->disposition, &failed);
		if (map && vm_map_copyout_kernel(map, addr, names, bytes,
		    false) != KERN_SUCCESS)
			bits = MACH_MSG_VM_SPACE;
		if (!map && vm_map_copy_from_kernel(names, bytes, &copy) !=
		    KERN_SUCCESS)
			bits = MACH_MSG_VM_SPACE;
	}
	kfree(ports, d->count * sizeof(*ports));
	d->address = map ? (void *)addr : (void *)copy;
	d->deallocate = false;
	return bits | (failed ? MACH_MSG_IPC_SPACE : 0);
}

/* Map the message's out-of-line memory and port arrays (see above). */
static mach_msg_return_t
ipc_kmsg_copyout_ool_all(struct ipc_kmsg *kmsg, struct vm_map *map)
{
	mach_msg_body_t *body = ipc_kmsg_body(kmsg);
	mach_msg_descriptor_t *d = ipc_kmsg_desc_first(kmsg);
	mach_msg_return_t bits = 0;

	for (mach_msg_size_t i = 0; i < body->msgh_descriptor_count;
	    i++, d = ipc_kmsg_desc_next(d)) {
		if (d->type.type == MACH_MSG_OOL_DESCRIPTOR)
			bits |= ipc_kmsg_copyout_ool(map, &d->out_of_line);
		else if (d->type.type == MACH_MSG_OOL_PORTS_DESCRIPTOR)
			bits |= ipc_kmsg_copyout_ool_ports(kmsg->rcv_space, map,
			    &d->ool_ports);
	}
	return bits ? (MACH_RCV_BODY_ERROR | bits) : MACH_MSG_SUCCESS;
}

/*
 * The receiver's buffer could not be written: it will never learn where
 * its out-of-line memory went, so that memory goes again.  (Names of
 * port arrays stay in its space, as in Mach.)
 */
static void
ipc_kmsg_unmap_ool(struct ipc_kmsg *kmsg, struct vm_map *map)
{
	mach_msg_body_t *body = ipc_kmsg_body(kmsg);
	mach_msg_descriptor_t *d = ipc_kmsg_desc_first(kmsg);

	for (mach_msg_size_t i = 0; i < body->msgh_descriptor_count;
	    i++, d = ipc_kmsg_desc_next(d)) {
		vm_address_t a = (vm_address_t)d->out_of_line.address;
		if (!map && d->type.type != MACH_MSG_PORT_DESCRIPTOR)
			vm_map_copy_discard(d->out_of_line.address);
		else if (map && a && d->type.type == MACH_MSG_OOL_DESCRIPTOR)
			(void)vm_deallocate(map, a, d->out_of_line.size);
		else if (map && a)
			(void)vm_deallocate(map, a, d->ool_ports.count *
			    sizeof(mach_port_name_t));
	}
}

mach_msg_return_t
ipc_kmsg_put(bool user, void *msg, struct ipc_kmsg *kmsg,
    const struct ipc_user_header *uh, mach_msg_option_t option)
{
	mach_msg_size_t size = kmsg->hdr.msgh_size;
	mach_msg_size_t at = ALIGN_UP(size, 4u);
	mach_msg_size_t tsize = ipc_mqueue_needed_size(kmsg, option) - at;
	struct vm_map *map = user ? cpu_self()->active_map : NULL;
	bool complex = MACH_MSGH_BITS_IS_COMPLEX(uh->bits);
	mach_msg_return_t body_mr = MACH_MSG_SUCCESS;
	mach_msg_max_trailer_t t;
	bool ok;

	if (complex)
		body_mr = ipc_kmsg_copyout_ool_all(kmsg, map);
	memset(&t, 0, sizeof(t));
	t.msgh_trailer_type = MACH_MSG_TRAILER_FORMAT_0;
	t.msgh_trailer_size = tsize;
	t.msgh_seqno = kmsg->seqno;
	t.msgh_sender = kmsg->sender;
	ok = ipc_copy_to(user, uh, msg, sizeof(*uh)) &&
	    ipc_copy_to(user, ipc_kmsg_body(kmsg),
	    (char *)msg + IPC_USER_HEADER_SIZE, size - IPC_USER_HEADER_SIZE) &&
	    ipc_copy_to(user, &t, (char *)msg + at, tsize);
	if (!ok && complex)
		ipc_kmsg_unmap_ool(kmsg, map);
	ipc_kmsg_free(kmsg);
	return ok ? body_mr : MACH_RCV_INVALID_DATA;
}
