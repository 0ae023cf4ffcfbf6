/*
 * Message copy-in (see ipc_kmsg_copyin.h): decode and check everything,
 * then take the rights.
 *
 * Lock order: the sender's space, then ports.
 */
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_kmsg_copyin.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_right_copy.h"
#include "ipc/ipc_space.h"
#include "kern/copyio.h"
#include "kern/string.h"

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

/* The i-th descriptor of a body checked by ipc_kmsg_check_body. */
static struct ipc_user_port_descriptor *
ipc_kmsg_user_desc(struct ipc_kmsg *kmsg, mach_msg_size_t i)
{
	char *base = (char *)ipc_kmsg_body(kmsg) + sizeof(mach_msg_body_t);

	return (struct ipc_user_port_descriptor *)(base +
	    i * sizeof(struct ipc_user_port_descriptor));
}

/* Would this descriptor's right, taken now, be acceptable? */
static mach_msg_return_t
ipc_kmsg_check_desc_right(struct ipc_space *space, struct ipc_port *dest,
    const struct ipc_user_port_descriptor *d)
{
	if (!MACH_PORT_VALID(d->name))
		return MACH_MSG_SUCCESS;	/* carries no right */
	if (ipc_right_copyin_check(space, d->name, d->disposition, true) !=
	    KERN_SUCCESS)
		return MACH_SEND_INVALID_RIGHT;
	if (d->disposition == MACH_MSG_TYPE_MOVE_RECEIVE &&
	    ipc_port_check_circularity(ipc_kmsg_name_port(space, d->name),
	    dest))
		return MACH_SEND_INVALID_RIGHT;
	return MACH_MSG_SUCCESS;
}

/*
 * Check the body of a complex message: the count, that the descriptors
 * fit, their types and dispositions, and each name against the space.
 * Only port descriptors are carried so far.
 */
static mach_msg_return_t
ipc_kmsg_check_body(struct ipc_kmsg *kmsg, struct ipc_space *space,
    struct ipc_port *dest, mach_msg_size_t *countp)
{
	mach_msg_size_t size = ipc_kmsg_body_size(kmsg);
	mach_msg_body_t *body = ipc_kmsg_body(kmsg);
	mach_msg_size_t count;
	mach_msg_return_t mr;

	if (size < sizeof(*body))
		return MACH_SEND_MSG_TOO_SMALL;
	count = body->msgh_descriptor_count;
	if (count > IPC_KMSG_MAX_DESCRIPTORS)
		return MACH_SEND_TOO_LARGE;
	if ((size - sizeof(*body)) / sizeof(struct ipc_user_port_descriptor) <
	    count)
		return MACH_SEND_MSG_TOO_SMALL;
	for (mach_msg_size_t i = 0; i < count; i++) {
		struct ipc_user_port_descriptor *d = ipc_kmsg_user_desc(kmsg, i);

		if (d->type != MACH_MSG_PORT_DESCRIPTOR ||
		    !MACH_MSG_TYPE_PORT_ANY(d->disposition))
			return MACH_SEND_INVALID_TYPE;
		mr = ipc_kmsg_check_desc_right(space, dest, d);
		if (mr != MACH_MSG_SUCCESS)
			return mr;
	}
	*countp = count;
	return MACH_MSG_SUCCESS;
}

/*
 * Take the body's rights, turning each descriptor into kernel form.  A
 * name used twice can still fail here (the first use moved the right);
 * then the count is cut to the descriptors done, so that destroying the
 * message releases exactly what was taken.
 */
static mach_msg_return_t
ipc_kmsg_take_body(struct ipc_kmsg *kmsg, struct ipc_space *space,
    mach_msg_size_t count)
{
	struct ipc_port *dest = kmsg->hdr.msgh_remote_port;
	mach_msg_body_t *body = ipc_kmsg_body(kmsg);

	for (mach_msg_size_t i = 0; i < count; i++) {
		struct ipc_user_port_descriptor *ud = ipc_kmsg_user_desc(kmsg, i);
		mach_msg_port_descriptor_t *kd = (mach_msg_port_descriptor_t *)ud;
		mach_msg_type_name_t disp = ud->disposition;
		mach_port_name_t name = ud->name;
		struct ipc_port *port = name == MACH_PORT_DEAD ? IPC_PORT_DEAD :
		    NULL;

		if (MACH_PORT_VALID(name) &&
		    (ipc_kmsg_check_desc_right(space, dest, ud) !=
		    MACH_MSG_SUCCESS ||
		    ipc_right_copyin(space, name, disp, &port) != KERN_SUCCESS)) {
			body->msgh_descriptor_count = i;
			return MACH_SEND_INVALID_RIGHT;
		}
		if (disp == MACH_MSG_TYPE_MOVE_RECEIVE)
			ipc_kmsg_set_in_transit(port, dest);
		kd->name = port;
		kd->pad2 = 0;
		kd->disposition = ipc_right_copyin_type(disp);
		kd->type = MACH_MSG_PORT_DESCRIPTOR;
	}
	return MACH_MSG_SUCCESS;
}

mach_msg_return_t
ipc_kmsg_copyin(struct ipc_kmsg *kmsg, struct ipc_space *space,
    const struct ipc_user_header *uh)
{
	bool complex = MACH_MSGH_BITS_IS_COMPLEX(uh->bits);
	mach_msg_size_t count = 0;
	mach_msg_return_t mr = MACH_SEND_INVALID_DEST;

	if (space->active)
		mr = ipc_kmsg_check_header(space, uh);
	if (mr == MACH_MSG_SUCCESS && complex)
		mr = ipc_kmsg_check_body(kmsg, space,
		    ipc_kmsg_name_port(space, uh->remote), &count);
	if (mr != MACH_MSG_SUCCESS) {
		ipc_kmsg_free(kmsg);
		return mr;
	}
	ipc_kmsg_take_header(kmsg, space, uh);
	if (complex) {
		mr = ipc_kmsg_take_body(kmsg, space, count);
		if (mr != MACH_MSG_SUCCESS)
			ipc_kmsg_destroy(kmsg);
	}
	return mr;
}
