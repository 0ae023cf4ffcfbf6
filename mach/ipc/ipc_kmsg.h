/*
 * Kernel message buffers: a message between copy-in and copy-out.
 *
 * A kmsg holds the message in kernel form: the header names ports by
 * pointer (mach_port_t is struct ipc_port * under MACH_KERNEL, so the
 * header is 8 bytes longer than the user's), msgh_bits carry the types of
 * the rights the message holds (MACH_MSG_TYPE_PORT_*), and each port
 * descriptor's name field holds a port pointer.  hdr.msgh_size stays the
 * size the receiver will see (the user layout, without trailer), which is
 * what size checks compare against.
 *
 * Out-of-line memory is held as a copy object (vm/vm_map_copy.h): an
 * OOL descriptor's address field holds the struct vm_map_copy * (NULL
 * for size 0).  An out-of-line port array is a kalloc'd array of `count`
 * kernel-form rights (struct ipc_port *) of the descriptor's
 * disposition; once copied out it holds names (disposition
 * MACH_MSG_TYPE_PORT_NAME) until ipc_kmsg_put maps them.
 *
 * Every right and every copy in a kmsg is counted (ipc_port.h);
 * ipc_kmsg_destroy releases them all, so a message that cannot be
 * delivered leaks nothing.  Destruction can cascade (a destroyed message holds a receive
 * right whose queue holds messages ...): it runs from a list, not by
 * recursion, so the depth of such chains costs no kernel stack.
 *
 * Protected by: whoever holds the kmsg (a sender copying in, the port's
 * lock while queued, a receiver copying out); it is never shared.
 */
#ifndef IPC_IPC_KMSG_H
#define IPC_IPC_KMSG_H

#include <mach/message.h>
#include "kern/dlist.h"
#include "kern/types.h"

struct ipc_space;

/* The user header is 24 bytes; the kernel header holds two pointers. */
#define IPC_USER_HEADER_SIZE	24u
#define IPC_KMSG_HEADER_GROWTH	((mach_msg_size_t)sizeof(mach_msg_header_t) - \
				 IPC_USER_HEADER_SIZE)

/* Bounds on what a sender may ask of the kernel (MACH_SEND_TOO_LARGE). */
#define IPC_KMSG_MAX_SIZE	(64u * 1024)	/* msgh_size, inline part */
#define IPC_KMSG_MAX_DESCRIPTORS 1024u
#define IPC_KMSG_MAX_OOL_PORTS	4096u		/* per descriptor */
#define IPC_KMSG_MAX_OOL_PORTS_TOTAL 16384u	/* per message */
#define IPC_KMSG_MAX_OOL_BYTES	(1ul << 30)	/* per message, all regions */

/* The token of messages the kernel itself sends. */
#define IPC_KERNEL_SECURITY_TOKEN ((security_token_t){ { 0, 0 } })

/* The header as a user task lays it out (names, not pointers). */
struct ipc_user_header {
	mach_msg_bits_t bits;
	mach_msg_size_t size;
	mach_port_name_t remote;
	mach_port_name_t local;
	mach_port_name_t voucher;
	mach_msg_id_t id;
};
_Static_assert(sizeof(struct ipc_user_header) == IPC_USER_HEADER_SIZE,
    "the user header is 24 bytes");

struct ipc_kmsg {
	struct dlist_node link;		/* on a port's queue or the reap list */
	mach_msg_size_t alloc_size;	/* bytes allocated for the kmsg */
	mach_port_seqno_t seqno;	/* stamped when dequeued */
	security_token_t sender;	/* the sending task's token */
	/* The sender's buffer was user memory: OOL addresses are in the
	 * current user map (else they hold vm_map_copy pointers). */
	bool from_user;
	/* Set by ipc_kmsg_copyout for ipc_kmsg_put: the receiver's space. */
	struct ipc_space *rcv_space;
	mach_msg_header_t hdr;		/* kernel form; the body follows */
};

/*
 * A kmsg for a message of user_size bytes (header included, trailer not),
 * header zeroed and msgh_size set.  IPC_USER_HEADER_SIZE <= user_size <=
 * IPC_KMSG_MAX_SIZE (callers check first).  NULL on shortage.
 */
struct ipc_kmsg *ipc_kmsg_alloc(mach_msg_size_t user_size);

/* Free the buffer only: the caller has released or moved every right. */
void ipc_kmsg_free(struct ipc_kmsg *kmsg);

/* Release every right the message holds, then free it. */
void ipc_kmsg_destroy(struct ipc_kmsg *kmsg);

/*
 * Release the rights of the first `ndesc` descriptors of a complex
 * message (a copy-in that failed half way); the header's rights stay.
 */
void ipc_kmsg_clean_body(struct ipc_kmsg *kmsg, mach_msg_size_t ndesc);

/* Where the body starts (after the kernel header). */
static inline void *
ipc_kmsg_body(struct ipc_kmsg *kmsg)
{
	return &kmsg->hdr + 1;
}

/* Bytes of body in kernel form (== in user form: descriptors keep size). */
static inline mach_msg_size_t
ipc_kmsg_body_size(const struct ipc_kmsg *kmsg)
{
	return kmsg->hdr.msgh_size - IPC_USER_HEADER_SIZE;
}

/* Descriptors: 12 bytes for a port, 16 for the out-of-line kinds. */
static inline mach_msg_size_t
ipc_kmsg_desc_size(mach_msg_descriptor_type_t type)
{
	return type == MACH_MSG_PORT_DESCRIPTOR ?
	    (mach_msg_size_t)sizeof(mach_msg_port_descriptor_t) :
	    (mach_msg_size_t)sizeof(mach_msg_ool_descriptor_t);
}

/* The first descriptor of a complex message (its layout checked). */
static inline mach_msg_descriptor_t *
ipc_kmsg_desc_first(struct ipc_kmsg *kmsg)
{
	return (mach_msg_descriptor_t *)((char *)ipc_kmsg_body(kmsg) +
	    sizeof(mach_msg_body_t));
}

static inline mach_msg_descriptor_t *
ipc_kmsg_desc_next(mach_msg_descriptor_t *d)
{
	return (mach_msg_descriptor_t *)((char *)d +
	    ipc_kmsg_desc_size(d->type.type));
}

/* For leak tests: kmsgs allocated and not freed. */
unsigned ipc_kmsg_count(void);

#endif
