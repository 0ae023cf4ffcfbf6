/*
 * The simulated kernel (see simkern.h).  A port's name is SK_BASE + its
 * index.  Queued messages are kept in received form (header swapped,
 * dispositions turned into received types, OOL memory already copied);
 * their rights are "in transit": counted in the port's srights but not
 * in the space's urefs.
 */
#include "simkern.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mach/mach_traps.h>
#include <mach/notify.h>

#define SK_PORTS	4096
#define SK_QLEN		64
#define SK_REGIONS	4096
#define SK_BASE		0x100u
#define SK_PUMP_MAX	10000	/* pump rounds one receive may wait for */

struct sk_port {
	int alive, receive, is_set;
	mach_port_name_t set;		/* the set it is in, or 0 */
	unsigned srefs;			/* send urefs in the space */
	unsigned srights;		/* send rights anywhere */
	unsigned sorefs;		/* send-once rights in the space */
	unsigned dead_refs;		/* urefs of the dead name */
	mach_port_mscount_t mscount;
	mach_port_name_t ns_notify;	/* no-senders: send-once to this port */
	mach_port_mscount_t ns_sync;
	mach_port_name_t dn_notify;	/* dead-name: send-once to this port */
	mach_msg_header_t *q[SK_QLEN];
	int from_kernel[SK_QLEN];	/* trailer token {0, 0} */
	unsigned qhead, qlen;
	mach_port_seqno_t seqno;
};

static struct sk_port ports[SK_PORTS];
static unsigned nports;
static void *regions[SK_REGIONS];
static mach_port_name_t reply_port;
static int (*pump_fn)(void *);
static void *pump_arg;

security_token_t sk_sender_token = { { 1000, 1000 } };

static void sk_fatal(const char *what)
{
	fprintf(stderr, "simkern: %s\n", what);
	abort();
}

static struct sk_port *sk_port(mach_port_name_t name)
{
	if (name < SK_BASE || name - SK_BASE >= nports)
		return NULL;
	return &ports[name - SK_BASE];
}

/* ---- memory ---- */

void *sk_vm_allocate(size_t size)
{
	for (unsigned i = 0; i < SK_REGIONS; i++) {
		if (regions[i] == NULL) {
			regions[i] = calloc(1, size ? size : 1);
			if (regions[i] == NULL)
				sk_fatal("out of memory");
			return regions[i];
		}
	}
	sk_fatal("too many regions");
	return NULL;
}

static void sk_vm_free(void *p)
{
	if (p == NULL)
		return;
	for (unsigned i = 0; i < SK_REGIONS; i++) {
		if (regions[i] == p) {
			free(p);
			regions[i] = NULL;
			return;
		}
	}
	sk_fatal("freeing memory that is not a region");
}

void mig_deallocate(vm_address_t addr, vm_size_t size)
{
	(void)size;
	sk_vm_free((void *)addr);
}

unsigned sk_live_regions(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < SK_REGIONS; i++)
		n += regions[i] != NULL;
	return n;
}

/* ---- notifications ---- */

static void sk_enqueue(mach_port_name_t dest, mach_msg_header_t *m, int from_kernel);

/* A kernel message of `size` bytes to `notify` (a send-once right in transit). */
static void sk_notify(mach_port_name_t notify, mach_msg_id_t id, mach_msg_size_t size,
		      uint32_t value)
{
	mach_msg_header_t *m = calloc(1, size);

	m->msgh_bits = MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE);
	m->msgh_size = size;
	m->msgh_local_port = notify;
	m->msgh_id = id;
	if (size > sizeof(*m))
		memcpy(m + 1, &value, sizeof(value));
	sk_enqueue(notify, m, 1);
}

static void sk_check_no_senders(struct sk_port *p)
{
	if (p->srights == 0 && p->ns_notify != MACH_PORT_NULL && p->mscount >= p->ns_sync) {
		mach_port_name_t n = p->ns_notify;

		p->ns_notify = MACH_PORT_NULL;
		sk_notify(n, MACH_NOTIFY_NO_SENDERS, sizeof(mach_no_senders_notification_t),
			  p->mscount);
	}
}

static void sk_send_once_dropped(mach_port_name_t name)
{
	sk_notify(name, MACH_NOTIFY_SEND_ONCE, sizeof(mach_send_once_notification_t), 0);
}

/* ---- ports and rights ---- */

mach_port_name_t sk_port_alloc(void)
{
	struct sk_port *p;

	if (nports == SK_PORTS)
		sk_fatal("too many ports");
	p = &ports[nports];
	memset(p, 0, sizeof(*p));
	p->alive = p->receive = 1;
	return SK_BASE + nports++;
}

kern_return_t sk_make_send(mach_port_name_t name)
{
	struct sk_port *p = sk_port(name);

	if (p == NULL || !p->receive)
		return KERN_INVALID_RIGHT;
	p->srefs++;
	p->srights++;
	p->mscount++;
	return KERN_SUCCESS;
}

static void sk_discard(mach_msg_header_t *m);

static void sk_port_die(struct sk_port *p, mach_port_name_t name)
{
	p->receive = 0;
	p->alive = 0;
	p->set = 0;
	while (p->qlen > 0) {
		mach_msg_header_t *m = p->q[p->qhead];

		p->qhead = (p->qhead + 1) % SK_QLEN;
		p->qlen--;
		sk_discard(m);
	}
	/* Send rights in the space become dead names. */
	p->dead_refs += p->srefs;
	p->srefs = 0;
	if (p->dn_notify != MACH_PORT_NULL && p->dead_refs > 0) {
		p->dead_refs++;
		sk_notify(p->dn_notify, MACH_NOTIFY_DEAD_NAME,
			  sizeof(mach_dead_name_notification_t), name);
	}
	p->dn_notify = MACH_PORT_NULL;
	if (p->ns_notify != MACH_PORT_NULL)
		sk_send_once_dropped(p->ns_notify);
	p->ns_notify = MACH_PORT_NULL;
	if (name == reply_port)
		reply_port = MACH_PORT_NULL;
}

kern_return_t sk_destroy_receive(mach_port_name_t name)
{
	struct sk_port *p = sk_port(name);

	if (p == NULL || !p->receive)
		return KERN_INVALID_RIGHT;
	if (p->is_set) {
		for (unsigned i = 0; i < nports; i++)
			if (ports[i].set == name)
				ports[i].set = 0;
		p->receive = p->alive = 0;
		return KERN_SUCCESS;
	}
	sk_port_die(p, name);
	return KERN_SUCCESS;
}

kern_return_t sk_deallocate(mach_port_name_t name)
{
	struct sk_port *p = sk_port(name);

	if (p == NULL)
		return KERN_INVALID_NAME;
	if (p->srefs > 0) {
		p->srefs--;
		p->srights--;
		sk_check_no_senders(p);
		return KERN_SUCCESS;
	}
	if (p->sorefs > 0) {
		p->sorefs--;
		sk_send_once_dropped(name);
		return KERN_SUCCESS;
	}
	if (p->dead_refs > 0) {
		p->dead_refs--;
		return KERN_SUCCESS;
	}
	return KERN_INVALID_RIGHT;
}

unsigned sk_send_refs(mach_port_name_t n) { return sk_port(n) ? sk_port(n)->srefs : 0; }
unsigned sk_send_rights(mach_port_name_t n) { return sk_port(n) ? sk_port(n)->srights : 0; }
unsigned sk_send_once_refs(mach_port_name_t n) { return sk_port(n) ? sk_port(n)->sorefs : 0; }
unsigned sk_dead_refs(mach_port_name_t n) { return sk_port(n) ? sk_port(n)->dead_refs : 0; }
int sk_is_alive(mach_port_name_t n) { return sk_port(n) ? sk_port(n)->alive : 0; }
unsigned sk_queued(mach_port_name_t n) { return sk_port(n) ? sk_port(n)->qlen : 0; }

/* Can the space give up this right?  *recv gets the type the receiver sees. */
static int sk_right_check(mach_port_name_t name, unsigned disp, unsigned *recv)
{
	struct sk_port *p = sk_port(name);

	switch (disp) {
	case MACH_MSG_TYPE_MOVE_RECEIVE: *recv = MACH_MSG_TYPE_PORT_RECEIVE; break;
	case MACH_MSG_TYPE_MOVE_SEND:
	case MACH_MSG_TYPE_COPY_SEND:
	case MACH_MSG_TYPE_MAKE_SEND: *recv = MACH_MSG_TYPE_PORT_SEND; break;
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
	case MACH_MSG_TYPE_MAKE_SEND_ONCE: *recv = MACH_MSG_TYPE_PORT_SEND_ONCE; break;
	default: return 0;
	}
	if (name == MACH_PORT_NULL || name == MACH_PORT_DEAD)
		return 1;
	if (p == NULL || !p->alive)
		return 0;
	switch (disp) {
	case MACH_MSG_TYPE_MOVE_RECEIVE:
	case MACH_MSG_TYPE_MAKE_SEND:
	case MACH_MSG_TYPE_MAKE_SEND_ONCE: return p->receive;
	case MACH_MSG_TYPE_MOVE_SEND:
	case MACH_MSG_TYPE_COPY_SEND: return p->srefs > 0;
	default: return p->sorefs > 0;
	}
}

/* The right leaves the space (or is made) and goes in transit. */
static void sk_right_take(mach_port_name_t name, unsigned disp)
{
	struct sk_port *p = sk_port(name);

	if (p == NULL)
		return;
	switch (disp) {
	case MACH_MSG_TYPE_MOVE_RECEIVE: p->receive = 0; p->set = 0; break;
	case MACH_MSG_TYPE_MOVE_SEND: p->srefs--; break;
	case MACH_MSG_TYPE_COPY_SEND: p->srights++; break;
	case MACH_MSG_TYPE_MAKE_SEND: p->srights++; p->mscount++; break;
	case MACH_MSG_TYPE_MOVE_SEND_ONCE: p->sorefs--; break;
	default: break;
	}
}

/* A right in transit enters the space. */
static void sk_right_give(mach_port_name_t name, unsigned type)
{
	struct sk_port *p = sk_port(name);

	if (p == NULL)
		return;
	if (type == MACH_MSG_TYPE_PORT_RECEIVE)
		p->receive = 1;
	else if (type == MACH_MSG_TYPE_PORT_SEND && p->alive)
		p->srefs++;
	else if (type == MACH_MSG_TYPE_PORT_SEND)
		p->dead_refs++, p->srights--;
	else if (type == MACH_MSG_TYPE_PORT_SEND_ONCE)
		p->sorefs++;
}

/* A right in transit is destroyed. */
static void sk_right_drop(mach_port_name_t name, unsigned type)
{
	struct sk_port *p = sk_port(name);

	if (p == NULL)
		return;
	if (type == MACH_MSG_TYPE_PORT_SEND_ONCE) {
		sk_send_once_dropped(name);
	} else if (type == MACH_MSG_TYPE_PORT_SEND) {
		p->srights--;
		sk_check_no_senders(p);
	} else if (type == MACH_MSG_TYPE_PORT_RECEIVE) {
		sk_port_die(p, name);
	}
}

/* ---- messages ---- */

static size_t sk_desc_size(const mach_msg_descriptor_t *d)
{
	switch (d->type.type) {
	case MACH_MSG_PORT_DESCRIPTOR: return sizeof(mach_msg_port_descriptor_t);
	case MACH_MSG_OOL_DESCRIPTOR:
	case MACH_MSG_OOL_VOLATILE_DESCRIPTOR: return sizeof(mach_msg_ool_descriptor_t);
	default: return 0;	/* OOL port arrays: no server here uses them */
	}
}

/* Walk the descriptors; fn returns 0 to stop.  Returns 0 if malformed. */
static int sk_walk(mach_msg_header_t *m, int (*fn)(mach_msg_descriptor_t *))
{
	mach_msg_body_t *body = (mach_msg_body_t *)(m + 1);
	char *at = (char *)(body + 1), *end = (char *)m + m->msgh_size;

	if (!(m->msgh_bits & MACH_MSGH_BITS_COMPLEX))
		return 1;
	if (at > end || body->msgh_descriptor_count > 64)
		return 0;
	for (unsigned i = 0; i < body->msgh_descriptor_count; i++) {
		mach_msg_descriptor_t *d = (mach_msg_descriptor_t *)(void *)at;
		size_t sz;

		if (at + sizeof(mach_msg_type_descriptor_t) > end)
			return 0;
		sz = sk_desc_size(d);
		if (sz == 0 || at + sz > end)
			return 0;
		if (fn != NULL && !fn(d))
			return 0;
		at += sz;
	}
	return 1;
}

static int sk_check_desc(mach_msg_descriptor_t *d)
{
	unsigned recv;

	if (d->type.type == MACH_MSG_PORT_DESCRIPTOR)
		return sk_right_check(d->port.name, d->port.disposition, &recv);
	return d->out_of_line.size == 0 || d->out_of_line.address != NULL;
}

static int sk_take_desc(mach_msg_descriptor_t *d)
{
	unsigned recv = 0;
	void *copy = NULL;

	if (d->type.type == MACH_MSG_PORT_DESCRIPTOR) {
		sk_right_check(d->port.name, d->port.disposition, &recv);
		sk_right_take(d->port.name, d->port.disposition);
		d->port.disposition = recv;
		return 1;
	}
	if (d->out_of_line.size > 0) {
		copy = sk_vm_allocate(d->out_of_line.size);
		memcpy(copy, d->out_of_line.address, d->out_of_line.size);
	}
	if (d->out_of_line.deallocate)
		sk_vm_free(d->out_of_line.address);
	d->out_of_line.address = copy;
	d->out_of_line.deallocate = FALSE;
	return 1;
}

static int sk_drop_desc(mach_msg_descriptor_t *d)
{
	if (d->type.type == MACH_MSG_PORT_DESCRIPTOR)
		sk_right_drop(d->port.name, d->port.disposition);
	else
		sk_vm_free(d->out_of_line.address);
	return 1;
}

static void sk_discard(mach_msg_header_t *m)
{
	sk_right_drop(m->msgh_remote_port, MACH_MSGH_BITS_REMOTE(m->msgh_bits));
	sk_right_drop(m->msgh_local_port, MACH_MSGH_BITS_LOCAL(m->msgh_bits));
	sk_walk(m, sk_drop_desc);
	free(m);
}

/* m is in received form; local is the destination. */
static void sk_enqueue(mach_port_name_t dest, mach_msg_header_t *m, int from_kernel)
{
	struct sk_port *p = sk_port(dest);
	unsigned slot;

	/* The destination's send-once right is consumed by delivery. */
	m->msgh_bits &= ~MACH_MSGH_BITS_LOCAL_MASK;
	if (p == NULL || !p->alive || p->is_set) {
		sk_discard(m);
		return;
	}
	if (p->qlen == SK_QLEN)
		sk_fatal("queue full");
	slot = (p->qhead + p->qlen) % SK_QLEN;
	p->q[slot] = m;
	p->from_kernel[slot] = from_kernel;
	p->qlen++;
}

static mach_msg_return_t sk_send(mach_msg_header_t *msg, mach_msg_size_t size)
{
	unsigned rd = MACH_MSGH_BITS_REMOTE(msg->msgh_bits);
	unsigned ld = MACH_MSGH_BITS_LOCAL(msg->msgh_bits);
	unsigned rrecv, lrecv = 0;
	struct sk_port *dest = sk_port(msg->msgh_remote_port);
	mach_msg_header_t *k;

	if (size < sizeof(mach_msg_header_t) || size % 4 != 0 || size > (1u << 21))
		return MACH_SEND_MSG_TOO_SMALL;
	msg->msgh_size = size;
	if (dest == NULL || !dest->alive || !sk_right_check(msg->msgh_remote_port, rd, &rrecv))
		return MACH_SEND_INVALID_DEST;
	if (msg->msgh_local_port != MACH_PORT_NULL &&
	    !sk_right_check(msg->msgh_local_port, ld, &lrecv))
		return MACH_SEND_INVALID_REPLY;
	if (!sk_walk(msg, NULL))
		return MACH_SEND_MSG_TOO_SMALL;
	if (!sk_walk(msg, sk_check_desc))
		return MACH_SEND_INVALID_RIGHT;
	/* Point of no return: the message will be queued. */
	k = malloc(size);
	memcpy(k, msg, size);
	sk_right_take(msg->msgh_remote_port, rd);
	if (msg->msgh_local_port != MACH_PORT_NULL)
		sk_right_take(msg->msgh_local_port, ld);
	sk_walk(k, sk_take_desc);
	k->msgh_remote_port = msg->msgh_local_port;
	k->msgh_local_port = msg->msgh_remote_port;
	k->msgh_bits = MACH_MSGH_BITS(lrecv, rrecv) | (msg->msgh_bits & MACH_MSGH_BITS_COMPLEX);
	/* A send right used as the destination is not consumed by delivery. */
	if (rrecv == MACH_MSG_TYPE_PORT_SEND) {
		dest->srights--;
		sk_check_no_senders(dest);
	}
	sk_enqueue(k->msgh_local_port, k, 0);
	return MACH_MSG_SUCCESS;
}

static int sk_give_desc(mach_msg_descriptor_t *d)
{
	if (d->type.type == MACH_MSG_PORT_DESCRIPTOR)
		sk_right_give(d->port.name, d->port.disposition);
	return 1;
}

/* The port a receive on `name` takes its next message from, or NULL. */
static struct sk_port *sk_source(mach_port_name_t name)
{
	struct sk_port *p = sk_port(name);

	if (!p->is_set)
		return p->qlen > 0 ? p : NULL;
	for (unsigned i = 0; i < nports; i++)
		if (ports[i].set == name && ports[i].receive && ports[i].qlen > 0)
			return &ports[i];
	return NULL;
}

static mach_msg_return_t sk_copyout(struct sk_port *p, mach_msg_header_t *buf,
				    mach_msg_size_t room)
{
	mach_msg_header_t *k = p->q[p->qhead];
	int from_kernel = p->from_kernel[p->qhead];
	mach_msg_audit_trailer_t *t;

	if (room < k->msgh_size + sizeof(*t))
		return MACH_RCV_TOO_LARGE;
	p->qhead = (p->qhead + 1) % SK_QLEN;
	p->qlen--;
	memcpy(buf, k, k->msgh_size);
	free(k);
	sk_right_give(buf->msgh_remote_port, MACH_MSGH_BITS_REMOTE(buf->msgh_bits));
	sk_walk(buf, sk_give_desc);
	t = (mach_msg_audit_trailer_t *)(void *)((char *)buf + buf->msgh_size);
	memset(t, 0, sizeof(*t));
	t->msgh_trailer_type = MACH_MSG_TRAILER_FORMAT_0;
	t->msgh_trailer_size = sizeof(*t);
	t->msgh_seqno = p->seqno++;
	if (!from_kernel)
		t->msgh_sender = sk_sender_token;
	return MACH_MSG_SUCCESS;
}

static mach_msg_return_t sk_receive(mach_msg_header_t *buf, mach_msg_size_t room,
				    mach_port_name_t name, mach_msg_option_t option)
{
	struct sk_port *p = sk_port(name), *src;
	static int pumping;

	if (p == NULL || !p->receive)
		return MACH_RCV_INVALID_NAME;
	src = sk_source(name);
	/* Only a client's blocking receive pumps: the server polls. */
	for (unsigned n = 0; src == NULL && !(option & MACH_RCV_TIMEOUT) && pump_fn != NULL &&
	     !pumping && n < SK_PUMP_MAX; n++) {
		int progress;

		pumping = 1;
		progress = pump_fn(pump_arg);
		pumping = 0;
		src = sk_source(name);
		if (!progress)
			break;
	}
	if (src == NULL)
		return MACH_RCV_TIMED_OUT;
	return sk_copyout(src, buf, room);
}

mach_msg_return_t mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
			   mach_msg_size_t send_size, mach_msg_size_t rcv_size,
			   mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
			   mach_port_name_t notify)
{
	(void)timeout;
	(void)notify;
	if (option & MACH_SEND_MSG) {
		mach_msg_return_t mr = sk_send(msg, send_size);

		if (mr != MACH_MSG_SUCCESS)
			return mr;
	}
	if (option & MACH_RCV_MSG)
		return sk_receive(msg, rcv_size, rcv_name, option);
	return MACH_MSG_SUCCESS;
}

/* What harbor-mig's client stubs call: mach_msg() without a notify port. */
mach_msg_return_t mach_msg_trap(mach_msg_header_t *msg, mach_msg_option_t option,
				mach_msg_size_t send_size, mach_msg_size_t rcv_size,
				mach_port_name_t rcv_name, mach_msg_timeout_t timeout)
{
	return mach_msg(msg, option, send_size, rcv_size, rcv_name, timeout,
			MACH_PORT_NULL);
}

/* A received right leaves the space. */
static void sk_release(mach_port_name_t name, unsigned type)
{
	struct sk_port *p = sk_port(name);

	if (p == NULL)
		return;
	if (type == MACH_MSG_TYPE_PORT_RECEIVE)
		sk_destroy_receive(name);
	else if (type == MACH_MSG_TYPE_PORT_SEND || type == MACH_MSG_TYPE_PORT_SEND_ONCE)
		sk_deallocate(name);
}

static int sk_release_desc(mach_msg_descriptor_t *d)
{
	if (d->type.type == MACH_MSG_PORT_DESCRIPTOR)
		sk_release(d->port.name, d->port.disposition);
	else
		sk_vm_free(d->out_of_line.address);
	return 1;
}

void mach_msg_destroy(mach_msg_header_t *msg)
{
	sk_release(msg->msgh_remote_port, MACH_MSGH_BITS_REMOTE(msg->msgh_bits));
	sk_walk(msg, sk_release_desc);
}

/* ---- the reply port of the (one) client thread ---- */

mach_port_t mig_get_reply_port(void)
{
	if (reply_port == MACH_PORT_NULL || !sk_port(reply_port)->receive)
		reply_port = sk_port_alloc();
	return reply_port;
}

void mig_dealloc_reply_port(mach_port_t port)
{
	sk_destroy_receive(port);
	if (port == reply_port)
		reply_port = MACH_PORT_NULL;
}

void mig_put_reply_port(mach_port_t port)
{
	(void)port;
}

/* ---- the seam the server library uses ---- */

static kern_return_t sk_port_allocate(mach_port_right_t right, mach_port_name_t *name)
{
	if (right != MACH_PORT_RIGHT_RECEIVE && right != MACH_PORT_RIGHT_PORT_SET)
		return KERN_INVALID_VALUE;
	*name = sk_port_alloc();
	sk_port(*name)->is_set = right == MACH_PORT_RIGHT_PORT_SET;
	return KERN_SUCCESS;
}

static kern_return_t sk_port_mod_refs(mach_port_name_t name, mach_port_right_t right,
				      mach_port_delta_t delta)
{
	struct sk_port *p = sk_port(name);

	if (p == NULL || delta != -1)
		return KERN_INVALID_VALUE;
	if ((right == MACH_PORT_RIGHT_PORT_SET) != (p->is_set != 0))
		return KERN_INVALID_RIGHT;
	return sk_destroy_receive(name);
}

static kern_return_t sk_move_member(mach_port_name_t member, mach_port_name_t set)
{
	struct sk_port *p = sk_port(member), *s = sk_port(set);

	if (p == NULL || !p->receive || p->is_set || s == NULL || !s->is_set || !s->alive)
		return KERN_INVALID_RIGHT;
	p->set = set;
	return KERN_SUCCESS;
}

static kern_return_t sk_request_notification(mach_port_name_t name, mach_msg_id_t id,
					     mach_port_mscount_t sync, mach_port_name_t notify,
					     mach_port_name_t *previous)
{
	struct sk_port *p = sk_port(name), *n = sk_port(notify);

	*previous = MACH_PORT_NULL;
	if (p == NULL || n == NULL || !n->receive)
		return KERN_INVALID_NAME;
	if (id == MACH_NOTIFY_NO_SENDERS) {
		if (!p->receive)
			return KERN_INVALID_RIGHT;
		*previous = p->ns_notify;	/* a send-once right back in the space */
		if (*previous != MACH_PORT_NULL)
			sk_port(*previous)->sorefs++;
		p->ns_notify = notify;
		p->ns_sync = sync;
		sk_check_no_senders(p);
		return KERN_SUCCESS;
	}
	if (id == MACH_NOTIFY_DEAD_NAME) {
		if (!p->alive) {
			/* Already dead: notify at once, as Mach does. */
			p->dead_refs++;
			sk_notify(notify, MACH_NOTIFY_DEAD_NAME,
				  sizeof(mach_dead_name_notification_t), name);
			return KERN_SUCCESS;
		}
		if (p->srefs == 0)
			return KERN_INVALID_RIGHT;
		p->dn_notify = notify;
		return KERN_SUCCESS;
	}
	return KERN_INVALID_VALUE;
}

static kern_return_t sk_port_mscount(mach_port_name_t name, mach_port_mscount_t *mscount)
{
	struct sk_port *p = sk_port(name);

	if (p == NULL || !p->receive)
		return KERN_INVALID_RIGHT;
	*mscount = p->mscount;
	return KERN_SUCCESS;
}

static kern_return_t sk_vm_alloc(vm_size_t size, vm_address_t *addr)
{
	*addr = (vm_address_t)sk_vm_allocate(size);
	return KERN_SUCCESS;
}

static kern_return_t sk_vm_dealloc(vm_address_t addr, vm_size_t size)
{
	(void)size;
	sk_vm_free((void *)addr);
	return KERN_SUCCESS;
}

const struct srv_ipc sk_ipc = {
	.msg = mach_msg,
	.msg_destroy = mach_msg_destroy,
	.port_allocate = sk_port_allocate,
	.port_mod_refs = sk_port_mod_refs,
	.port_deallocate = sk_deallocate,
	.port_move_member = sk_move_member,
	.port_request_notification = sk_request_notification,
	.port_mscount = sk_port_mscount,
	.vm_allocate = sk_vm_alloc,
	.vm_deallocate = sk_vm_dealloc,
};

void sk_set_pump(int (*pump)(void *arg), void *arg)
{
	pump_fn = pump;
	pump_arg = arg;
}

void sk_reset(void)
{
	for (unsigned i = 0; i < nports; i++)
		while (ports[i].qlen > 0) {
			free(ports[i].q[ports[i].qhead]);
			ports[i].qhead = (ports[i].qhead + 1) % SK_QLEN;
			ports[i].qlen--;
		}
	for (unsigned i = 0; i < SK_REGIONS; i++) {
		free(regions[i]);
		regions[i] = NULL;
	}
	nports = 0;
	reply_port = MACH_PORT_NULL;
	pump_fn = NULL;
	sk_sender_token = (security_token_t){ { 1000, 1000 } };
}
