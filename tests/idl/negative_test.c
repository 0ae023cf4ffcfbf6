/*
 * Malformed requests: each is a message the kernel would deliver (its
 * descriptors are well formed) but that does not match the routine.  Each
 * must get MIG_BAD_ARGUMENTS (or MIG_BAD_ID) from the demux, must not reach
 * the server function, and must leave no right or region behind once the
 * receive loop has destroyed it.
 */
#include <string.h>

#include "loopback.h"
#include "rt.h"
#include "rt_impl.h"
#include "tap.h"

static mach_port_t server;

struct reply_buf {
	mig_reply_error_t err;
	char room[4096];
};

/* Send a raw request and return the RetCode of the (error) reply. */
static kern_return_t call_raw(mach_msg_header_t *req, mach_msg_size_t size)
{
	struct reply_buf r = { 0 };
	mach_port_t reply = mig_get_reply_port();
	mach_msg_return_t mr;

	req->msgh_bits |= MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					 MACH_MSG_TYPE_MAKE_SEND_ONCE);
	req->msgh_remote_port = server;
	req->msgh_local_port = reply;
	/* The loopback serves the request during the send; the reply waits. */
	mr = mach_msg(req, MACH_SEND_MSG, size, 0, MACH_PORT_NULL, 0, 0);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	mr = mach_msg(&r.err.Head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(r), reply, 0, 0);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	if (r.err.Head.msgh_id != (mach_msg_id_t)(req->msgh_id + 100) ||
	    r.err.Head.msgh_size != sizeof(mig_reply_error_t))
		return -1;
	return r.err.RetCode;
}

struct baseline {
	unsigned calls, rights, regions;
};

static struct baseline snap(void)
{
	struct baseline b = { rt_calls_total(), lb_rights(), lb_live_regions() };

	return b;
}

static void expect(struct baseline b, kern_return_t got, kern_return_t want,
		   const char *what)
{
	TAP_OK(got == want, "%s: %s", what, want == MIG_BAD_ID ? "MIG_BAD_ID" :
	       "MIG_BAD_ARGUMENTS");
	TAP_OK(rt_calls_total() == b.calls, "%s: server function not called", what);
	TAP_OK(lb_rights() == b.rights && lb_live_regions() == b.regions,
	       "%s: no right or memory leaked", what);
}

static void scalars_request(rt_scalars_request_t *r)
{
	memset(r, 0, sizeof(*r));
	r->Head.msgh_id = rt_scalars_MSGID;
	r->a = 1;
}

static void test_sizes(void)
{
	rt_scalars_request_t r;
	struct baseline b = snap();

	scalars_request(&r);
	expect(b, call_raw(&r.Head, sizeof(r) - 8), MIG_BAD_ARGUMENTS, "request too short");
	scalars_request(&r);
	r.Head.msgh_bits = MACH_MSGH_BITS_COMPLEX;
	r.a = 0;	/* read as a descriptor count of 0: a valid message */
	expect(b, call_raw(&r.Head, sizeof(r)), MIG_BAD_ARGUMENTS, "COMPLEX bit on a simple request");
	{
		struct { rt_scalars_request_t r; char extra[8]; } big;

		scalars_request(&big.r);
		expect(b, call_raw(&big.r.Head, sizeof(big)), MIG_BAD_ARGUMENTS,
		       "request too long");
	}
	scalars_request(&r);
	r.Head.msgh_id = 4022;	/* one past the last routine */
	expect(b, call_raw(&r.Head, sizeof(r)), MIG_BAD_ID, "unknown id");
	r.Head.msgh_id = 4011;
	expect(b, call_raw(&r.Head, sizeof(r)), MIG_BAD_ID, "skipped id");
}

/* errors(): a port descriptor then an OOL descriptor. */
static void errors_request(rt_errors_request_t *r, mach_port_t p, void *mem)
{
	memset(r, 0, sizeof(*r));
	r->Head.msgh_bits = MACH_MSGH_BITS_COMPLEX;
	r->Head.msgh_id = rt_errors_MSGID;
	r->msgh_body.msgh_descriptor_count = 2;
	r->p.name = p;
	r->p.disposition = MACH_MSG_TYPE_MAKE_SEND;
	r->p.type = MACH_MSG_PORT_DESCRIPTOR;
	r->d.address = mem;
	r->d.size = 16;
	r->d.deallocate = TRUE;
	r->d.copy = MACH_MSG_VIRTUAL_COPY;
	r->d.type = MACH_MSG_OOL_DESCRIPTOR;
	r->dCnt = 16;
	r->code = KERN_SUCCESS;
}

static void test_descriptors(void)
{
	mach_port_t p = lb_port_alloc();
	rt_errors_request_t r;
	struct baseline b = snap();

	errors_request(&r, p, lb_vm_allocate(16));
	r.Head.msgh_bits = 0;
	/* Without COMPLEX the kernel moves no descriptor: the memory stays the test's. */
	b.regions++;
	expect(b, call_raw(&r.Head, sizeof(r)), MIG_BAD_ARGUMENTS, "COMPLEX bit missing");
	mig_deallocate((vm_address_t)r.d.address, 16);

	b = snap();
	errors_request(&r, p, lb_vm_allocate(16));
	r.msgh_body.msgh_descriptor_count = 1;
	b.regions++;	/* the second descriptor is not a descriptor now */
	expect(b, call_raw(&r.Head, sizeof(r)), MIG_BAD_ARGUMENTS, "descriptor count too small");
	mig_deallocate((vm_address_t)r.d.address, 16);

	b = snap();
	errors_request(&r, p, lb_vm_allocate(16));
	r.p.disposition = MACH_MSG_TYPE_MAKE_SEND_ONCE;
	expect(b, call_raw(&r.Head, sizeof(r)), MIG_BAD_ARGUMENTS, "wrong port disposition");

	b = snap();
	errors_request(&r, p, lb_vm_allocate(16));
	r.dCnt = 17;
	expect(b, call_raw(&r.Head, sizeof(r)), MIG_BAD_ARGUMENTS,
	       "OOL count disagrees with the descriptor's size");

	/* An OOL descriptor where a port descriptor belongs. */
	b = snap();
	{
		struct {
			mach_msg_header_t Head;
			mach_msg_body_t body;
			mach_msg_ool_descriptor_t a, d;
			mach_msg_type_number_t pad[4];
		} m;

		memset(&m, 0, sizeof(m));
		m.Head.msgh_bits = MACH_MSGH_BITS_COMPLEX;
		m.Head.msgh_id = rt_errors_MSGID;
		m.body.msgh_descriptor_count = 2;
		m.a.address = lb_vm_allocate(16);
		m.a.size = 16;
		m.a.deallocate = TRUE;
		m.a.type = MACH_MSG_OOL_DESCRIPTOR;
		m.d = m.a;
		m.d.address = lb_vm_allocate(16);
		_Static_assert(sizeof(m) >= sizeof(rt_errors_request_t) - 4, "sizes");
		expect(b, call_raw(&m.Head, sizeof(rt_errors_request_t)), MIG_BAD_ARGUMENTS,
		       "wrong descriptor type");
	}
}

static void test_arrays(void)
{
	rt_arrays_request_t r;
	struct baseline b = snap();
	size_t fixed = offsetof(rt_arrays_request_t, v);

	memset(&r, 0, sizeof(r));
	r.Head.msgh_id = rt_arrays_MSGID;
	r.vCnt = 17;
	expect(b, call_raw(&r.Head, (mach_msg_size_t)(fixed + 17 * 4 + 4)), MIG_BAD_ARGUMENTS,
	       "array count over its bound");
	r.vCnt = 3;
	r.v3Cnt = 0;
	expect(b, call_raw(&r.Head, (mach_msg_size_t)(fixed + 8)), MIG_BAD_ARGUMENTS,
	       "array count larger than the bytes present");
	expect(b, call_raw(&r.Head, (mach_msg_size_t)(fixed + 24)), MIG_BAD_ARGUMENTS,
	       "bytes present beyond the array count");
	r.vCnt = 0xffffffffu;
	expect(b, call_raw(&r.Head, (mach_msg_size_t)fixed), MIG_BAD_ARGUMENTS,
	       "array count that would overflow");
}

static void test_strings(void)
{
	rt_strings_request_t r;
	struct baseline b = snap();
	size_t fixed = offsetof(rt_strings_request_t, p);

	memset(&r, 0, sizeof(r));
	r.Head.msgh_id = rt_strings_MSGID;
	memset(r.n, 'x', sizeof(r.n));
	r.pCnt = 2;
	memcpy(r.p, "a", 2);
	expect(b, call_raw(&r.Head, (mach_msg_size_t)(fixed + 8)), MIG_BAD_ARGUMENTS,
	       "c_string[N] without a NUL");
	strcpy(r.n, "ok");
	memcpy(r.p, "ab", 2);
	expect(b, call_raw(&r.Head, (mach_msg_size_t)(fixed + 8)), MIG_BAD_ARGUMENTS,
	       "c_string[*:N] without a NUL at its count");
	r.pCnt = 0;
	expect(b, call_raw(&r.Head, (mach_msg_size_t)fixed), MIG_BAD_ARGUMENTS,
	       "c_string[*:N] of count 0");
}

static void test_port_slots(void)
{
	rt_port_lists_request_t r;
	mach_port_t p = lb_port_alloc();
	struct baseline b;

	lb_make_send(p);
	b = snap();
	memset(&r, 0, sizeof(r));
	r.Head.msgh_bits = MACH_MSGH_BITS_COMPLEX;
	r.Head.msgh_id = rt_port_lists_MSGID;
	r.msgh_body.msgh_descriptor_count = 4;
	for (int i = 0; i < 4; i++) {
		r.l[i].type = MACH_MSG_PORT_DESCRIPTOR;
		r.l[i].disposition = MACH_MSG_TYPE_COPY_SEND;
	}
	r.l[3].name = p;	/* a right in a slot beyond the count */
	r.lCnt = 1;
	expect(b, call_raw(&r.Head, sizeof(r)), MIG_BAD_ARGUMENTS,
	       "right in an unused port-array slot");
	r.lCnt = 5;
	expect(b, call_raw(&r.Head, sizeof(r)), MIG_BAD_ARGUMENTS, "port array count over its bound");
}

int main(void)
{
	TAP_PLAN(3 * 19);
	server = lb_port_alloc();
	lb_make_send(server);
	lb_serve(server, rt_server);
	rt_server_port = lb_port_alloc();
	mig_get_reply_port();
	test_sizes();
	test_descriptors();
	test_arrays();
	test_strings();
	test_port_slots();
	lb_reset();
	return TAP_DONE();
}
