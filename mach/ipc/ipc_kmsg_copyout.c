/*
 * Message copy-out (see ipc_kmsg_copyout.h).
 *
 * Lock order: the receiver's space, then ports.
 */
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_kmsg_copyout.h"
#include "ipc/ipc_mqueue.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_right_copy.h"
#include "ipc/ipc_space.h"
#include "kern/copyio.h"
#include "kern/string.h"

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

static mach_msg_return_t
ipc_kmsg_copyout_body(struct ipc_kmsg *kmsg, struct ipc_space *space)
{
	mach_msg_body_t *body = ipc_kmsg_body(kmsg);
	mach_msg_port_descriptor_t *d = (mach_msg_port_descriptor_t *)(body + 1);
	bool failed = false;

	for (mach_msg_size_t i = 0; i < body->msgh_descriptor_count; i++, d++) {
		mach_port_name_t name = ipc_kmsg_copyout_right(space, d->name,
		    d->disposition, &failed);
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

mach_msg_return_t
ipc_kmsg_put(bool user, void *msg, struct ipc_kmsg *kmsg,
    const struct ipc_user_header *uh, mach_msg_option_t option)
{
	mach_msg_size_t size = kmsg->hdr.msgh_size;
	mach_msg_size_t at = ALIGN_UP(size, 4u);
	mach_msg_size_t tsize = ipc_mqueue_needed_size(kmsg, option) - at;
	mach_msg_max_trailer_t t;
	bool ok;

	memset(&t, 0, sizeof(t));
	t.msgh_trailer_type = MACH_MSG_TRAILER_FORMAT_0;
	t.msgh_trailer_size = tsize;
	t.msgh_seqno = kmsg->seqno;
	t.msgh_sender = kmsg->sender;
	ok = ipc_copy_to(user, uh, msg, sizeof(*uh)) &&
	    ipc_copy_to(user, ipc_kmsg_body(kmsg),
	    (char *)msg + IPC_USER_HEADER_SIZE, size - IPC_USER_HEADER_SIZE) &&
	    ipc_copy_to(user, &t, (char *)msg + at, tsize);
	ipc_kmsg_free(kmsg);
	return ok ? MACH_MSG_SUCCESS : MACH_RCV_INVALID_DATA;
}
