/*
 * <sub>User.c: one client function per routine.
 *
 * Each function packs the request, sends it with mach_msg_trap() (a send
 * and a receive on the per-thread reply port, one trap; mach_msg() would
 * only add a check of the notify port stubs never pass), checks the reply as
 * thoroughly as a server checks a request, and unpacks it.  KernelUser
 * stubs go through the kernel's mach_msg_rpc_from_kernel() instead.
 */
#include "gen.h"

#include "util.h"

struct ustub {
	FILE *f;
	const struct mig_spec *s;
	const struct gen_options *o;
	const struct mig_routine *rt;
	bool *too_large_used;	/* a check jumps to mig_too_large */
};

/*
 * A request argument too large to send: the stub already holds the reply
 * port (it takes it first, see locals()), so every such return goes
 * through one label that gives the port back.
 */
static const char *too_large(const struct ustub *u)
{
	*u->too_large_used = true;
	return "goto mig_too_large;";
}

/* The stub takes the thread's reply port (not a caller-supplied one). */
static bool own_reply_port(const struct ustub *u)
{
	const struct mig_routine *rt = u->rt;

	return !rt->simple && !u->s->kernel_user &&
		!(rt->reply_port && rt->reply_port->kind != AK_SREPLYPORT);
}

/* The user's value for an argument that travels in the request. */
static const char *src(const struct mig_arg *a)
{
	if (a->in_reply && gen_out_by_pointer(a))
		return mig_printf("(*%s)", a->name);
	return a->name;
}

/* The user's element count for a variable array being sent. */
static const char *user_count(const struct mig_arg *a)
{
	const char *n = arg_count_name(a);
	const struct mig_arg *owner = a->count_of ? a->count_of : a;

	return owner->in_reply ? mig_printf("(*%s)", n) : n;
}

static void pack_ool(const struct ustub *u, const struct mig_arg *a, const char *cnt)
{
	FILE *f = u->f;
	const char *dealloc = (a->flags & AF_DEALLOC_RT) ? mig_printf("%sDealloc", a->name)
		: (a->flags & AF_DEALLOC) ? "TRUE" : "FALSE";

	if (a->sh.variable && a->sh.max > 0)
		fprintf(f, "\tif (%s > %uu)\n\t\t%s\n", cnt, a->sh.max, too_large(u));
	fprintf(f, "\tInP->%s.address = (void *)(uintptr_t)%s;\n", a->name, src(a));
	fprintf(f, "\tInP->%s.deallocate = %s;\n", a->name, dealloc);
	fprintf(f, "\tInP->%s.copy = %s;\n", a->name, (a->flags & AF_PHYSICALCOPY) ?
		"MACH_MSG_PHYSICAL_COPY" : "MACH_MSG_VIRTUAL_COPY");
	if (a->sh.shape == SH_OOL) {
		fprintf(f, "\tif ((uint64_t)%s * %uu > 0xffffffffu)\n\t\t%s\n",
			cnt, a->sh.size, too_large(u));
		fprintf(f, "\tInP->%s.size = (mach_msg_size_t)(%s * %uu);\n", a->name, cnt,
			a->sh.size);
		fprintf(f, "\tInP->%s.type = MACH_MSG_OOL_DESCRIPTOR;\n", a->name);
	} else {
		fprintf(f, "\tInP->%s.disposition = %s;\n", a->name, a->sh.send_poly ?
			mig_printf("%sPoly", a->name) : gen_disp(a->sh.in_disp));
		fprintf(f, "\tInP->%s.count = %s;\n", a->name, cnt);
		fprintf(f, "\tInP->%s.type = MACH_MSG_OOL_PORTS_DESCRIPTOR;\n", a->name);
	}
}

static void pack_arg(const struct ustub *u, const struct mig_arg *a)
{
	FILE *f = u->f;
	const char *cnt = a->sh.variable ? user_count(a) : mig_printf("%uu", a->sh.max);
	const char *n = a->name;

	switch (a->sh.shape) {
	case SH_INLINE:
		if (gen_inline_is_c_array(a))
			fprintf(f, "\tmig_memcpy(InP->%s, %s, sizeof(InP->%s));\n", n, n, n);
		else if (a->type->form == MT_BASIC)
			fprintf(f, "\tInP->%s = %s;\n", n, src(a));
		else
			fprintf(f, "\tmig_memcpy(&InP->%s, &%s, sizeof(InP->%s));\n", n, src(a), n);
		break;
	case SH_CSTRING:
		fprintf(f, "\t{\n\t\tsize_t mig_len = mig_strnlen(%s, %uu);\n\n\t\tif (mig_len >= %uu)\n"
			"\t\t\t%s\n\t\tmig_memcpy(InP->%s, %s, mig_len);\n\t}\n",
			n, a->sh.max, a->sh.max, too_large(u), n, n);
		break;
	case SH_PORT:
		fprintf(f, "\tInP->%s.name = %s;\n\tInP->%s.disposition = %s;\n"
			"\tInP->%s.type = MACH_MSG_PORT_DESCRIPTOR;\n", n, src(a), n,
			a->sh.send_poly ? mig_printf("%sPoly", n) : gen_disp(a->sh.in_disp), n);
		break;
	case SH_PORT_ARRAY:
		if (a->sh.variable)
			fprintf(f, "\tif (%s > %uu)\n\t\t%s\n", cnt,
				a->sh.max, too_large(u));
		fprintf(f, "\tfor (unsigned mig_i = 0; mig_i < %uu; mig_i++) {\n"
			"\t\tInP->%s[mig_i].name = mig_i < %s ? %s[mig_i] : MACH_PORT_NULL;\n"
			"\t\tInP->%s[mig_i].disposition = %s;\n"
			"\t\tInP->%s[mig_i].type = MACH_MSG_PORT_DESCRIPTOR;\n\t}\n",
			a->sh.max, n, cnt, n, n, a->sh.send_poly ? mig_printf("%sPoly", n) :
			gen_disp(a->sh.in_disp), n);
		break;
	case SH_OOL:
	case SH_OOL_PORTS:
		pack_ool(u, a, cnt);
		break;
	case SH_VAR_INLINE:
		fprintf(f, "\tif (%s > %uu)\n\t\t%s\n", cnt, a->sh.max, too_large(u));
		break;
	case SH_VAR_CSTRING:
		fprintf(f, "\t{\n\t\tsize_t mig_len = mig_strnlen(%s, %uu);\n\n\t\tif (mig_len >= %uu)\n"
			"\t\t\t%s\n"
			"\t\tInP->%sCnt = (mach_msg_type_number_t)(mig_len + 1);\n\t}\n",
			n, a->sh.max, a->sh.max, too_large(u), n);
		break;
	}
	if (a->req_count && a->sh.shape != SH_VAR_CSTRING) {
		if (a->kind == AK_OUT)	/* countinout: the room the caller has */
			fprintf(f, "\tInP->%sCnt = *%sCnt < %uu ? *%sCnt : %uu;\n", n, n,
				a->sh.max ? a->sh.max : 0xffffffffu, n,
				a->sh.max ? a->sh.max : 0xffffffffu);
		else
			fprintf(f, "\tInP->%sCnt = %s;\n", n, cnt);
	}
}

static void pack_tail(const struct ustub *u)
{
	FILE *f = u->f;
	const struct mig_arg *first = gen_first_tail(u->rt, false);

	if (first == NULL) {
		fprintf(f, "\tmig_size = %s;\n", gen_fixed_size(u->s, u->rt, false));
		return;
	}
	fprintf(f, "\t{\n\t\tchar *mig_at = (char *)InP->%s;\n\n", first->name);
	for (const struct mig_arg *a = u->rt->args; a; a = a->next) {
		if (!a->in_request || !arg_is_tail(a))
			continue;
		fprintf(f, "\t\tsize_t mig_%s_len = (size_t)InP->%s * %uu;\n\n", a->name,
			arg_count_name(a), a->sh.size);
		fprintf(f, "\t\tmig_memcpy(mig_at, %s, mig_%s_len%s);\n", a->name, a->name,
			a->sh.shape == SH_VAR_CSTRING ? " - 1" : "");
		fprintf(f, "\t\tmig_memset(mig_at + mig_%s_len%s, 0, MIG_ROUND8(mig_%s_len) -"
			" mig_%s_len%s);\n", a->name, a->sh.shape == SH_VAR_CSTRING ? " - 1" : "",
			a->name, a->name, a->sh.shape == SH_VAR_CSTRING ? " + 1" : "");
		fprintf(f, "\t\tmig_at += MIG_ROUND8(mig_%s_len);\n", a->name);
	}
	fprintf(f, "\t\tmig_size = (mach_msg_size_t)(mig_at - (char *)InP);\n\t}\n");
}

static void pack_header(const struct ustub *u)
{
	FILE *f = u->f;
	const struct mig_routine *rt = u->rt;
	const struct mig_arg *rq = rt->request_port, *rp = rt->reply_port;
	const char *rq_disp = rq->sh.send_poly ? mig_printf("%sPoly", rq->name)
		: gen_disp(rq->sh.in_disp);
	const char *rp_name = "MACH_PORT_NULL", *rp_disp = "0";

	if (rp != NULL && rp->kind != AK_SREPLYPORT) {
		rp_name = rp->name;
		rp_disp = rp->sh.send_poly ? mig_printf("%sPoly", rp->name)
			: gen_disp(rp->sh.in_disp);
	} else if (!rt->simple) {
		rp_name = u->s->kernel_user ? "MACH_PORT_NULL" : "mig_reply";
		rp_disp = "MACH_MSG_TYPE_MAKE_SEND_ONCE";
	}
	fprintf(f, "\tInP->Head.msgh_bits = MACH_MSGH_BITS(%s, %s)%s;\n", rq_disp, rp_disp,
		gen_request_complex(rt) ? " | MACH_MSGH_BITS_COMPLEX" : "");
	fprintf(f, "\tInP->Head.msgh_size = mig_size;\n");
	fprintf(f, "\tInP->Head.msgh_remote_port = %s;\n", rq->name);
	fprintf(f, "\tInP->Head.msgh_local_port = %s;\n", rp_name);
	fprintf(f, "\tInP->Head.msgh_voucher_port = 0;\n");
	fprintf(f, "\tInP->Head.msgh_id = %s;\n", gen_msgid(u->s, rt));
}

static const char *timeout_expr(const struct mig_routine *rt)
{
	if (rt->waittime_arg)
		return rt->waittime_arg->name;
	if (rt->sendtime_arg)
		return rt->sendtime_arg->name;
	if (rt->waittime)
		return mig_printf("(%s)", rt->waittime);
	if (rt->sendtime)
		return mig_printf("(%s)", rt->sendtime);
	return "MACH_MSG_TIMEOUT_NONE";
}

static void send(const struct ustub *u)
{
	FILE *f = u->f;
	const struct mig_routine *rt = u->rt;
	const char *opts = rt->simple ? "MACH_SEND_MSG" : "MACH_SEND_MSG | MACH_RCV_MSG";
	bool own_reply = own_reply_port(u);

	if (u->s->kernel_user) {
		if (rt->simple)
			fprintf(f, "\tmsg_result = mach_msg_send_from_kernel(&InP->Head, mig_size);\n"
				"\treturn msg_result;\n");
		else
			fprintf(f, "\tmsg_result = mach_msg_rpc_from_kernel(&InP->Head, mig_size,\n"
				"\t\t(mach_msg_size_t)sizeof(Mess.Out));\n"
				"\tif (msg_result != MACH_MSG_SUCCESS)\n\t\treturn msg_result;\n");
		return;
	}
	if (rt->waittime_arg || rt->waittime)
		opts = mig_printf("%s | MACH_RCV_TIMEOUT", opts);
	if (rt->sendtime_arg || rt->sendtime)
		opts = mig_printf("%s | MACH_SEND_TIMEOUT", opts);
	if (rt->msgoption)
		opts = mig_printf("%s | (%s)", opts, rt->msgoption);
	if (rt->msgoption_arg)
		opts = mig_printf("%s | %s", opts, rt->msgoption_arg->name);
	if (!rt->simple)
		opts = mig_printf("%s | MACH_RCV_TRAILER_TYPE(MACH_MSG_TRAILER_FORMAT_0)", opts);
	if (rt->simple) {
		fprintf(f, "\tmsg_result = mach_msg_trap(&InP->Head, %s, mig_size, 0,\n"
			"\t\tMACH_PORT_NULL, %s);\n\treturn msg_result;\n",
			opts, timeout_expr(rt));
		return;
	}
	fprintf(f, "\tmsg_result = mach_msg_trap(&InP->Head, %s,\n\t\tmig_size,"
		" (mach_msg_size_t)sizeof(Mess.Out), %s, %s);\n", opts,
		own_reply ? "mig_reply" : rt->reply_port->name, timeout_expr(rt));
	fprintf(f, "\tif (msg_result != MACH_MSG_SUCCESS) {\n");
	if (own_reply)
		fprintf(f, "\t\t/* A reply may still come unless the request never left. */\n"
			"\t\tif ((msg_result & ~MACH_MSG_MASK) < MACH_RCV_IN_PROGRESS)\n"
			"\t\t\tmig_put_reply_port(mig_reply);\n\t\telse\n"
			"\t\t\tmig_dealloc_reply_port(mig_reply);\n");
	fprintf(f, "\t\treturn msg_result;\n\t}\n");
}

static void check_reply(const struct ustub *u)
{
	FILE *f = u->f;
	const char *id = gen_msgid(u->s, u->rt);

	fprintf(f, "\tif (OutP->Head.msgh_id != %s + 100) {\n"
		"\t\tmig_result = OutP->Head.msgh_id == MACH_NOTIFY_SEND_ONCE ?\n"
		"\t\t\tMIG_SERVER_DIED : MIG_REPLY_MISMATCH;\n"
		"\t\tmach_msg_destroy(&OutP->Head);\n\t\treturn mig_result;\n\t}\n", id);
	fprintf(f, "\tif (!(OutP->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) &&\n"
		"\t    OutP->Head.msgh_size == MIG_REPLY_ERROR_SIZE &&\n"
		"\t    Mess.Err.RetCode != KERN_SUCCESS)\n\t\treturn Mess.Err.RetCode;\n");
	gen_check_message(f, u->s, u->rt, true, "OutP", "goto mig_type_error;");
	if (!gen_reply_complex(u->rt))
		fprintf(f, "\tif (OutP->RetCode != KERN_SUCCESS)\n\t\treturn OutP->RetCode;\n");
}

static void unpack_var_inline(const struct ustub *u, const struct mig_arg *a)
{
	FILE *f = u->f;
	const char *n = a->name, *cnt = gen_count_expr(a, "OutP");

	if (a->kind == AK_OUT && arg_has_count_param(a)) {
		/* The caller's *nCnt says how much room it has. */
		fprintf(f, "\tif (%s > *%sCnt) {\n\t\tmig_memcpy(%s, mig_%s_at, (size_t)*%sCnt * %uu);\n"
			"\t\tmig_result = MIG_ARRAY_TOO_LARGE;\n\t} else {\n"
			"\t\tmig_memcpy(%s, mig_%s_at, (size_t)%s * %uu);\n\t}\n",
			cnt, n, n, n, n, a->sh.size, n, n, cnt, a->sh.size);
	} else {
		fprintf(f, "\tmig_memcpy(%s, mig_%s_at, (size_t)%s * %uu);\n", n, n, cnt,
			a->sh.size);
	}
}

static void unpack_arg(const struct ustub *u, const struct mig_arg *a)
{
	FILE *f = u->f;
	const char *n = a->name, *ct = arg_user_ctype(a);

	switch (a->sh.shape) {
	case SH_INLINE:
		if (gen_inline_is_c_array(a))
			fprintf(f, "\tmig_memcpy(%s, OutP->%s, sizeof(OutP->%s));\n", n, n, n);
		else if (a->type->form == MT_BASIC)
			fprintf(f, "\t*%s = OutP->%s;\n", n, n);
		else
			fprintf(f, "\tmig_memcpy(%s, &OutP->%s, sizeof(OutP->%s));\n", n, n, n);
		break;
	case SH_CSTRING:
		fprintf(f, "\tmig_memcpy(%s, OutP->%s, %uu);\n", n, n, a->sh.max);
		break;
	case SH_PORT:
		fprintf(f, "\t*%s = OutP->%s.name;\n", n, n);
		if (a->sh.recv_poly)
			fprintf(f, "\t*%sPoly = OutP->%s.disposition;\n", n, n);
		break;
	case SH_PORT_ARRAY:
		fprintf(f, "\tfor (unsigned mig_i = 0; mig_i < %s; mig_i++)\n"
			"\t\t%s[mig_i] = OutP->%s[mig_i].name;\n", gen_count_expr(a, "OutP"), n, n);
		if (a->sh.recv_poly)	/* the check made every slot agree */
			fprintf(f, "\t*%sPoly = OutP->%s[0].disposition;\n", n, n);
		break;
	case SH_OOL:
	case SH_OOL_PORTS:
		fprintf(f, "\t*%s = (%s)(uintptr_t)OutP->%s.address;\n", n, ct, n);
		if (a->sh.shape == SH_OOL_PORTS && a->sh.recv_poly)
			fprintf(f, "\t*%sPoly = OutP->%s.disposition;\n", n, n);
		break;
	case SH_VAR_INLINE:
		unpack_var_inline(u, a);
		break;
	case SH_VAR_CSTRING:
		fprintf(f, "\tmig_memcpy(%s, mig_%s_at, %s);\n", n, n, gen_count_expr(a, "OutP"));
		break;
	}
	if (arg_has_count_param(a))
		fprintf(f, "\t*%sCnt = OutP->%sCnt;\n", n, n);
}

static void locals(const struct ustub *u)
{
	FILE *f = u->f;
	const struct mig_routine *rt = u->rt;
	bool own_reply = own_reply_port(u);

	fprintf(f, "{\n\tunion {\n\t\t%s In;\n", gen_req_type(u->s, rt));
	if (!rt->simple)
		fprintf(f, "\t\tstruct {\n\t\t\t%s Out;\n\t\t\tmach_msg_max_trailer_t trailer;\n"
			"\t\t} Out;\n\t\tmig_reply_error_t Err;\n", gen_rep_type(u->s, rt));
	fprintf(f, "\t} Mess;\n\t%s *InP = &Mess.In;\n", gen_req_type(u->s, rt));
	if (!rt->simple)
		fprintf(f, "\t%s *OutP = &Mess.Out.Out;\n\tkern_return_t mig_result ="
			" KERN_SUCCESS;\n", gen_rep_type(u->s, rt));
	fprintf(f, "\tmach_msg_return_t msg_result;\n\tmach_msg_size_t mig_size;\n");
	if (own_reply)
		fprintf(f, "\tmach_port_t mig_reply;\n\n"
			"\t/* Before the clear: a call between it and the stores below would\n"
			"\t   keep the compiler from dropping the stores they overwrite. */\n"
			"\tmig_reply = mig_get_reply_port();\n");
	fprintf(f, "\n\tmig_memset(InP, 0, %s);\n", gen_fixed_size(u->s, rt, false));
	if (gen_request_complex(rt))
		fprintf(f, "\tInP->msgh_body.msgh_descriptor_count = %uu;\n", rt->req_descs);
}

/* The one way out for a request too large to send (too_large()). */
static void too_large_exit(const struct ustub *u)
{
	if (!*u->too_large_used)
		return;
	fprintf(u->f, "\nmig_too_large:\n");
	if (own_reply_port(u))
		fprintf(u->f, "\tmig_put_reply_port(mig_reply);\n");
	fprintf(u->f, "\treturn MIG_ARRAY_TOO_LARGE;\n");
}

static void user_stub(const struct ustub *u)
{
	FILE *f = u->f;
	const struct mig_routine *rt = u->rt;

	fprintf(f, "\n/* %s %s */\n", rt->simple ? "simpleroutine" : "routine", rt->name);
	gen_user_prototype(f, u->s, u->o, rt, false);
	locals(u);
	for (const struct mig_arg *a = rt->args; a; a = a->next)
		if (a->in_request || a->req_count)
			pack_arg(u, a);
	pack_tail(u);
	pack_header(u);
	send(u);
	if (rt->simple) {
		too_large_exit(u);
		fputs("}\n", f);
		return;
	}
	check_reply(u);
	if (rt->rep_tail) {
		fputs("\t{\n", f);
		gen_tail_positions(f, rt, true, "OutP", "const ");
		fputs("\t(void)mig_at;\n", f);
	}
	for (const struct mig_arg *a = rt->args; a; a = a->next)
		if (a->in_reply)
			unpack_arg(u, a);
	if (rt->rep_tail)
		fputs("\t}\n", f);
	fprintf(f, "\treturn mig_result;\n\nmig_type_error:\n"
		"\tmach_msg_destroy(&OutP->Head);\n\treturn MIG_TYPE_ERROR;\n");
	too_large_exit(u);
	fputs("}\n", f);
}

void gen_user(FILE *f, const struct mig_spec *s, const struct gen_options *o)
{
	gen_banner(f, o, "Client stubs.");
	fprintf(f, "#include %s\n", o->header_include);
	if (!s->kernel_user)
		fprintf(f, "#include <mach/mach_traps.h>\n");
	for (const struct mig_routine *rt = s->routines; rt; rt = rt->next) {
		bool too_large_used = false;
		struct ustub u = { f, s, o, rt, &too_large_used };

		if (!rt->skipped)
			user_stub(&u);
	}
}
