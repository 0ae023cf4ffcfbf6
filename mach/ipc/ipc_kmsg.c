/*
 * Kernel message buffers: allocation and destruction.
 */
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_port.h"
#include "kern/panic.h"
#include "kern/string.h"
#include "kern/zalloc.h"
#include "vm/vm_map_copy.h"

/*
 * Messages waiting to be cleaned.  One CPU, no preemption inside IPC
 * code: a plain list and flag.  (With SMP: per CPU.)
 */
static dlist_head_t ipc_kmsg_reap_list = { &ipc_kmsg_reap_list,
    &ipc_kmsg_reap_list };
static bool ipc_kmsg_reaping;
static unsigned ipc_kmsgs_alive;

struct ipc_kmsg *
ipc_kmsg_alloc(mach_msg_size_t user_size)
{
	mach_msg_size_t size;
	struct ipc_kmsg *kmsg;

	assert(user_size >= IPC_USER_HEADER_SIZE &&
	    user_size <= IPC_KMSG_MAX_SIZE);
	size = (mach_msg_size_t)sizeof(struct ipc_kmsg) + user_size -
	    IPC_USER_HEADER_SIZE;
	kmsg = kalloc(size);
	if (!kmsg)
		return NULL;
	memset(kmsg, 0, sizeof(*kmsg));
	dlist_init(&kmsg->link);
	kmsg->alloc_size = size;
	kmsg->hdr.msgh_size = user_size;
	ipc_kmsgs_alive++;
	return kmsg;
}

void
ipc_kmsg_free(struct ipc_kmsg *kmsg)
{
	assert(dlist_unlinked(&kmsg->link));
	ipc_kmsgs_alive--;
	kfree(kmsg, kmsg->alloc_size);
}

unsigned
ipc_kmsg_count(void)
{
	return ipc_kmsgs_alive;
}

/* Rights of a port array (none once copied out: then names), and it. */
static void
ipc_kmsg_clean_port_array(struct ipc_port **ports, mach_msg_size_t count,
    mach_msg_type_name_t type)
{
	if (!ports)
		return;
	for (mach_msg_size_t i = 0; i < count &&
	    type != MACH_MSG_TYPE_PORT_NAME; i++)
		ipc_port_release_right(ports[i], type);
	kfree(ports, count * sizeof(*ports));
}

void
ipc_kmsg_clean_body(struct ipc_kmsg *kmsg, mach_msg_size_t ndesc)
{
	mach_msg_descriptor_t *d = ipc_kmsg_desc_first(kmsg);

	for (mach_msg_size_t i = 0; i < ndesc; i++, d = ipc_kmsg_desc_next(d)) {
		switch (d->type.type) {
		case MACH_MSG_PORT_DESCRIPTOR:
			ipc_port_release_right(d->port.name,
			    d->port.disposition);
			d->port.name = NULL;
			break;
		case MACH_MSG_OOL_DESCRIPTOR:
			vm_map_copy_discard(d->out_of_line.address);
			d->out_of_line.address = NULL;
			break;
		case MACH_MSG_OOL_PORTS_DESCRIPTOR:
			ipc_kmsg_clean_port_array(d->ool_ports.address,
			    d->ool_ports.count, d->ool_ports.disposition);
			d->ool_ports.address = NULL;
			break;
		default:
			panic("ipc_kmsg_clean_body: descriptor type %u",
			    d->type.type);
		}
	}
}

/* Release the header's and the body's rights. */
static void
ipc_kmsg_clean(struct ipc_kmsg *kmsg)
{
	mach_msg_header_t *h = &kmsg->hdr;

	ipc_port_release_dest(h->msgh_remote_port,
	    MACH_MSGH_BITS_REMOTE(h->msgh_bits));
	ipc_port_release_right(h->msgh_local_port,
	    MACH_MSGH_BITS_LOCAL(h->msgh_bits));
	h->msgh_remote_port = NULL;
	h->msgh_local_port = NULL;
	if (MACH_MSGH_BITS_IS_COMPLEX(h->msgh_bits)) {
		mach_msg_body_t *body = ipc_kmsg_body(kmsg);
		ipc_kmsg_clean_body(kmsg, body->msgh_descriptor_count);
	}
}

void
ipc_kmsg_destroy(struct ipc_kmsg *kmsg)
{
	struct dlist_node *n;

	dlist_push_tail(&ipc_kmsg_reap_list, &kmsg->link);
	if (ipc_kmsg_reaping)
		return;		/* the outer call will get to it */
	ipc_kmsg_reaping = true;
	while ((n = dlist_pop_head(&ipc_kmsg_reap_list)) != NULL) {
		struct ipc_kmsg *k = dlist_entry(n, struct ipc_kmsg, link);
		ipc_kmsg_clean(k);
		ipc_kmsg_free(k);
	}
	ipc_kmsg_reaping = false;
}
