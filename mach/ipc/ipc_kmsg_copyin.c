/*
 * Message copy-in (see ipc_kmsg_copyin.h): check everything, gather the
 * out-of-line memory and port names, then take the rights, then
 * deallocate what the sender gave away.
 *
 * Lock order: the sender's space, then ports; the sender's map (taken
 * and dropped inside vm_map_copyin) is never held with either.
 */
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_kmsg_copyin.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_right_copy.h"
#include "ipc/ipc_space.h"
#include "kern/copyio.h"
#include "kern/cpu.h"
#include "kern/panic.h"
#include "kern/string.h"
#include "kern/zalloc.h"
#include "vm/vm_map.h"
#include "vm/vm_map_copy.h"

/*
 * A port descriptor as the sender wrote it: a 32-bit name where the
 * kernel form (mach_msg_port_descriptor_t under MACH_KERNEL) has a
 * pointer; same size, same type word.
 */
#pragma pack(push, 4)
struct ipc_user_port_descriptor {
	mach_port_name_t		name;
	mach_msg_size_t			pad1;
	unsigned int			pad2 : 16;
	mach_msg_type_name_t		disposition : 8;
	mach_msg_descriptor_type_t	type : 8;
};
#pragma pack(pop)
_Static_assert(sizeof(struct ipc_user_port_descriptor) ==
    sizeof(mach_msg_port_descriptor_t), "port descriptors keep their size");

static bool
ipc_copy_from(bool user, const void *src, void *dst, size_t n)
{
	if (user)
		return copyin(src, dst, n) == 0;
	memcpy(dst, src, n);
	return true;
}

mach_msg_return_t
ipc_kmsg_get(bool user, const void *msg, mach_msg_size_t send_size,
    struct ipc_kmsg **kmsgp, struct ipc_user_header *uh)
{
	struct ipc_kmsg *kmsg;

	if (send_size < IPC_USER_HEADER_SIZE || (send_size & 3))
		return MACH_SEND_MSG_TOO_SMALL;
	if (send_size > IPC_KMSG_MAX_SIZE)
		return MACH_SEND_TOO_LARGE;
	kmsg = ipc_kmsg_alloc(send_size);
	if (!kmsg)
		return MACH_SEND_NO_BUFFER;
	if (!ipc_copy_from(user, msg, uh, sizeof(*uh)) ||
	    !ipc_copy_from(user, (const char *)msg + IPC_USER_HEADER_SIZE,
	    ipc_kmsg_body(kmsg), send_size - IPC_USER_HEADER_SIZE)) {
		ipc_kmsg_free(kmsg);
		return MACH_SEND_INVALID_DATA;
	}
	kmsg->hdr.msgh_bits = 0;	/* no rights yet */
	kmsg->from_user = user;
	kmsg->hdr.msgh_id = uh->id;
	*kmsgp = kmsg;
	return MACH_MSG_SUCCESS;
}

/* The live port a name denotes (after a successful copyin check). */
static struct ipc_port *
ipc_kmsg_name_port(struct ipc_space *space, mach_port_name_t name)
{
	struct ipc_entry *e = ipc_entry_lookup(space, name);

	return (e && e->object) ? (struct ipc_port *)e->object : NULL;
}

/* Is a disposition one that moves (consumes) the name's right? */
static bool
ipc_disposition_moves(mach_msg_type_name_t d)
{
	return d == MACH_MSG_TYPE_MOVE_SEND || d == MACH_MSG_TYPE_MOVE_SEND_ONCE ||
	    d == MACH_MSG_TYPE_MOVE_RECEIVE;
}

/*
 * The same name as destination and reply: allowed when the two uses
 * cannot both need the one right.  Returns MACH_SEND_INVALID_REPLY if not.
 */
static mach_msg_return_t
ipc_kmsg_check_same_name(struct ipc_space *space, mach_port_name_t name,
    mach_msg_type_name_t dn, mach_msg_type_name_t rn)
{
	struct ipc_entry *e = ipc_entry_lookup(space, name);

	if (rn == MACH_MSG_TYPE_MOVE_RECEIVE)
		return MACH_SEND_INVALID_REPLY;	/* a cycle */
	if (!ipc_disposition_moves(dn) || !ipc_disposition_moves(rn))
		return MACH_MSG_SUCCESS;
	if (dn == MACH_MSG_TYPE_MOVE_SEND && rn == MACH_MSG_TYPE_MOVE_SEND &&
	    (e->type & MACH_PORT_TYPE_SEND) && e->urefs >= 2)
		return MACH_MSG_SUCCESS;
	return MACH_SEND_INVALID_REPLY;
}

/* Check the header; on success nothing has changed yet. */
static mach_msg_return_t
ipc_kmsg_check_header(struct ipc_space *space,
    const struct ipc_user_header *uh)
{
	mach_msg_type_name_t dn = MACH_MSGH_BITS_REMOTE(uh->bits);
	mach_msg_type_name_t rn = MACH_MSGH_BITS_LOCAL(uh->bits);
	struct ipc_port *dest;

	if ((uh->bits & ~MACH_MSGH_BITS_USER) || MACH_MSGH_BITS_VOUCHER(uh->bits)
	    || uh->voucher != MACH_PORT_NULL || !MACH_MSG_TYPE_PORT_ANY_SEND(dn))
		return MACH_SEND_INVALID_HEADER;
	if (uh->local != MACH_PORT_NULL && !MACH_MSG_TYPE_PORT_ANY(rn))
		return MACH_SEND_INVALID_HEADER;
	if (!MACH_PORT_VALID(uh->remote) ||
	    ipc_right_copyin_check(space, uh->remote, dn, false) != KERN_SUCCESS)
		return MACH_SEND_INVALID_DEST;
	if (uh->local == MACH_PORT_DEAD)
		return MACH_MSG_TYPE_PORT_ANY_SEND(rn) ? MACH_MSG_SUCCESS :
		    MACH_SEND_INVALID_REPLY;
	if (uh->local == MACH_PORT_NULL)
		return MACH_MSG_SUCCESS;
	if (ipc_right_copyin_check(space, uh->local, rn, true) != KERN_SUCCESS)
		return MACH_SEND_INVALID_REPLY;
	if (uh->local == uh->remote)
		return ipc_kmsg_check_same_name(space, uh->local, dn, rn);
	dest = ipc_kmsg_name_port(space, uh->remote);
	if (rn == MACH_MSG_TYPE_MOVE_RECEIVE && ipc_port_check_circularity(
	    ipc_kmsg_name_port(space, uh->local), dest))
		return MACH_SEND_INVALID_REPLY;
	return MACH_MSG_SUCCESS;
}

/* A receive right put in a message to dest is in transit towards it. */
static void
ipc_kmsg_set_in_transit(struct ipc_port *port, struct ipc_port *dest)
{
	ipc_port_reference(dest);
	port->destination = dest;
}

/*
 * Take the header's rights (checked).  With the same name twice, the
 * use that does not move the right goes first, so it still finds it.
 */
static void
ipc_kmsg_take_header(struct ipc_kmsg *kmsg, struct ipc_space *space,
    const struct ipc_user_header *uh)
{
	mach_msg_type_name_t dn = MACH_MSGH_BITS_REMOTE(uh->bits);
	mach_msg_type_name_t rn = MACH_MSGH_BITS_LOCAL(uh->bits);
	struct ipc_port *dest = NULL, *reply = NULL;
	bool reply_first = ipc_disposition_moves(dn);

	if (!MACH_PORT_VALID(uh->local))
		reply = uh->local == MACH_PORT_DEAD ? IPC_PORT_DEAD : NULL;
	if (reply_first && MACH_PORT_VALID(uh->local))
		ipc_right_copyin(space, uh->local, rn, &reply);
	ipc_right_copyin(space, uh->remote, dn, &dest);
	if (!reply_first && MACH_PORT_VALID(uh->local))
		ipc_right_copyin(space, uh->local, rn, &reply);
	if (reply == NULL)
		rn = 0;
	if (rn == MACH_MSG_TYPE_MOVE_RECEIVE)
		ipc_kmsg_set_in_transit(reply, dest);
	kmsg->hdr.msgh_remote_port = dest;
	kmsg->hdr.msgh_local_port = reply;
	kmsg->hdr.msgh_bits = MACH_MSGH_BITS(ipc_right_copyin_type(dn),
	    ipc_right_copyin_type(rn)) | (uh->bits & MACH_MSGH_BITS_COMPLEX);
}

/* The port descriptor d as the sender wrote it (a name, not a pointer). */
static struct ipc_user_port_descriptor *
ipc_kmsg_user_port(mach_msg_descriptor_t *d)
{
	return (struct ipc_user_port_descriptor *)d;
}

/* Would taking name under disp, into a message to dest, be acceptable? */
static mach_msg_return_t
ipc_kmsg_check_name(struct ipc_space *space, struct ipc_port *dest,
    mach_port_name_t name, mach_msg_type_name_t disp)
{
	if (!MACH_PORT_VALID(name))
		return MACH_MSG_SUCCESS;	/* carries no right */
	if (ipc_right_copyin_check(space, name, disp, true) != KERN_SUCCESS)
		return MACH_SEND_INVALID_RIGHT;
	if (disp == MACH_MSG_TYPE_MOVE_RECEIVE &&
	    ipc_port_check_circularity(ipc_kmsg_name_port(space, name), dest))
		return MACH_SEND_INVALID_RIGHT;
	return MACH_MSG_SUCCESS;
}

/* What the checks of a body add up, for the bounds per message. */
struct ipc_kmsg_totals {
	vm_size_t ool_bytes;
	mach_msg_size_t ool_ports;
	mach_msg_size_t deallocs;	/* regions / arrays to deallocate */
};

/* Checks of an out-of-line region that need no memory access. */
static mach_msg_return_t
ipc_kmsg_check_ool(const mach_msg_ool_descriptor_t *d, bool user,
    struct ipc_kmsg_totals *t)
{
	if (d->copy != MACH_MSG_PHYSICAL_COPY && d->copy != MACH_MSG_VIRTUAL_COPY)
		return MACH_SEND_INVALID_TYPE;
	if (d->size > IPC_KMSG_MAX_OOL_BYTES - t->ool_bytes)
		return MACH_SEND_TOO_LARGE;
	t->ool_bytes += d->size;
	if (d->size == 0)
		return MACH_MSG_SUCCESS;
	if (!user)	/* a kernel sender's copy object */
		return d->address && vm_map_copy_size(d->address) == d->size ?
		    MACH_MSG_SUCCESS : MACH_SEND_INVALID_MEMORY;
	if (!user_range_ok((uintptr_t)d->address, d->size))
		return MACH_SEND_INVALID_MEMORY;
	if (d->deallocate)
		t->deallocs++;
	return MACH_MSG_SUCCESS;
}

/* Checks of an out-of-line port array that need no memory access. */
static mach_msg_return_t
ipc_kmsg_check_ool_ports(const mach_msg_ool_ports_descriptor_t *d, bool user,
    struct ipc_kmsg_totals *t)
{
	size_t bytes = (size_t)d->count * sizeof(mach_port_name_t);

	if ((d->copy != MACH_MSG_PHYSICAL_COPY &&
	    d->copy != MACH_MSG_VIRTUAL_COPY) ||
	    !MACH_MSG_TYPE_PORT_ANY(d->disposition))
		return MACH_SEND_INVALID_TYPE;
	if (d->count > IPC_KMSG_MAX_OOL_PORTS ||
	    d->count > IPC_KMSG_MAX_OOL_PORTS_TOTAL - t->ool_ports)
		return MACH_SEND_TOO_LARGE;
	t->ool_ports += d->count;
	if (d->count == 0)
		return MACH_MSG_SUCCESS;
	if (user ? !user_range_ok((uintptr_t)d->address, bytes) : !d->address)
		return MACH_SEND_INVALID_MEMORY;
	if (user && d->deallocate)
		t->deallocs++;
	return MACH_MSG_SUCCESS;
}

/* One descriptor: type, options, bounds, a port descriptor's name. */
static mach_msg_return_t
ipc_kmsg_check_desc(struct ipc_kmsg *kmsg, struct ipc_space *space,
    struct ipc_port *dest, mach_msg_descriptor_t *d,
    struct ipc_kmsg_totals *t)
{
	struct ipc_user_port_descriptor *pd;

	switch (d->type.type) {
	case MACH_MSG_PORT_DESCRIPTOR:
		pd = ipc_kmsg_user_port(d);
		if (!MACH_MSG_TYPE_PORT_ANY(pd->disposition))
			return MACH_SEND_INVALID_TYPE;
		return ipc_kmsg_check_name(space, dest, pd->name,
		    pd->disposition);
	case MACH_MSG_OOL_DESCRIPTOR:
		return ipc_kmsg_check_ool(&d->out_of_line, kmsg->from_user, t);
	case MACH_MSG_OOL_PORTS_DESCRIPTOR:
		return ipc_kmsg_check_ool_ports(&d->ool_ports, kmsg->from_user,
		    t);
	default:
		return MACH_SEND_INVALID_TYPE;
	}
}

/*
 * Check the body of a complex message: the count, that each descriptor
 * fits (their sizes differ by type, so the walk reads each type before
 * relying on its size), and each descriptor.  Reads no user memory and
 * changes nothing.
 */
static mach_msg_return_t
ipc_kmsg_check_body(struct ipc_kmsg *kmsg, struct ipc_space *space,
    struct ipc_port *dest, mach_msg_size_t *countp,
    struct ipc_kmsg_totals *t)
{
	mach_msg_size_t size = ipc_kmsg_body_size(kmsg);
	mach_msg_body_t *body = ipc_kmsg_body(kmsg);
	mach_msg_descriptor_t *d;
	mach_msg_size_t count, left;
	mach_msg_return_t mr;

	if (size < sizeof(*body))
		return MACH_SEND_MSG_TOO_SMALL;
	count = body->msgh_descriptor_count;
	if (count > IPC_KMSG_MAX_DESCRIPTORS)
		return MACH_SEND_TOO_LARGE;
	left = size - sizeof(*body);
	d = ipc_kmsg_desc_first(kmsg);
	for (mach_msg_size_t i = 0; i < count; i++) {
		if (left < sizeof(mach_msg_type_descriptor_t))
			return MACH_SEND_MSG_TOO_SMALL;
		if (d->type.type > MACH_MSG_OOL_PORTS_DESCRIPTOR)
			return MACH_SEND_INVALID_TYPE;	/* size unknown */
		if (left < ipc_kmsg_desc_size(d->type.type))
			return MACH_SEND_MSG_TOO_SMALL;
		mr = ipc_kmsg_check_desc(kmsg, space, dest, d, t);
		if (mr != MACH_MSG_SUCCESS)
			return mr;
		left -= ipc_kmsg_desc_size(d->type.type);
		d = ipc_kmsg_desc_next(d);
	}
	*countp = count;
	return MACH_MSG_SUCCESS;
}

/*
 * Regions and arrays the sender gave away (`deallocate`), removed from
 * its map only once the message is complete.
 */
struct ipc_kmsg_deallocs {
	struct {
		vm_address_t addr;
		vm_size_t size;
	} *v;
	mach_msg_size_t n, max;
};

static void
ipc_kmsg_dealloc_note(struct ipc_kmsg_deallocs *dl, const void *addr,
    vm_size_t size)
{
	assert(dl->n < dl->max);
	dl->v[dl->n].addr = (vm_address_t)addr;
	dl->v[dl->n].size = size;
	dl->n++;
}

static mach_msg_return_t
ipc_kmsg_vm_error(kern_return_t kr)
{
	return kr == KERN_RESOURCE_SHORTAGE ? MACH_SEND_NO_BUFFER :
	    MACH_SEND_INVALID_MEMORY;
}

/* A user region becomes a copy object in the descriptor. */
static mach_msg_return_t
ipc_kmsg_gather_ool(struct vm_map *map, mach_msg_ool_descriptor_t *d,
    struct ipc_kmsg_deallocs *dl)
{
	struct vm_map_copy *copy = NULL;
	kern_return_t kr = KERN_SUCCESS;

	if (d->size > 0)
		kr = map ? vm_map_copyin(map, (vm_address_t)d->address,
		    d->size, false, &copy) : KERN_INVALID_ADDRESS;
	if (kr != KERN_SUCCESS)
		return ipc_kmsg_vm_error(kr);
	if (d->size > 0 && d->deallocate)
		ipc_kmsg_dealloc_note(dl, d->address, d->size);
	d->address = copy;
	d->deallocate = false;
	d->copy = MACH_MSG_VIRTUAL_COPY;
	return MACH_MSG_SUCCESS;
}

/* Read count names at src (user memory if user) into ports[] as values. */
static bool
ipc_kmsg_read_names(bool user, const mach_port_name_t *src,
    struct ipc_port **ports, mach_msg_size_t count)
{
	mach_port_name_t chunk[64];

	for (mach_msg_size_t i = 0; i < count; i += ARRAY_SIZE(chunk)) {
		mach_msg_size_t n = MIN(count - i, (mach_msg_size_t)
		    ARRAY_SIZE(chunk));
		if (user && copyin(src + i, chunk, n * sizeof(*chunk)) != 0)
			return false;
		if (!user)
			memcpy(chunk, src + i, n * sizeof(*chunk));
		for (mach_msg_size_t k = 0; k < n; k++)
			ports[i + k] = (struct ipc_port *)(uintptr_t)chunk[k];
	}
	return true;
}

/*
 * A port array's names are read into a kernel array (the names, as
 * values, where the rights will go) and checked.
 */
static mach_msg_return_t
ipc_kmsg_gather_ool_ports(struct ipc_space *space, struct ipc_port *dest,
    bool user, mach_msg_ool_ports_descriptor_t *d,
    struct ipc_kmsg_deallocs *dl)
{
	struct ipc_port **ports = NULL;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	if (d->count > 0) {
		ports = kalloc(d->count * sizeof(*ports));
		if (!ports)
			return MACH_SEND_NO_BUFFER;
		if (!ipc_kmsg_read_names(user, d->address, ports, d->count))
			mr = MACH_SEND_INVALID_MEMORY;
	}
	for (mach_msg_size_t i = 0; mr == MACH_MSG_SUCCESS && i < d->count; i++)
		mr = ipc_kmsg_check_name(space, dest,
		    (mach_port_name_t)(uintptr_t)ports[i], d->disposition);
	if (mr != MACH_MSG_SUCCESS) {
		kfree(ports, d->count * sizeof(*ports));
		return mr;
	}
	if (user && d->count > 0 && d->deallocate)
		ipc_kmsg_dealloc_note(dl, d->address,
		    d->count * sizeof(mach_port_name_t));
	d->address = ports;
	d->deallocate = false;
	return MACH_MSG_SUCCESS;
}

/*
 * Undo the gathering of the first n descriptors: a user sender's copies
 * are discarded (a kernel sender keeps its own), name arrays freed.
 */
static void
ipc_kmsg_ungather(struct ipc_kmsg *kmsg, mach_msg_size_t n)
{
	mach_msg_descriptor_t *d = ipc_kmsg_desc_first(kmsg);

	for (mach_msg_size_t i = 0; i < n; i++, d = ipc_kmsg_desc_next(d)) {
		if (d->type.type == MACH_MSG_OOL_DESCRIPTOR && kmsg->from_user)
			vm_map_copy_discard(d->out_of_line.address);
		if (d->type.type == MACH_MSG_OOL_PORTS_DESCRIPTOR &&
		    d->ool_ports.address)
			kfree(d->ool_ports.address, d->ool_ports.count *
			    sizeof(struct ipc_port *));
	}
}

/* Gather every out-of-line region and port array (file comment). */
static mach_msg_return_t
ipc_kmsg_gather(struct ipc_kmsg *kmsg, struct ipc_space *space,
    struct ipc_port *dest, mach_msg_size_t count,
    struct ipc_kmsg_deallocs *dl)
{
	struct vm_map *map = kmsg->from_user ? cpu_self()->active_map : NULL;
	mach_msg_descriptor_t *d = ipc_kmsg_desc_first(kmsg);
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	for (mach_msg_size_t i = 0; i < count; i++, d = ipc_kmsg_desc_next(d)) {
		if (d->type.type == MACH_MSG_OOL_DESCRIPTOR && kmsg->from_user)
			mr = ipc_kmsg_gather_ool(map, &d->out_of_line, dl);
		else if (d->type.type == MACH_MSG_OOL_PORTS_DESCRIPTOR)
			mr = ipc_kmsg_gather_ool_ports(space, dest,
			    kmsg->from_user, &d->ool_ports, dl);
		if (mr != MACH_MSG_SUCCESS) {
			ipc_kmsg_ungather(kmsg, i);
			return mr;
		}
	}
	return MACH_MSG_SUCCESS;
}

/* Take one name's right for a message to dest (checked before). */
static bool
ipc_kmsg_take_name(struct ipc_space *space, struct ipc_port *dest,
    mach_port_name_t name, mach_msg_type_name_t disp, struct ipc_port **portp)
{
	*portp = name == MACH_PORT_DEAD ? IPC_PORT_DEAD : NULL;
	if (!MACH_PORT_VALID(name))
		return true;
	/* Checked, but a name used twice may have lost its right since. */
	if (ipc_kmsg_check_name(space, dest, name, disp) != MACH_MSG_SUCCESS ||
	    ipc_right_copyin(space, name, disp, portp) != KERN_SUCCESS) {
		*portp = NULL;
		return false;
	}
	if (disp == MACH_MSG_TYPE_MOVE_RECEIVE)
		ipc_kmsg_set_in_transit(*portp, dest);
	return true;
}

/*
 * Take a port array's rights in place of its names (none if an earlier
 * descriptor failed: `ok` false).  On failure the rest of the array
 * holds no rights (NULL), so destroying the message releases exactly
 * what was taken.
 */
static bool
ipc_kmsg_take_ool_ports(struct ipc_space *space, struct ipc_port *dest,
    mach_msg_ool_ports_descriptor_t *d, bool ok)
{
	struct ipc_port **ports = d->address;
	mach_msg_type_name_t disp = d->disposition;

	d->disposition = ipc_right_copyin_type(disp);
	for (mach_msg_size_t i = 0; i < d->count; i++) {
		mach_port_name_t name = (mach_port_name_t)(uintptr_t)ports[i];
		if (!ok || !ipc_kmsg_take_name(space, dest, name, disp,
		    &ports[i])) {
			ports[i] = NULL;
			ok = false;
		}
	}
	return ok;
}

/* A port descriptor into kernel form; false (and no right) on failure. */
static bool
ipc_kmsg_take_port(struct ipc_space *space, struct ipc_port *dest,
    mach_msg_descriptor_t *d, bool ok)
{
	struct ipc_user_port_descriptor *ud = ipc_kmsg_user_port(d);
	mach_msg_type_name_t disp = ud->disposition;
	mach_port_name_t name = ud->name;
	struct ipc_port *port = NULL;

	if (ok)
		ok = ipc_kmsg_take_name(space, dest, name, disp, &port);
	d->port.name = ok ? port : NULL;
	d->port.pad2 = 0;
	d->port.disposition = ipc_right_copyin_type(disp);
	d->port.type = MACH_MSG_PORT_DESCRIPTOR;
	return ok;
}

/*
 * Take the body's rights, turning every descriptor into kernel form.  A
 * name used twice can still fail here (the first use moved the right);
 * the descriptors from there on are still converted, holding no rights,
 * so that destroying the message releases exactly what was taken (and
 * the gathered copies and arrays).
 */
static mach_msg_return_t
ipc_kmsg_take_body(struct ipc_kmsg *kmsg, struct ipc_space *space,
    mach_msg_size_t count)
{
	struct ipc_port *dest = kmsg->hdr.msgh_remote_port;
	mach_msg_descriptor_t *d = ipc_kmsg_desc_first(kmsg);
	bool ok = true;

	for (mach_msg_size_t i = 0; i < count; i++, d = ipc_kmsg_desc_next(d)) {
		if (d->type.type == MACH_MSG_PORT_DESCRIPTOR)
			ok = ipc_kmsg_take_port(space, dest, d, ok);
		else if (d->type.type == MACH_MSG_OOL_PORTS_DESCRIPTOR)
			ok = ipc_kmsg_take_ool_ports(space, dest,
			    &d->ool_ports, ok);
	}
	return ok ? MACH_MSG_SUCCESS : MACH_SEND_INVALID_RIGHT;
}

/* A kernel sender keeps its copies when its send fails. */
static void
ipc_kmsg_forget_kernel_copies(struct ipc_kmsg *kmsg, mach_msg_size_t count)
{
	mach_msg_descriptor_t *d = ipc_kmsg_desc_first(kmsg);

	for (mach_msg_size_t i = 0; i < count; i++, d = ipc_kmsg_desc_next(d))
		if (d->type.type == MACH_MSG_OOL_DESCRIPTOR)
			d->out_of_line.address = NULL;
}

static void
ipc_kmsg_deallocate_sources(const struct ipc_kmsg_deallocs *dl)
{
	struct vm_map *map = cpu_self()->active_map;

	/* The message is sent: a failure here (no memory to clip) leaves
	 * the sender its memory, as a failed vm_deallocate would. */
	for (mach_msg_size_t i = 0; i < dl->n; i++)
		(void)vm_deallocate(map, dl->v[i].addr, dl->v[i].size);
}

mach_msg_return_t
ipc_kmsg_copyin(struct ipc_kmsg *kmsg, struct ipc_space *space,
    const struct ipc_user_header *uh)
{
	bool complex = MACH_MSGH_BITS_IS_COMPLEX(uh->bits);
	struct ipc_kmsg_totals totals = { 0, 0, 0 };
	struct ipc_kmsg_deallocs dl = { NULL, 0, 0 };
	struct ipc_port *dest = NULL;
	mach_msg_size_t count = 0;
	mach_msg_return_t mr = MACH_SEND_INVALID_DEST;

	if (space->active)
		mr = ipc_kmsg_check_header(space, uh);
	if (mr == MACH_MSG_SUCCESS && complex) {
		dest = ipc_kmsg_name_port(space, uh->remote);
		mr = ipc_kmsg_check_body(kmsg, space, dest, &count, &totals);
	}
	if (mr == MACH_MSG_SUCCESS && totals.deallocs > 0) {
		dl.max = totals.deallocs;
		dl.v = kalloc(dl.max * sizeof(*dl.v));
		if (!dl.v)
			mr = MACH_SEND_NO_BUFFER;
	}
	if (mr == MACH_MSG_SUCCESS && complex)
		mr = ipc_kmsg_gather(kmsg, space, dest, count, &dl);
	if (mr != MACH_MSG_SUCCESS) {
		ipc_kmsg_free(kmsg);
	} else {
		ipc_kmsg_take_header(kmsg, space, uh);
		if (complex)
			mr = ipc_kmsg_take_body(kmsg, space, count);
		if (mr != MACH_MSG_SUCCESS && !kmsg->from_user)
			ipc_kmsg_forget_kernel_copies(kmsg, count);
		if (mr != MACH_MSG_SUCCESS)
			ipc_kmsg_destroy(kmsg);
		else
			ipc_kmsg_deallocate_sources(&dl);
	}
	if (dl.v)
		kfree(dl.v, dl.max * sizeof(*dl.v));
	return mr;
}
