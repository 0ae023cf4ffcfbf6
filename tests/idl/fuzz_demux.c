/*
 * libFuzzer target: the generated demux of roundtrip.defs on arbitrary
 * requests.  The input is turned into a message the kernel could deliver
 * (valid descriptors, rights from a small pool, OOL memory from the input),
 * sent through the loopback kernel; afterwards every right and region must
 * be back where it was, whatever the server said.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "loopback.h"
#include "rt_impl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static mach_port_t server, pool[4];

static void setup(void)
{
	lb_reset();
	server = lb_port_alloc();
	lb_make_send(server);
	lb_serve(server, rt_server);
	rt_server_port = lb_port_alloc();
	for (int i = 0; i < 4; i++) {
		pool[i] = lb_port_alloc();
		lb_make_send(pool[i]);
	}
	mig_get_reply_port();
}

struct reader {
	const uint8_t *p;
	size_t n;
};

static uint32_t take(struct reader *r, unsigned bytes)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < bytes; i++) {
		v = v << 8 | (r->n ? *r->p : 0);
		if (r->n) {
			r->p++;
			r->n--;
		}
	}
	return v;
}

static const unsigned dispositions[] = {
	MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE,
};

/* Build a deliverable request from the input. */
static mach_msg_size_t build(struct reader *r, char *buf, size_t room)
{
	mach_msg_header_t *h = (mach_msg_header_t *)(void *)buf;
	mach_msg_body_t *body = (mach_msg_body_t *)(h + 1);
	char *at = (char *)(body + 1);
	unsigned ndesc = take(r, 1) % 6;

	memset(buf, 0, room);
	h->msgh_id = 4000 + (int)(take(r, 1) % 24);
	if (ndesc > 0) {
		h->msgh_bits = MACH_MSGH_BITS_COMPLEX;
		body->msgh_descriptor_count = ndesc - 1;
		for (unsigned i = 0; i + 1 < ndesc; i++) {
			unsigned kind = take(r, 1) % 3;

			if (kind == 0) {
				mach_msg_port_descriptor_t *d = (void *)at;

				d->name = take(r, 1) % 5 ? pool[take(r, 1) % 4] : MACH_PORT_NULL;
				d->disposition = dispositions[take(r, 1) % 3];
				d->type = MACH_MSG_PORT_DESCRIPTOR;
				at += sizeof(*d);
			} else if (kind == 1) {
				mach_msg_ool_descriptor_t *d = (void *)at;
				unsigned len = take(r, 1) % 64;

				d->address = lb_vm_allocate(len);
				for (unsigned j = 0; j < len; j++)
					((char *)d->address)[j] = (char)take(r, 1);
				d->size = len;
				d->deallocate = TRUE;
				d->type = MACH_MSG_OOL_DESCRIPTOR;
				at += sizeof(*d);
			} else {
				mach_msg_ool_ports_descriptor_t *d = (void *)at;
				unsigned cnt = take(r, 1) % 3;
				mach_port_t *names = lb_vm_allocate(cnt * sizeof(mach_port_t));

				for (unsigned j = 0; j < cnt; j++)
					names[j] = pool[take(r, 1) % 4];
				d->address = names;
				d->count = cnt;
				d->deallocate = TRUE;
				d->disposition = MACH_MSG_TYPE_COPY_SEND;
				d->type = MACH_MSG_OOL_PORTS_DESCRIPTOR;
				at += sizeof(*d);
			}
		}
	}
	while (r->n > 0 && at < buf + room - 4)
		*at++ = (char)take(r, 1);
	while ((at - buf) % 4 != 0)
		*at++ = 0;
	return (mach_msg_size_t)(at - buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static _Alignas(16) char buf[4096];
	static _Alignas(16) char reply[8192];
	struct reader r = { data, size };
	mach_msg_header_t *h = (mach_msg_header_t *)(void *)buf;
	mach_port_t rp;
	unsigned rights, regions, calls;
	mach_msg_size_t len;

	setup();
	rights = lb_rights();
	regions = lb_live_regions();
	calls = rt_calls_total();
	len = build(&r, buf, sizeof(buf));
	rp = mig_get_reply_port();
	h->msgh_bits |= MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	h->msgh_remote_port = server;
	h->msgh_local_port = rp;
	if (mach_msg(h, MACH_SEND_MSG, len, 0, MACH_PORT_NULL, 0, 0) != MACH_MSG_SUCCESS)
		abort();	/* build() makes only deliverable messages */
	/* A request that reached a server function may legitimately keep rights. */
	if (rt_calls_total() == calls) {
		while (lb_queued(rp) > 0) {
			if (mach_msg((mach_msg_header_t *)(void *)reply, MACH_RCV_MSG | MACH_RCV_TIMEOUT,
				     0, sizeof(reply), rp, 0, 0) != MACH_MSG_SUCCESS)
				abort();
			mach_msg_destroy((mach_msg_header_t *)(void *)reply);
		}
		if (lb_rights() != rights || lb_live_regions() != regions - 0)
			abort();	/* a refused request leaked */
	}
	lb_reset();
	return 0;
}
