/*
 * Round trip: the generated client stubs of roundtrip.defs call the
 * generated server stubs through the loopback kernel, and every argument
 * kind must arrive and come back intact, with no right or region left
 * behind that the test did not expect.
 */
#include <stddef.h>
#include <string.h>

#include "loopback.h"
#include "rt.h"
#include "rt_impl.h"
#include "tap.h"

static mach_port_t server;

/* A fresh port the client holds a send right to (and the receive right). */
static mach_port_t port_with_send(void)
{
	mach_port_t p = lb_port_alloc();

	lb_make_send(p);
	return p;
}

static void test_scalars(void)
{
	int64_t sum = 0;
	int acc = 5;
	boolean_t flag = FALSE;
	kern_return_t kr = U_scalars(server, 1, 1LL << 40, FALSE, -3, 7, &sum, &acc, &flag);

	TAP_OK(kr == KERN_SUCCESS && sum == (1LL << 40) + 5 && acc == 6 && flag == TRUE,
	       "in, out and inout scalars (int, int64, boolean, short, by-number)");
}

static void test_arrays(void)
{
	quad4_t q = { 1, 2, 3, 4 }, q2 = { 0 };
	pair_t p = { 10, 1LL << 33 }, p2 = { 0, 0 };
	int v[3] = { 1, 2, 3 }, v2[16], v3[16] = { 5, 6 };
	uint8_t bytes[1000];
	mach_msg_type_number_t v2Cnt = 16, v3Cnt = 2, bytesCnt = 10;
	kern_return_t kr = U_arrays(server, q, q2, p, &p2, v, 3, v2, &v2Cnt, v3, &v3Cnt,
				    bytes, &bytesCnt);

	TAP_OK(kr == KERN_SUCCESS && q2[0] == 2 && q2[3] == 8 && p2.a == 11 &&
	       p2.b == 3 * (1LL << 33), "fixed arrays and structs");
	TAP_OK(v2Cnt == 4 && v2[0] == 10 && v2[2] == 30 && v2[3] == -1,
	       "variable in and out arrays");
	TAP_OK(v3Cnt == 3 && v3[0] == 105 && v3[1] == 106 && v3[2] == 7, "inout array");
	TAP_OK(bytesCnt == 10 && bytes[0] == 1 && bytes[9] == 10,
	       "countinout: the server saw the client's room");
	v2Cnt = 2;
	kr = U_arrays(server, q, q2, p, &p2, v, 3, v2, &v2Cnt, v3, &v3Cnt, bytes, &bytesCnt);
	TAP_OK(kr == MIG_ARRAY_TOO_LARGE && v2Cnt == 4,
	       "out array larger than the caller's room: MIG_ARRAY_TOO_LARGE");
	kr = U_arrays(server, q, q2, p, &p2, v, 17, v2, &v2Cnt, v3, &v3Cnt, bytes, &bytesCnt);
	TAP_OK(kr == MIG_ARRAY_TOO_LARGE, "in array over its bound is refused by the client");
}

static void test_samecount(void)
{
	int a[16], b[16];
	mach_msg_type_number_t aCnt = 16;
	kern_return_t kr = U_samecnt(server, a, &aCnt, b);

	TAP_OK(kr == KERN_SUCCESS && aCnt == 3 && a[2] == 2 && b[2] == -2,
	       "samecount arrays share one count");
}

static void test_strings(void)
{
	name_t n = "name", n2, n3 = "abc";
	char p2[256], longname[40];
	kern_return_t kr = U_strings(server, n, "/a/b", n2, p2, n3);

	TAP_OK(kr == KERN_SUCCESS && strcmp(n2, "name!") == 0 && strcmp(p2, "/a/b/x") == 0 &&
	       strcmp(n3, "Nbc") == 0, "c_string[N] and c_string[*:N], in, out, inout");
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	kr = U_strings(server, longname, "/", n2, p2, n3);
	TAP_OK(kr == MIG_ARRAY_TOO_LARGE, "string longer than its bound is refused");
}

static void test_ports(void)
{
	mach_port_t cs = port_with_send(), ms = lb_port_alloc(), mv = port_with_send();
	mach_port_t so = lb_port_alloc(), rcv = lb_port_alloc(), o = 0, orcv = 0;
	unsigned before;
	kern_return_t kr;

	lb_make_send(mv);	/* two refs: one is moved */
	before = lb_rights();
	kr = U_ports(server, cs, ms, mv, so, rcv, 1234, &o, &orcv);
	TAP_OK(kr == KERN_SUCCESS && o == rt_server_port && orcv == rcv,
	       "ports: copy-send, make-send, move-send, make-send-once, move-receive, name");
	TAP_OK(lb_send_refs(cs) == 1 && lb_send_refs(ms) == 0 && lb_send_refs(mv) == 1 &&
	       lb_has_receive(rcv) && lb_send_refs(rt_server_port) == 1 &&
	       lb_queued(so) == 1,
	       "rights moved as their dispositions say (send-once destroyed: notified)");
	/* moved: -1 (mv); returned: +1 send (o). */
	TAP_OK(lb_rights() == before, "no right gained or lost in the space");
	lb_deallocate(rt_server_port);
}

static void test_poly(void)
{
	mach_port_t p = port_with_send(), op = 0;
	mach_msg_type_name_t opPoly = 0;
	kern_return_t kr = U_poly(server, p, MACH_MSG_TYPE_MAKE_SEND, &op, &opPoly);

	TAP_OK(kr == KERN_SUCCESS && op == p && opPoly == MACH_MSG_TYPE_PORT_SEND &&
	       lb_send_refs(p) == 2, "polymorphic ports in both directions");
}

static void test_port_lists(void)
{
	mach_port_t l[3] = { port_with_send(), port_with_send(), port_with_send() }, ol[4];
	mach_msg_type_number_t olCnt = 4;
	kern_return_t kr = U_port_lists(server, l, 3, ol, &olCnt);

	TAP_OK(kr == KERN_SUCCESS && olCnt == 2 && ol[0] == l[1] && ol[1] == l[2] &&
	       lb_send_refs(l[0]) == 0 && lb_send_refs(l[1]) == 1,
	       "inline port arrays (one descriptor per slot)");
}

static void test_poly_lists(void)
{
	mach_port_t l[3] = { port_with_send(), port_with_send(), port_with_send() }, ol[4];
	mach_msg_type_number_t olCnt = 4;
	mach_msg_type_name_t olPoly = 0;
	kern_return_t kr = U_poly_lists(server, l, MACH_MSG_TYPE_COPY_SEND, 3, ol, &olPoly,
					&olCnt);

	/* copied out, moved back: each name now has two send references */
	TAP_OK(kr == KERN_SUCCESS && olCnt == 3 && ol[0] == l[2] && ol[2] == l[0] &&
	       olPoly == MACH_MSG_TYPE_PORT_SEND && lb_send_refs(l[0]) == 2 &&
	       lb_send_refs(l[1]) == 2 && lb_send_refs(l[2]) == 2,
	       "inline arrays of polymorphic ports, one disposition for all slots");
}

static void test_dealloc_port(void)
{
	mach_port_t p = port_with_send();
	kern_return_t kr = U_dealloc_port(server, p);

	/* a plain copy-send would leave the client its reference */
	TAP_OK(kr == KERN_SUCCESS && lb_send_refs(p) == 0,
	       "dealloc on a copy-send port moves the right");
}

static void test_ool(void)
{
	char *dd = lb_vm_allocate(4096), *rtd = lb_vm_allocate(3);
	int blk[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	data_t od = NULL, odd = NULL;
	words_t w = NULL;
	mach_msg_type_number_t odCnt = 0, oddCnt = 0, wCnt = 0;
	unsigned regions = lb_live_regions() - 2;
	kern_return_t kr;

	memset(dd, 'z', 4096);
	kr = U_ool(server, "hello", 5, dd, 4096, &od, &odCnt, &odd, &oddCnt, blk, rtd, 3,
		   TRUE, "0123456789", 10, "ab", 2, &w, &wCnt);
	TAP_OK(kr == KERN_SUCCESS && odCnt == 13 && strcmp(od, "server-owned") == 0 &&
	       oddCnt == 4096 && odd[4095] == 'z' && wCnt == 8 && w[7] == 8,
	       "out-of-line data: in, out, dealloc, dealloc[], fixed, bounded, servercopy");
	mig_deallocate((vm_address_t)od, odCnt);
	mig_deallocate((vm_address_t)odd, oddCnt);
	mig_deallocate((vm_address_t)w, wCnt * sizeof(int));
	TAP_OK(lb_live_regions() == regions, "every out-of-line region released");
}

static void test_ool_ports(void)
{
	mach_port_t ps[2] = { port_with_send(), port_with_send() };
	port_array_t ops = NULL;
	mach_msg_type_number_t opsCnt = 0;
	kern_return_t kr = U_ool_ports(server, ps, 2, &ops, &opsCnt);

	TAP_OK(kr == KERN_SUCCESS && opsCnt == 2 && ops[0] == ps[0] && ops[1] == ps[1] &&
	       lb_send_refs(ps[0]) == 3, "out-of-line port arrays");
	mig_deallocate((vm_address_t)ops, opsCnt * sizeof(mach_port_t));
}

static void test_simple(void)
{
	unsigned calls = rt_calls[RT_NOTIFY_ME], rights = lb_rights();
	kern_return_t kr = U_notify_me(server, 77);

	TAP_OK(kr == MACH_MSG_SUCCESS && rt_calls[RT_NOTIFY_ME] == calls + 1 &&
	       rt_last_x == 77 && lb_rights() == rights, "simpleroutine: sent, no reply");
}

static void test_errors(void)
{
	mach_port_t p = lb_port_alloc();
	char *d = lb_vm_allocate(100);
	unsigned rights = lb_rights(), regions = lb_live_regions() - 1;
	kern_return_t kr = U_errors(server, KERN_INVALID_ARGUMENT, p, d, 100);

	TAP_OK(kr == KERN_INVALID_ARGUMENT, "the server's return code reaches the client");
	TAP_OK(lb_rights() == rights && lb_live_regions() == regions,
	       "an error reply releases the request's rights and memory");
}

static void test_timeouts(void)
{
	unsigned destroyed = lb_reply_ports_destroyed, rights;
	kern_return_t kr;

	kr = U_slow(server, 10, 0);
	TAP_OK(kr == KERN_SUCCESS, "sreplyport routine replies");
	rights = lb_rights();
	kr = U_slow(server, 10, 1);
	TAP_OK(kr == MACH_RCV_TIMED_OUT && lb_reply_ports_destroyed == destroyed + 1,
	       "waittime argument: timed out, reply port discarded");
	lb_deallocate(rt_stashed_reply);	/* the late reply has nowhere to go */
	TAP_OK(lb_rights() + 1 == rights, "no right left behind by the timeout");
	kr = U_slow(server, 10, 2);
	TAP_OK(kr == MIG_SERVER_DIED, "reply right destroyed: MIG_SERVER_DIED");
	kr = U_timed(server, 1);
	TAP_OK(kr == MACH_RCV_TIMED_OUT, "waittime statement applies to later routines");
	lb_deallocate(rt_stashed_reply);
}

static void test_mismatch(void)
{
	int64_t sum;
	int acc = 0;
	boolean_t flag;
	kern_return_t kr;

	lb_reply_id_delta = 1;
	kr = U_scalars(server, 1, 2, 0, 3, 4, &sum, &acc, &flag);
	TAP_OK(kr == MIG_REPLY_MISMATCH, "reply with the wrong id: MIG_REPLY_MISMATCH");
}

static void test_trailer(void)
{
	natural_t s1 = 0, s2 = 0, uid = 0, a7 = 0;

	lb_sender_token.val[0] = 4242;
	U_trailer(server, &s1, &uid, &a7);
	U_trailer(server, &s2, &uid, &a7);
	TAP_OK(s2 == s1 + 1 && uid == 4242 && a7 == 8,
	       "msgseqno, ServerSecToken, ServerAuditToken come from the trailer");
}

static void test_objects(void)
{
	mach_port_t other = port_with_send(), made = 0;
	kern_return_t kr = U_objects(server, other, &made, 0);

	TAP_OK(kr == KERN_SUCCESS && made == other && rt_live_objects == 0 &&
	       lb_send_refs(other) == 3,
	       "intran, outtran and destructor on the server side");
}

static void test_async_and_options(void)
{
	mach_port_t reply = lb_port_alloc();
	int y = 0;
	kern_return_t kr = U_async_req(server, reply, 5);

	TAP_OK(kr == MACH_MSG_SUCCESS && rt_last_x == 5 && lb_send_once_refs(reply) == 1,
	       "ureplyport: the caller's reply port travels in the header");
	lb_deallocate(reply);
	kr = U_optioned(server, 9, &y);
	TAP_OK(kr == KERN_SUCCESS && y == 81, "explicit requestport and msgoption statement");
}

/*
 * No stale byte leaks into a message: the padding between fields and the
 * unused tail of a string array arrive as zeros, although the client's
 * stack (paint_stack) and the server's reply buffer (the loopback) held
 * LB_STALE_BYTE before each stub ran.
 */
static _Alignas(16) char sent_request[4096], sent_reply[4096];

static void record_sent(const mach_msg_header_t *m)
{
	char *to = m->msgh_id >= 4100 ? sent_reply : sent_request;

	if (m->msgh_size <= sizeof(sent_request))
		memcpy(to, m, m->msgh_size);
}

/* Stale bytes where the next stub's locals will be. */
static __attribute__((noinline)) void paint_stack(void)
{
	volatile unsigned char junk[32768];

	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = LB_STALE_BYTE;
}

/* Bytes [from, to) of a recorded message are all zero. */
static int zeros(const char *m, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (m[i] != 0)
			return 0;
	return 1;
}

#define END(type, f) (offsetof(type, f) + sizeof(((type *)0)->f))

static void test_no_stale_bytes(void)
{
	int64_t sum;
	int acc = 0;
	boolean_t flag;
	name_t n = "name", n2, n3 = "abc";
	char p2[256];
	const rt_strings_request_t *sreq = (const void *)sent_request;
	const rt_strings_reply_t *srep = (const void *)sent_reply;
	int ok;

	lb_sent_hook = record_sent;
	paint_stack();
	ok = U_scalars(server, 1, 2, FALSE, 3, 4, &sum, &acc, &flag) == KERN_SUCCESS;
	TAP_OK(ok && zeros(sent_request, END(rt_scalars_request_t, a),
			   offsetof(rt_scalars_request_t, b)) &&
	       zeros(sent_request, END(rt_scalars_request_t, d),
		     offsetof(rt_scalars_request_t, e)) &&
	       zeros(sent_reply, END(rt_scalars_reply_t, RetCode),
		     offsetof(rt_scalars_reply_t, sum)),
	       "padding between fields is zero in request and reply");
	paint_stack();
	ok = U_strings(server, n, "/a", n2, p2, n3) == KERN_SUCCESS;
	TAP_OK(ok && zeros(sreq->n, strlen(n), sizeof(sreq->n)) &&
	       zeros(srep->n2, strlen("name!"), sizeof(srep->n2)),
	       "the unused tail of a string array is zero in request and reply");
	lb_sent_hook = NULL;
}

int main(void)
{
	TAP_PLAN(38);
	server = lb_port_alloc();
	lb_make_send(server);
	lb_serve(server, rt_server);
	rt_server_port = lb_port_alloc();
	test_scalars();
	test_arrays();
	test_samecount();
	test_strings();
	test_ports();
	test_poly();
	test_port_lists();
	test_poly_lists();
	test_dealloc_port();
	test_ool();
	test_ool_ports();
	test_simple();
	test_errors();
	test_timeouts();
	test_mismatch();
	test_trailer();
	test_objects();
	test_async_and_options();
	test_no_stale_bytes();
	TAP_OK(lb_would_block == 0, "no receive would have blocked forever");
	TAP_OK(rt_server_routine(&(mach_msg_header_t){ .msgh_id = 4011 }) == 0 &&
	       rt_server_routine(&(mach_msg_header_t){ .msgh_id = 4000 }) != 0,
	       "skipped ids have no routine");
	TAP_OK(rt_subsystem.head.start == 4000 && rt_subsystem.head.end == 4022,
	       "subsystem table covers every id including skips");
	lb_reset();
	return TAP_DONE();
}
