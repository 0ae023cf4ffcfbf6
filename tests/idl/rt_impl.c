/*
 * Server functions of roundtrip.defs.  Each one counts its calls (the
 * negative tests check that a bad request never reaches one) and releases
 * what it receives, so that a test can check the whole space afterwards.
 */
#include "rt_impl.h"

#include <stdlib.h>
#include <string.h>

#include "loopback.h"

unsigned rt_calls[RT_COUNT];
mach_port_t rt_stashed_reply;
mach_port_t rt_server_port;
int rt_last_x;
int rt_live_objects;

unsigned rt_calls_total(void)
{
	unsigned n = 0;

	for (int i = 0; i < RT_COUNT; i++)
		n += rt_calls[i];
	return n;
}

kern_return_t S_scalars(mach_port_t server, int a, int64_t b, boolean_t c,
			int16_t d, natural_t e, int64_t *sum, int *acc, boolean_t *flag)
{
	(void)server;
	rt_calls[RT_SCALARS]++;
	*sum = (int64_t)((uint64_t)a + (uint64_t)b + (uint64_t)d + e);
	*acc = (int)((unsigned)*acc + (unsigned)a);
	*flag = !c;
	return KERN_SUCCESS;
}

kern_return_t S_arrays(mach_port_t server, quad4_t q, quad4_t q2, pair_t p, pair_t *p2,
		       int_array_t v, mach_msg_type_number_t vCnt, int_array_t v2,
		       mach_msg_type_number_t *v2Cnt, int_array_t v3,
		       mach_msg_type_number_t *v3Cnt, byte_array_t bytes,
		       mach_msg_type_number_t *bytesCnt)
{
	(void)server;
	rt_calls[RT_ARRAYS]++;
	if (vCnt >= 16 || *v3Cnt >= 16)
		return KERN_INVALID_ARGUMENT;
	for (int i = 0; i < 4; i++)
		q2[i] = (int)((unsigned)q[i] * 2u);
	p2->a = (int)((unsigned)p.a + 1u);
	p2->b = (int64_t)((uint64_t)p.b * 3u);
	*v2Cnt = vCnt + 1;
	for (unsigned i = 0; i < vCnt; i++)
		v2[i] = (int)((unsigned)v[i] * 10u);
	v2[vCnt] = -1;
	for (unsigned i = 0; i < *v3Cnt; i++)
		v3[i] = (int)((unsigned)v3[i] + 100u);
	v3[(*v3Cnt)++] = 7;
	/* countinout: *bytesCnt is the room the client said it has. */
	for (unsigned i = 0; i < *bytesCnt; i++)
		bytes[i] = (uint8_t)(i + 1);
	return KERN_SUCCESS;
}

kern_return_t S_samecnt(mach_port_t server, int_array_t a, mach_msg_type_number_t *aCnt,
			int_array_t b)
{
	(void)server;
	rt_calls[RT_SAMECNT]++;
	*aCnt = 3;
	for (int i = 0; i < 3; i++) {
		a[i] = i;
		b[i] = -i;
	}
	return KERN_SUCCESS;
}

kern_return_t S_strings(mach_port_t server, name_t n, path_t p, name_t n2, path_t p2,
			name_t n3)
{
	(void)server;
	rt_calls[RT_STRINGS]++;
	if (strlen(n) > 30 || strlen(p) > 252)
		return KERN_INVALID_ARGUMENT;
	strcpy(n2, n);
	strcat(n2, "!");
	strcpy(p2, p);
	strcat(p2, "/x");
	n3[0] = 'N';
	return KERN_SUCCESS;
}

kern_return_t S_ports(mach_port_t server, mach_port_t cs, mach_port_t ms, mach_port_t mv,
		      mach_port_t so, mach_port_t rcv, mach_port_name_t pn,
		      mach_port_t *o, mach_port_t *orcv)
{
	(void)server;
	(void)pn;
	rt_calls[RT_PORTS]++;
	lb_deallocate(cs);
	lb_deallocate(ms);
	lb_deallocate(mv);
	lb_deallocate(so);
	*o = rt_server_port;
	*orcv = rcv;		/* the receive right goes back (MOVE_RECEIVE) */
	return KERN_SUCCESS;
}

kern_return_t S_poly(mach_port_t server, mach_port_t p, mach_msg_type_name_t pPoly,
		     mach_port_t *op, mach_msg_type_name_t *opPoly)
{
	(void)server;
	rt_calls[RT_POLY]++;
	if (pPoly != MACH_MSG_TYPE_PORT_SEND)
		return KERN_INVALID_RIGHT;
	/* Hand the right back as we got it. */
	*op = p;
	*opPoly = MACH_MSG_TYPE_MOVE_SEND;
	return KERN_SUCCESS;
}

kern_return_t S_port_lists(mach_port_t server, port_list_t l, mach_msg_type_number_t lCnt,
			   port_list_t ol, mach_msg_type_number_t *olCnt)
{
	(void)server;
	rt_calls[RT_PORT_LISTS]++;
	if (lCnt == 0)
		return KERN_INVALID_ARGUMENT;
	/* Send back all but the first; release the first. */
	lb_deallocate(l[0]);
	for (unsigned i = 1; i < lCnt; i++)
		ol[i - 1] = l[i];
	*olCnt = lCnt - 1;
	return KERN_SUCCESS;
}

static data_t dup_region(const char *s, size_t n)
{
	char *r = lb_vm_allocate(n);

	memcpy(r, s, n);
	return r;
}

kern_return_t S_ool(mach_port_t server, data_t d, mach_msg_type_number_t dCnt,
		    data_t dd, mach_msg_type_number_t ddCnt, data_t *od,
		    mach_msg_type_number_t *odCnt, data_t *odd, mach_msg_type_number_t *oddCnt,
		    block_t blk, data_t rtd, mach_msg_type_number_t rtdCnt,
		    bounded_data_t bd, mach_msg_type_number_t bdCnt, data_t sc,
		    mach_msg_type_number_t scCnt, boolean_t scSCopy, words_t *w,
		    mach_msg_type_number_t *wCnt)
{
	static char keep[] = "server-owned";
	static int words[8];
	unsigned sum = 0;

	(void)server;
	rt_calls[RT_OOL]++;
	for (int i = 0; i < 8; i++)
		sum += (unsigned)blk[i];
	if (!scSCopy || sum != 36 || dCnt != 5 || memcmp(d, "hello", 5) != 0 || ddCnt != 4096 ||
	    rtdCnt != 3 || bdCnt != 10 || scCnt != 2)
		return KERN_INVALID_ARGUMENT;
	/* od is not deallocated on send: the server keeps its memory. */
	*od = keep;
	*odCnt = sizeof(keep);
	*odd = dup_region(dd, ddCnt);	/* dealloc: freed by the send */
	*oddCnt = ddCnt;
	memcpy(words, blk, sizeof(words));	/* not dealloc: stays ours */
	*w = words;
	*wCnt = 8;
	/* The server owns the in regions now. */
	mig_deallocate((vm_address_t)d, dCnt);
	mig_deallocate((vm_address_t)dd, ddCnt);
	mig_deallocate((vm_address_t)blk, 8 * sizeof(int));
	mig_deallocate((vm_address_t)rtd, rtdCnt);
	mig_deallocate((vm_address_t)bd, bdCnt);
	mig_deallocate((vm_address_t)sc, scCnt);
	return KERN_SUCCESS;
}

kern_return_t S_ool_ports(mach_port_t server, port_array_t ps, mach_msg_type_number_t psCnt,
			  port_array_t *ops, mach_msg_type_number_t *opsCnt)
{
	mach_port_t *out = lb_vm_allocate(psCnt * sizeof(mach_port_t));

	(void)server;
	rt_calls[RT_OOL_PORTS]++;
	/* COPY_SEND back what arrived, then drop our references. */
	for (unsigned i = 0; i < psCnt; i++)
		out[i] = ps[i];
	*ops = out;
	*opsCnt = psCnt;
	return KERN_SUCCESS;
}

kern_return_t S_notify_me(mach_port_t server, int x)
{
	(void)server;
	rt_calls[RT_NOTIFY_ME]++;
	rt_last_x = x;
	return KERN_SUCCESS;
}

kern_return_t S_errors(mach_port_t server, int code, mach_port_t p, data_t d,
		       mach_msg_type_number_t dCnt)
{
	(void)server;
	rt_calls[RT_ERRORS]++;
	if (code != KERN_SUCCESS)
		return code;	/* takes nothing: the loop destroys the request */
	lb_deallocate(p);
	mig_deallocate((vm_address_t)d, dCnt);
	return KERN_SUCCESS;
}

kern_return_t S_slow(mach_port_t server, mach_port_t reply, mach_msg_type_name_t replyPoly,
		     int mode)
{
	(void)server;
	(void)replyPoly;
	rt_calls[RT_SLOW]++;
	if (mode == 0)
		return KERN_SUCCESS;
	if (mode == 2) {
		/* As if the server died holding the request. */
		lb_deallocate(reply);
		return MIG_NO_REPLY;
	}
	rt_stashed_reply = reply;	/* reply later (or never) */
	return MIG_NO_REPLY;
}

kern_return_t S_trailer(mach_port_t server, mach_port_seqno_t seq, security_token_t tok,
			audit_token_t aud, natural_t *s, natural_t *uid, natural_t *a7)
{
	(void)server;
	rt_calls[RT_TRAILER]++;
	*s = seq;
	*uid = tok.val[0];
	*a7 = aud.val[7];
	return KERN_SUCCESS;
}

object_ptr_t obj_lookup(mach_port_t port)
{
	struct object *o = calloc(1, sizeof(*o));

	o->port = port;
	o->refs = 1;
	rt_live_objects++;
	return o;
}

mach_port_t obj_export(object_ptr_t obj)
{
	mach_port_t p = obj->port;

	obj_release(obj);
	return p;
}

void obj_release(object_ptr_t obj)
{
	if (--obj->refs == 0) {
		free(obj);
		rt_live_objects--;
	}
}

kern_return_t S_objects(object_ptr_t obj, object_ptr_t other, object_ptr_t *made)
{
	rt_calls[RT_OBJECTS]++;
	/* The reply carries a COPY_SEND of 'other' (we keep our own right). */
	other->refs++;
	*made = other;
	(void)obj;
	return KERN_SUCCESS;
}

kern_return_t S_async_req(mach_port_t server, int x)
{
	(void)server;
	rt_calls[RT_ASYNC_REQ]++;
	rt_last_x = x;
	return KERN_SUCCESS;
}

kern_return_t S_timed(mach_port_t server, int mode)
{
	(void)server;
	(void)mode;
	rt_calls[RT_TIMED]++;
	return MIG_NO_REPLY;
}

kern_return_t S_optioned(mach_port_t server, int x, int *y)
{
	(void)server;
	rt_calls[RT_OPTIONED]++;
	*y = (int)((unsigned)x * (unsigned)x);
	return KERN_SUCCESS;
}

kern_return_t S_poly_lists(mach_port_t server, poly_list_t l, mach_msg_type_name_t lPoly,
			   mach_msg_type_number_t lCnt, poly_list_t ol,
			   mach_msg_type_name_t *olPoly, mach_msg_type_number_t *olCnt)
{
	(void)server;
	rt_calls[RT_POLY_LISTS]++;
	if (lPoly != MACH_MSG_TYPE_PORT_SEND)
		return KERN_INVALID_RIGHT;
	/* Hand the rights back in reverse order, moved. */
	for (unsigned i = 0; i < lCnt; i++)
		ol[i] = l[lCnt - 1 - i];
	*olCnt = lCnt;
	*olPoly = MACH_MSG_TYPE_MOVE_SEND;
	return KERN_SUCCESS;
}

kern_return_t S_dealloc_port(mach_port_t server, mach_port_t p)
{
	(void)server;
	rt_calls[RT_DEALLOC_PORT]++;
	/* The server owns the right it was sent; it releases it. */
	return lb_deallocate(p);
}

