/*
 * The loopback kernel (see loopback.h).  One IPC space; a port's name is
 * 0x100 + its index.  A message in a queue is held in "received" form
 * (header swapped, dispositions turned into received types, OOL data
 * already copied) with its rights in transit, i.e. counted nowhere, until
 * a receive puts them into the space.
 */
#include "loopback.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mach/mach_traps.h>
#include <mach/notify.h>

#define LB_PORTS	1024
#define LB_QLEN		16
#define LB_REGIONS	4096
#define LB_MAX_DESC	1100
#define LB_BASE		0x100u

struct lb_msg {
	mach_msg_header_t *m;		/* malloc'd, msgh_size bytes */
};

struct lb_port {
	int alive;
	int receive;
	unsigned srefs, sorefs;
	lb_demux_t demux;
	struct lb_msg q[LB_QLEN];
	unsigned qhead, qlen;
	mach_port_seqno_t seqno;
};

struct lb_region {
	void *p;
	size_t size;
};

static struct lb_port ports[LB_PORTS];
static unsigned nports;
static struct lb_region regions[LB_REGIONS];
static mach_port_t reply_port;

security_token_t lb_sender_token = { { 1000, 1000 } };
audit_token_t lb_audit_token = { { 1, 2, 3, 4, 5, 6, 7, 8 } };
int lb_reply_id_delta;
unsigned lb_would_block;
unsigned lb_reply_ports_destroyed;
void (*lb_sent_hook)(const mach_msg_header_t *msg);

static void lb_fatal(const char *what)
{
	fprintf(stderr, "loopback: %s\n", what);
	abort();
}

static struct lb_port *lb_port(mach_port_t name)
{
	if (name < LB_BASE || name - LB_BASE >= nports)
		return NULL;
	return &ports[name - LB_BASE];
}

/* ---- memory ---- */

void *lb_vm_allocate(size_t size)
{
	for (unsigned i = 0; i < LB_REGIONS; i++) {
		if (regions[i].p == NULL) {
			regions[i].p = calloc(1, size ? size : 1);
			regions[i].size = size;
			if (regions[i].p == NULL)
				lb_fatal("out of memory");
			return regions[i].p;
		}
	}
	lb_fatal("too many regions");
	return NULL;
}

static void lb_vm_free(void *p)
{
	if (p == NULL)
		return;
	for (unsigned i = 0; i < LB_REGIONS; i++) {
		if (regions[i].p == p) {
			free(p);
			regions[i].p = NULL;
			return;
		}
	}
	lb_fatal("freeing memory that is not a region");
}

void mig_deallocate(vm_address_t addr, vm_size_t size)
{
	(void)size;
	lb_vm_free((void *)addr);
}

unsigned lb_live_regions(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < LB_REGIONS; i++)
		n += regions[i].p != NULL;
	return n;
}

/* ---- ports and rights ---- */

mach_port_t lb_port_alloc(void)
{
	struct lb_port *p;

	if (nports == LB_PORTS)
		lb_fatal("too many ports");
	p = &ports[nports];
	memset(p, 0, sizeof(*p));
	p->alive = p->receive = 1;
	return LB_BASE + nports++;
}

void lb_serve(mach_port_t port, lb_demux_t demux)
{
	lb_port(port)->demux = demux;
}

kern_return_t lb_make_send(mach_port_t name)
{
	struct lb_port *p = lb_port(name);

	if (p == NULL || !p->receive)
		return KERN_INVALID_RIGHT;
	p->srefs++;
	return KERN_SUCCESS;
}

static void lb_enqueue(struct lb_port *p, mach_msg_header_t *m);

static void lb_send_once_notify(mach_port_t name)
{
	struct lb_port *p = lb_port(name);
	mach_msg_header_t *m;

	if (p == NULL || !p->alive)
		return;
	m = calloc(1, sizeof(*m));
	m->msgh_bits = 0;
	m->msgh_size = sizeof(*m);
	m->msgh_local_port = name;
	m->msgh_id = MACH_NOTIFY_SEND_ONCE;
	lb_enqueue(p, m);
}

static void lb_discard(mach_msg_header_t *m);

static void lb_port_die(mach_port_t name)
{
	struct lb_port *p = lb_port(name);

	if (p == NULL)
		return;
	p->receive = 0;
	p->alive = 0;
	while (p->qlen > 0) {
		mach_msg_header_t *m = p->q[p->qhead].m;

		p->qhead = (p->qhead + 1) % LB_QLEN;
		p->qlen--;
		lb_discard(m);
	}
	if (name == reply_port)
		reply_port = MACH_PORT_NULL;
}

kern_return_t lb_destroy_receive(mach_port_t name)
{
	struct lb_port *p = lb_port(name);

	if (p == NULL || !p->receive)
		return KERN_INVALID_RIGHT;
	lb_port_die(name);
	return KERN_SUCCESS;
}

kern_return_t lb_deallocate(mach_port_t name)
{
	struct lb_port *p = lb_port(name);

	if (p == NULL)
		return KERN_INVALID_NAME;
	if (p->srefs > 0) {
		p->srefs--;
		return KERN_SUCCESS;
	}
	if (p->sorefs > 0) {
		p->sorefs--;
		lb_send_once_notify(name);
		return KERN_SUCCESS;
	}
	return KERN_INVALID_RIGHT;
}

unsigned lb_send_refs(mach_port_t name)
{
	return lb_port(name) ? lb_port(name)->srefs : 0;
}

unsigned lb_send_once_refs(mach_port_t name)
{
	return lb_port(name) ? lb_port(name)->sorefs : 0;
}

int lb_has_receive(mach_port_t name)
{
	return lb_port(name) ? lb_port(name)->receive : 0;
}

unsigned lb_queued(mach_port_t name)
{
	return lb_port(name) ? lb_port(name)->qlen : 0;
}

unsigned lb_rights(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < nports; i++)
		n += ports[i].srefs + ports[i].sorefs + (unsigned)ports[i].receive;
	return n;
}

/* Can the space give up this right, and what does the receiver get? */
static int lb_right_check(mach_port_t name, unsigned disp, unsigned *recv)
{
	struct lb_port *p = lb_port(name);

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
	if (p == NULL)
		return 0;
	switch (disp) {
	case MACH_MSG_TYPE_MOVE_RECEIVE:
	case MACH_MSG_TYPE_MAKE_SEND:
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		return p->receive;
	case MACH_MSG_TYPE_MOVE_SEND:
	case MACH_MSG_TYPE_COPY_SEND:
		return p->srefs > 0;
	default:
		return p->sorefs > 0;
	}
}

static void lb_right_take(mach_port_t name, unsigned disp)
{
	struct lb_port *p = lb_port(name);

	if (p == NULL)
		return;
	if (disp == MACH_MSG_TYPE_MOVE_RECEIVE)
		p->receive = 0;
	else if (disp == MACH_MSG_TYPE_MOVE_SEND)
		p->srefs--;
	else if (disp == MACH_MSG_TYPE_MOVE_SEND_ONCE)
		p->sorefs--;
}

/* A received right enters the space. */
static void lb_right_give(mach_port_t name, unsigned type)
{
	struct lb_port *p = lb_port(name);

	if (p == NULL)
		return;
	if (type == MACH_MSG_TYPE_PORT_RECEIVE)
		p->receive = 1;
	else if (type == MACH_MSG_TYPE_PORT_SEND)
		p->srefs++;
	else if (type == MACH_MSG_TYPE_PORT_SEND_ONCE)
		p->sorefs++;
}

/* A right in transit is destroyed. */
static void lb_right_drop(mach_port_t name, unsigned type)
{
	if (type == MACH_MSG_TYPE_PORT_SEND_ONCE)
		lb_send_once_notify(name);
	else if (type == MACH_MSG_TYPE_PORT_RECEIVE)
		lb_port_die(name);
}

/* ---- messages ---- */

/* Size of the descriptor at d, or 0 if its type is unknown. */
static size_t lb_desc_size(const mach_msg_descriptor_t *d)
{
	switch (d->type.type) {
	case MACH_MSG_PORT_DESCRIPTOR: return sizeof(mach_msg_port_descriptor_t);
	case MACH_MSG_OOL_DESCRIPTOR:
	case MACH_MSG_OOL_VOLATILE_DESCRIPTOR: return sizeof(mach_msg_ool_descriptor_t);
	case MACH_MSG_OOL_PORTS_DESCRIPTOR: return sizeof(mach_msg_ool_ports_descriptor_t);
	default: return 0;
	}
}

/* Walk the descriptors of m; fn returns 0 to stop.  Returns 0 if malformed. */
static int lb_walk(mach_msg_header_t *m, int (*fn)(mach_msg_descriptor_t *, void *),
		   void *arg)
{
	mach_msg_body_t *body = (mach_msg_body_t *)(m + 1);
	char *at = (char *)(body + 1), *end = (char *)m + m->msgh_size;

	if (!(m->msgh_bits & MACH_MSGH_BITS_COMPLEX))
		return 1;
	if ((char *)(body + 1) > end || body->msgh_descriptor_count > LB_MAX_DESC)
		return 0;
	for (unsigned i = 0; i < body->msgh_descriptor_count; i++) {
		mach_msg_descriptor_t *d = (mach_msg_descriptor_t *)(void *)at;
		size_t sz;

		if (at + sizeof(mach_msg_type_descriptor_t) > end)
			return 0;
		sz = lb_desc_size(d);
		if (sz == 0 || at + sz > end)
			return 0;
		if (fn != NULL && !fn(d, arg))
			return 0;
		at += sz;
	}
	return 1;
}

static int lb_check_desc(mach_msg_descriptor_t *d, void *arg)
{
	unsigned recv;

	(void)arg;
	switch (d->type.type) {
	case MACH_MSG_PORT_DESCRIPTOR:
		return lb_right_check(d->port.name, d->port.disposition, &recv);
	case MACH_MSG_OOL_PORTS_DESCRIPTOR: {
		mach_port_t *names = d->ool_ports.address;

		if (d->ool_ports.count > 4096 || (d->ool_ports.count && names == NULL))
			return 0;
		for (unsigned i = 0; i < d->ool_ports.count; i++)
			if (!lb_right_check(names[i], d->ool_ports.disposition, &recv))
				return 0;
		return 1;
	}
	default:
		return d->out_of_line.size == 0 || d->out_of_line.address != NULL;
	}
}

/* Copy-in: take rights, copy memory, turn dispositions into received types. */
static int lb_take_desc(mach_msg_descriptor_t *d, void *arg)
{
	unsigned recv = 0;

	(void)arg;
	switch (d->type.type) {
	case MACH_MSG_PORT_DESCRIPTOR:
		lb_right_check(d->port.name, d->port.disposition, &recv);
		lb_right_take(d->port.name, d->port.disposition);
		d->port.disposition = recv;
		return 1;
	case MACH_MSG_OOL_PORTS_DESCRIPTOR: {
		mach_port_t *names = d->ool_ports.address;
		mach_port_t *copy = lb_vm_allocate(d->ool_ports.count * sizeof(mach_port_t));

		for (unsigned i = 0; i < d->ool_ports.count; i++) {
			lb_right_check(names[i], d->ool_ports.disposition, &recv);
			lb_right_take(names[i], d->ool_ports.disposition);
			copy[i] = names[i];
		}
		if (d->ool_ports.deallocate)
			lb_vm_free(names);
		d->ool_ports.address = copy;
		d->ool_ports.deallocate = FALSE;
		if (recv)
			d->ool_ports.disposition = recv;
		return 1;
	}
	default: {
		void *copy = NULL;

		if (d->out_of_line.size > 0) {
			copy = lb_vm_allocate(d->out_of_line.size);
			memcpy(copy, d->out_of_line.address, d->out_of_line.size);
		}
		if (d->out_of_line.deallocate)
			lb_vm_free(d->out_of_line.address);
		d->out_of_line.address = copy;
		d->out_of_line.deallocate = FALSE;
		return 1;
	}
	}
}

/* Release everything a message holds (rights in transit, regions). */
static int lb_drop_desc(mach_msg_descriptor_t *d, void *arg)
{
	(void)arg;
	switch (d->type.type) {
	case MACH_MSG_PORT_DESCRIPTOR:
		lb_right_drop(d->port.name, d->port.disposition);
		return 1;
	case MACH_MSG_OOL_PORTS_DESCRIPTOR: {
		mach_port_t *names = d->ool_ports.address;

		for (unsigned i = 0; names && i < d->ool_ports.count; i++)
			lb_right_drop(names[i], d->ool_ports.disposition);
		lb_vm_free(names);
		return 1;
	}
	default:
		lb_vm_free(d->out_of_line.address);
		return 1;
	}
}

static void lb_discard(mach_msg_header_t *m)
{
	lb_right_drop(m->msgh_remote_port, MACH_MSGH_BITS_REMOTE(m->msgh_bits));
	lb_walk(m, lb_drop_desc, NULL);
	free(m);
}

static void lb_enqueue(struct lb_port *p, mach_msg_header_t *m)
{
	if (p->qlen == LB_QLEN)
		lb_fatal("queue full");
	p->q[(p->qhead + p->qlen) % LB_QLEN].m = m;
	p->qlen++;
}

static void lb_run_server(struct lb_port *p);

static mach_msg_return_t lb_send(mach_msg_header_t *msg, mach_msg_size_t size)
{
	unsigned rd = MACH_MSGH_BITS_REMOTE(msg->msgh_bits);
	unsigned ld = MACH_MSGH_BITS_LOCAL(msg->msgh_bits);
	unsigned rrecv, lrecv = 0;
	struct lb_port *dest = lb_port(msg->msgh_remote_port);
	mach_msg_header_t *k;

	if (size < sizeof(mach_msg_header_t) || size % 4 != 0 || size > 1 << 20)
		return MACH_SEND_MSG_TOO_SMALL;
	msg->msgh_size = size;
	if (dest == NULL || !dest->alive)
		return MACH_SEND_INVALID_DEST;
	if (!lb_right_check(msg->msgh_remote_port, rd, &rrecv))
		return MACH_SEND_INVALID_DEST;
	if (msg->msgh_local_port != MACH_PORT_NULL &&
	    !lb_right_check(msg->msgh_local_port, ld, &lrecv))
		return MACH_SEND_INVALID_REPLY;
	if (!lb_walk(msg, NULL, NULL))
		return MACH_SEND_MSG_TOO_SMALL;
	if (!lb_walk(msg, lb_check_desc, NULL))
		return MACH_SEND_INVALID_RIGHT;
	/* Point of no return: the message will be queued. */
	if (lb_sent_hook != NULL)
		lb_sent_hook(msg);
	k = malloc(size);
	memcpy(k, msg, size);
	lb_right_take(msg->msgh_remote_port, rd);
	if (msg->msgh_local_port != MACH_PORT_NULL)
		lb_right_take(msg->msgh_local_port, ld);
	lb_walk(k, lb_take_desc, NULL);
	k->msgh_remote_port = msg->msgh_local_port;
	k->msgh_local_port = msg->msgh_remote_port;
	k->msgh_bits = MACH_MSGH_BITS(lrecv, rrecv) | (msg->msgh_bits & MACH_MSGH_BITS_COMPLEX);
	lb_enqueue(dest, k);
	if (dest->demux != NULL)
		lb_run_server(dest);
	return MACH_MSG_SUCCESS;
}

static int lb_give_desc(mach_msg_descriptor_t *d, void *arg)
{
	(void)arg;
	if (d->type.type == MACH_MSG_PORT_DESCRIPTOR) {
		lb_right_give(d->port.name, d->port.disposition);
	} else if (d->type.type == MACH_MSG_OOL_PORTS_DESCRIPTOR) {
		mach_port_t *names = d->ool_ports.address;

		for (unsigned i = 0; names && i < d->ool_ports.count; i++)
			lb_right_give(names[i], d->ool_ports.disposition);
	}
	return 1;
}

/* Copy-out of the first queued message into buf, trailer appended. */
static mach_msg_return_t lb_copyout(struct lb_port *p, mach_msg_header_t *buf,
				    mach_msg_size_t room)
{
	mach_msg_header_t *k = p->q[p->qhead].m;
	mach_msg_audit_trailer_t *t;

	if (room < k->msgh_size + sizeof(*t))
		return MACH_RCV_TOO_LARGE;
	p->qhead = (p->qhead + 1) % LB_QLEN;
	p->qlen--;
	memcpy(buf, k, k->msgh_size);
	free(k);
	lb_right_give(buf->msgh_remote_port, MACH_MSGH_BITS_REMOTE(buf->msgh_bits));
	lb_walk(buf, lb_give_desc, NULL);
	t = (mach_msg_audit_trailer_t *)(void *)((char *)buf + buf->msgh_size);
	t->msgh_trailer_type = MACH_MSG_TRAILER_FORMAT_0;
	t->msgh_trailer_size = sizeof(*t);
	t->msgh_seqno = p->seqno++;
	t->msgh_sender = lb_sender_token;
	t->msgh_audit = lb_audit_token;
	return MACH_MSG_SUCCESS;
}

static mach_msg_return_t lb_receive(mach_msg_header_t *buf, mach_msg_size_t room,
				    mach_port_t name, mach_msg_option_t option)
{
	struct lb_port *p = lb_port(name);

	if (p == NULL || !p->receive)
		return MACH_RCV_INVALID_NAME;
	if (p->qlen == 0) {
		if (!(option & MACH_RCV_TIMEOUT))
			lb_would_block++;
		return MACH_RCV_TIMED_OUT;
	}
	return lb_copyout(p, buf, room);
}

mach_msg_return_t mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
			   mach_msg_size_t send_size, mach_msg_size_t rcv_size,
			   mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
			   mach_port_name_t notify)
{
	(void)timeout;
	(void)notify;
	if (option & MACH_SEND_MSG) {
		mach_msg_return_t mr = lb_send(msg, send_size);

		if (mr != MACH_MSG_SUCCESS)
			return mr;
	}
	if (option & MACH_RCV_MSG)
		return lb_receive(msg, rcv_size, rcv_name, option);
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

/* As a receiver: release what a received message put into the space. */
static void lb_release(mach_port_t name, unsigned type)
{
	struct lb_port *p = lb_port(name);

	if (p == NULL)
		return;
	if (type == MACH_MSG_TYPE_PORT_RECEIVE)
		lb_destroy_receive(name);
	else if (type == MACH_MSG_TYPE_PORT_SEND && p->srefs > 0)
		p->srefs--;
	else if (type == MACH_MSG_TYPE_PORT_SEND_ONCE && p->sorefs > 0) {
		p->sorefs--;
		lb_send_once_notify(name);
	}
}

static int lb_release_desc(mach_msg_descriptor_t *d, void *arg)
{
	(void)arg;
	switch (d->type.type) {
	case MACH_MSG_PORT_DESCRIPTOR:
		lb_release(d->port.name, d->port.disposition);
		return 1;
	case MACH_MSG_OOL_PORTS_DESCRIPTOR: {
		mach_port_t *names = d->ool_ports.address;

		for (unsigned i = 0; names && i < d->ool_ports.count; i++)
			lb_release(names[i], d->ool_ports.disposition);
		lb_vm_free(names);
		return 1;
	}
	default:
		lb_vm_free(d->out_of_line.address);
		return 1;
	}
}

void mach_msg_destroy(mach_msg_header_t *msg)
{
	lb_release(msg->msgh_remote_port, MACH_MSGH_BITS_REMOTE(msg->msgh_bits));
	lb_walk(msg, lb_release_desc, NULL);
}

/*
 * One step of a server's receive loop, with the MIG rule: an error reply
 * means the server took nothing, so the request is destroyed (except its
 * reply right, which carries the error reply); MIG_NO_REPLY means the
 * server kept the request's reply right.
 */
static void lb_run_server(struct lb_port *p)
{
	static _Alignas(16) char out_buf[1 << 17];
	mach_msg_header_t *out = (mach_msg_header_t *)(void *)out_buf;

	while (p->qlen > 0 && p->receive) {
		mach_msg_size_t size = p->q[p->qhead].m->msgh_size +
			(mach_msg_size_t)sizeof(mach_msg_audit_trailer_t);
		mach_msg_header_t *in = aligned_alloc(16, (size + 15) & ~15u);

		lb_copyout(p, in, size);
		/*
		 * Stale bytes a stub must not let into its reply (roundtrip_test);
		 * 16 KiB covers every fixed reply layout of the test interfaces.
		 */
		memset(out_buf, LB_STALE_BYTE, 16384);
		p->demux(in, out);
		if (!(out->msgh_bits & MACH_MSGH_BITS_COMPLEX)) {
			kern_return_t rc = ((mig_reply_error_t *)(void *)out)->RetCode;

			if (rc == MIG_NO_REPLY) {
				out->msgh_remote_port = MACH_PORT_NULL;
			} else if (rc != KERN_SUCCESS) {
				in->msgh_remote_port = MACH_PORT_NULL;
				mach_msg_destroy(in);
			}
		}
		if (out->msgh_remote_port != MACH_PORT_NULL) {
			out->msgh_id += lb_reply_id_delta;
			lb_reply_id_delta = 0;
			if (lb_send(out, out->msgh_size) != MACH_MSG_SUCCESS)
				mach_msg_destroy(out);
		} else if (out->msgh_bits & MACH_MSGH_BITS_COMPLEX) {
			mach_msg_destroy(out);
		}
		free(in);
	}
}

/* ---- the per-thread reply port ---- */

mach_port_t mig_get_reply_port(void)
{
	if (reply_port == MACH_PORT_NULL || !lb_has_receive(reply_port))
		reply_port = lb_port_alloc();
	return reply_port;
}

void mig_dealloc_reply_port(mach_port_t port)
{
	lb_reply_ports_destroyed++;
	lb_destroy_receive(port);
	if (port == reply_port)
		reply_port = MACH_PORT_NULL;
}

void mig_put_reply_port(mach_port_t port)
{
	(void)port;
}

void lb_reset(void)
{
	for (unsigned i = 0; i < nports; i++)
		while (ports[i].qlen > 0) {
			free(ports[i].q[ports[i].qhead].m);
			ports[i].qhead = (ports[i].qhead + 1) % LB_QLEN;
			ports[i].qlen--;
		}
	for (unsigned i = 0; i < LB_REGIONS; i++) {
		free(regions[i].p);
		regions[i].p = NULL;
	}
	nports = 0;
	reply_port = MACH_PORT_NULL;
	lb_reply_id_delta = 0;
	lb_would_block = 0;
	lb_reply_ports_destroyed = 0;
}
