/*
 * <sub>Server.c, part one: the per-routine stubs.
 *
 * A stub is decode-then-invoke: <routine>_check() validates the whole
 * request and may fail (MIG_BAD_ARGUMENTS, MIG_TRAILER_ERROR) before
 * anything else happens; then the stub translates arguments (intran),
 * calls the server function, releases translations (destructor) and packs
 * the reply.  On any failure the stub leaves the short error reply that the
 * demux prepared and takes nothing from the request: the receive loop then
 * destroys the request, which releases its rights and memory (docs/idl.md).
 */
#include "gen.h"

#include <stdarg.h>

#include "util.h"

struct sstub {
	FILE *f;
	const struct mig_spec *s;
	const struct mig_routine *rt;
};

static const char *trailer_type(const struct mig_routine *rt)
{
	if (rt->audittoken_arg)
		return "mach_msg_audit_trailer_t";
	if (rt->sectoken_arg)
		return "mach_msg_security_trailer_t";
	if (rt->seqno_arg)
		return "mach_msg_seqno_trailer_t";
	return NULL;
}

static void trailer_pointer(FILE *f, const char *type)
{
	fprintf(f, "\tconst %s *mig_trailer = (const %s *)(const void *)\n"
		"\t\t((const char *)In0P + In0P->Head.msgh_size);\n", type, type);
}

static void check_function(const struct sstub *st)
{
	FILE *f = st->f;
	const char *tt = trailer_type(st->rt);

	fprintf(f, "\n/* Everything about the request, before any of it is used. */\n"
		"static kern_return_t %s_%s_check(const %s *In0P)\n{\n", st->s->subsystem,
		st->rt->name, gen_req_type(st->s, st->rt));
	gen_check_message(f, st->s, st->rt, false, "In0P", "return MIG_BAD_ARGUMENTS;");
	if (tt != NULL) {
		fputs("\t{\n", f);
		trailer_pointer(f, tt);
		fprintf(f, "\tif (mig_trailer->msgh_trailer_type != MACH_MSG_TRAILER_FORMAT_0 ||\n"
			"\t    mig_trailer->msgh_trailer_size < sizeof(%s))\n"
			"\t\treturn MIG_TRAILER_ERROR;\n\t}\n", tt);
	}
	fputs("\treturn KERN_SUCCESS;\n}\n", f);
}

/* Values the server function writes that cannot go straight into the reply. */
static bool needs_local(const struct mig_arg *a)
{
	const struct mig_type *t = a->type;

	if (!a->in_reply && !(a->in_request && t->intran))
		return a->sh.shape == SH_PORT_ARRAY;
	switch (a->sh.shape) {
	case SH_INLINE:
		return !gen_inline_is_c_array(a) &&
		       (t->intran || t->outtran || a->kind == AK_INOUT);
	case SH_PORT:
	case SH_PORT_ARRAY:
	case SH_OOL:
	case SH_OOL_PORTS:
		return true;
	default:
		return false;
	}
}

static void declare_locals(const struct sstub *st)
{
	FILE *f = st->f;

	for (const struct mig_arg *a = st->rt->args; a; a = a->next) {
		const char *ct = arg_server_ctype(a);

		if (a->kind == AK_REQUESTPORT || a->kind == AK_REPLYPORT ||
		    a->kind == AK_SREPLYPORT) {
			if (a->type->intran)
				fprintf(f, "\t%s mig_%s;\n", ct, a->name);
			continue;
		}
		if (needs_local(a)) {
			if (a->sh.shape == SH_PORT_ARRAY)
				fprintf(f, "\t%s mig_%s[%u];\n", type_elem_cname(&a->sh),
					a->name, a->sh.max);
			else
				fprintf(f, "\t%s mig_%s;\n", ct, a->name);
		}
		if (a->in_reply && gen_has_disposition(a) && a->sh.send_poly)
			fprintf(f, "\tmach_msg_type_name_t mig_%sPoly = %s;\n", a->name,
				"MACH_MSG_TYPE_MOVE_SEND");
		if (a->in_reply && arg_has_count_param(a))
			fprintf(f, "\tmach_msg_type_number_t mig_%sCnt;\n", a->name);
		if (a->in_reply && (a->flags & AF_DEALLOC_RT))
			fprintf(f, "\tboolean_t mig_%sDealloc = FALSE;\n", a->name);
	}
}

/* Copy in-values of inout arguments, set out counts, run intran. */
static void prepare_args(const struct sstub *st)
{
	FILE *f = st->f;

	for (const struct mig_arg *a = st->rt->args; a; a = a->next) {
		const char *n = a->name, *in = a->type->intran;
		bool header = a->kind == AK_REQUESTPORT || a->kind == AK_REPLYPORT ||
			      a->kind == AK_SREPLYPORT;

		if (header && in)
			fprintf(f, "\tmig_%s = %s(In0P->Head.msgh_%s_port);\n", n, in,
				a->kind == AK_REQUESTPORT ? "local" : "remote");
		if (header || !a->in_request)
			goto counts;
		switch (a->sh.shape) {
		case SH_INLINE:
			if (needs_local(a))
				fprintf(f, "\tmig_%s = %s%sIn0P->%s%s;\n", n, in ? in : "",
					in ? "(" : "", n, in ? ")" : "");
			else if (a->in_reply)
				fprintf(f, "\tmig_memcpy(&OutP->%s, &In0P->%s, sizeof(OutP->%s));\n",
					n, n, n);
			break;
		case SH_CSTRING:
			if (a->in_reply)
				fprintf(f, "\tmig_memcpy(OutP->%s, In0P->%s, %uu);\n", n, n, a->sh.max);
			break;
		case SH_PORT:
			if (needs_local(a))
				fprintf(f, "\tmig_%s = %s%sIn0P->%s.name%s;\n", n, in ? in : "",
				in ? "(" : "", n, in ? ")" : "");
			break;
		case SH_PORT_ARRAY:
			fprintf(f, "\tfor (unsigned mig_i = 0; mig_i < %s; mig_i++)\n"
				"\t\tmig_%s[mig_i] = In0P->%s[mig_i].name;\n",
				gen_count_expr(a, "In0P"), n, n);
			break;
		case SH_OOL:
			if (a->in_reply)
				fprintf(f, "\tmig_%s = (%s)(uintptr_t)In0P->%s.address;\n", n,
					arg_server_ctype(a), n);
			break;
		case SH_VAR_INLINE:
		case SH_VAR_CSTRING:
			if (a->in_reply)
				fprintf(f, "\tmig_memcpy(OutP->%s, mig_%s_at, (size_t)%s * %uu);\n", n,
					n, gen_count_expr(a, "In0P"), a->sh.size);
			break;
		default:
			break;
		}
counts:
		if (!a->in_reply || !arg_has_count_param(a))
			continue;
		if (a->in_request)
			fprintf(f, "\tmig_%sCnt = In0P->%sCnt;\n", n, n);
		else if (a->flags & AF_COUNTINOUT)
			fprintf(f, "\tmig_%sCnt = In0P->%sCnt < %uu ? In0P->%sCnt : %uu;\n", n, n,
				a->sh.max ? a->sh.max : 0xffffffffu, n,
				a->sh.max ? a->sh.max : 0xffffffffu);
		else
			fprintf(f, "\tmig_%sCnt = %uu;\n", n, a->sh.max);
	}
}

struct call {
	FILE *f;
	bool first;
	unsigned argc;
};

static void call_arg(struct call *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void call_arg(struct call *c, const char *fmt, ...)
{
	va_list ap;

	fputs(c->first ? "\n\t\t" : ",\n\t\t", c->f);
	c->first = false;
	c->argc++;
	va_start(ap, fmt);
	vfprintf(c->f, fmt, ap);
	va_end(ap);
}

/* The value passed for a data argument (mirrors data_params()). */
static void data_arg(struct call *c, const struct mig_arg *a)
{
	const char *n = a->name, *ct = arg_server_ctype(a);
	bool out = a->in_reply, ptr = out && gen_out_by_pointer(a);

	if (needs_local(a))
		call_arg(c, "%smig_%s", ptr ? "&" : "", n);
	else if (a->sh.shape == SH_OOL || a->sh.shape == SH_OOL_PORTS)
		call_arg(c, "(%s)(uintptr_t)In0P->%s.address", ct, n);
	else if (a->sh.shape == SH_VAR_INLINE || a->sh.shape == SH_VAR_CSTRING)
		call_arg(c, "(void *)%s", out ? mig_printf("OutP->%s", n) : mig_printf("mig_%s_at", n));
	else if (a->sh.shape == SH_INLINE && ptr)
		call_arg(c, "&OutP->%s", n);
	else if (a->sh.shape == SH_PORT)
		call_arg(c, "In0P->%s.name", n);
	else
		call_arg(c, "%s->%s", out ? "OutP" : "In0P", n);
	if (gen_has_disposition(a) && a->sh.send_poly && out)
		call_arg(c, "&mig_%sPoly", n);
	if (gen_has_disposition(a) && a->sh.recv_poly && a->in_request)
		call_arg(c, a->sh.shape == SH_PORT_ARRAY ? "In0P->%s[0].disposition" :
			 "In0P->%s.disposition", n);
	if (arg_has_count_param(a))
		call_arg(c, out ? "&mig_%sCnt" : "In0P->%sCnt", n);
	if ((a->flags & AF_DEALLOC_RT) && out)
		call_arg(c, "&mig_%sDealloc", n);
	if (a->flags & AF_SERVERCOPY)
		call_arg(c, "In0P->%s.copy == MACH_MSG_PHYSICAL_COPY", n);
}

static unsigned call_server(const struct sstub *st)
{
	struct call c = { st->f, true, 0 };

	fprintf(st->f, "\tRetCode = %s(", gen_server_name(st->s, st->rt));
	for (const struct mig_arg *a = st->rt->args; a; a = a->next) {
		switch (a->kind) {
		case AK_REQUESTPORT:
			call_arg(&c, a->type->intran ? "mig_%s" : "In0P->Head.msgh_local_port", a->name);
			break;
		case AK_REPLYPORT:
		case AK_SREPLYPORT:
			call_arg(&c, a->type->intran ? "mig_%s" : "In0P->Head.msgh_remote_port", a->name);
			if (a->sh.recv_poly)
				call_arg(&c, "MACH_MSGH_BITS_REMOTE(In0P->Head.msgh_bits)");
			break;
		case AK_MSGSEQNO:
			call_arg(&c, "mig_trailer->msgh_seqno");
			break;
		case AK_SERVERSECTOKEN:
			call_arg(&c, "mig_trailer->msgh_sender");
			break;
		case AK_SERVERAUDITTOKEN:
			call_arg(&c, "mig_trailer->msgh_audit");
			break;
		case AK_IN:
		case AK_OUT:
		case AK_INOUT:
			data_arg(&c, a);
			break;
		default:
			break;
		}
	}
	fputs(c.first ? ");\n" : ");\n", st->f);
	return c.argc;
}

static void destructors(const struct sstub *st)
{
	for (const struct mig_arg *a = st->rt->args; a; a = a->next) {
		bool translated = a->type->intran &&
			(a->in_request || a->kind == AK_REQUESTPORT ||
			 a->kind == AK_REPLYPORT || a->kind == AK_SREPLYPORT);

		if (translated && a->type->destructor)
			fprintf(st->f, "\t%s(mig_%s);\n", a->type->destructor, a->name);
	}
}

/* The server's outputs must fit the reply before any of it is packed. */
static void check_outputs(const struct sstub *st)
{
	FILE *f = st->f;

	for (const struct mig_arg *a = st->rt->args; a; a = a->next) {
		if (!a->in_reply)
			continue;
		if (a->sh.variable && a->sh.shape != SH_VAR_CSTRING && a->sh.max > 0)
			fprintf(f, "\tif (mig_%sCnt > %uu) {\n\t\tmig_err->RetCode ="
				" MIG_ARRAY_TOO_LARGE;\n\t\treturn;\n\t}\n",
				a->count_of ? a->count_of->name : a->name, a->sh.max);
		if (a->sh.shape == SH_CSTRING || a->sh.shape == SH_VAR_CSTRING)
			fprintf(f, "\tif (memchr(OutP->%s, 0, %uu) == NULL) {\n\t\tmig_err->RetCode"
				" = MIG_ARRAY_TOO_LARGE;\n\t\treturn;\n\t}\n", a->name, a->sh.max);
		if (a->sh.shape == SH_OOL && a->sh.max == 0 && arg_has_count_param(a))
			fprintf(f, "\tif ((uint64_t)mig_%sCnt * %uu > 0xffffffffu) {\n"
				"\t\tmig_err->RetCode = MIG_ARRAY_TOO_LARGE;\n\t\treturn;\n\t}\n",
				a->name, a->sh.size);
	}
}

void gen_server_pack_reply(FILE *f, const struct mig_spec *s,
			   const struct mig_routine *rt);

static void server_stub(const struct sstub *st, unsigned *argc)
{
	FILE *f = st->f;
	const struct mig_routine *rt = st->rt;
	const char *tt = trailer_type(rt);

	check_function(st);
	fprintf(f, "\nstatic void %s_%s_stub(mach_msg_header_t *InHeadP,"
		" mach_msg_header_t *OutHeadP)\n{\n", st->s->subsystem, rt->name);
	fprintf(f, "\t%s *In0P = (%s *)(void *)InHeadP;\n", gen_req_type(st->s, rt),
		gen_req_type(st->s, rt));
	if (!rt->simple)
		fprintf(f, "\t%s *OutP = (%s *)(void *)OutHeadP;\n", gen_rep_type(st->s, rt),
			gen_rep_type(st->s, rt));
	fprintf(f, "\tmig_reply_error_t *mig_err = (mig_reply_error_t *)(void *)OutHeadP;\n"
		"\tkern_return_t RetCode;\n");
	declare_locals(st);
	fprintf(f, "\n\tRetCode = %s_%s_check(In0P);\n\tif (RetCode != KERN_SUCCESS) {\n"
		"\t\tmig_err->RetCode = RetCode;\n\t\treturn;\n\t}\n", st->s->subsystem, rt->name);
	fputs("\t{\n", f);
	if (tt != NULL)
		trailer_pointer(f, tt);
	if (rt->req_tail) {
		gen_tail_positions(f, rt, false, "In0P", "");
		fputs("\t(void)mig_at;\n", f);
	}
	if (!rt->simple)
		fprintf(f, "\t/* Nothing of an earlier message may leak into this reply. */\n"
			"\tmig_memset((char *)OutP + sizeof(mach_msg_header_t), 0,\n\t\t%s -"
			" sizeof(mach_msg_header_t));\n", gen_fixed_size(st->s, rt, true));
	prepare_args(st);
	*argc = call_server(st);
	fputs("\t}\n", f);
	destructors(st);
	fprintf(f, "\tif (RetCode != KERN_SUCCESS) {\n\t\tmig_err->RetCode = RetCode;\n"
		"\t\treturn;\n\t}\n");
	if (rt->simple) {
		fprintf(f, "\t/* A simpleroutine has no reply. */\n"
			"\tmig_err->RetCode = MIG_NO_REPLY;\n}\n");
		return;
	}
	check_outputs(st);
	gen_server_pack_reply(f, st->s, rt);
	fputs("}\n", f);
}

static void demux(FILE *f, const struct mig_spec *s, const unsigned *argc)
{
	const char *dm = gen_demux_name(s);
	unsigned n = gen_routine_count(s);
	unsigned i = 0;

	fprintf(f, "\nmig_routine_t %s_routine(mach_msg_header_t *InHeadP);\n\n"
		"const struct %s_subsystem %s_subsystem = {\n"
		"\t{ %s_routine, %u, %u, %s_MAX_MSG_SIZE },\n\t{\n",
		dm, s->subsystem, s->subsystem, dm, s->base, s->base + n, s->subsystem);
	for (const struct mig_routine *rt = s->routines; rt; rt = rt->next, i++) {
		if (rt->skipped)
			fprintf(f, "\t\t{ 0, 0, 0, 0 },\n");
		else
			fprintf(f, "\t\t{ %s_%s_stub, %u, %u, (mach_msg_size_t)sizeof(%s) },\n",
				s->subsystem, rt->name, argc[i], rt->req_descs,
				rt->simple ? "mig_reply_error_t" : gen_rep_type(s, rt));
	}
	if (n == 0)
		fprintf(f, "\t\t{ 0, 0, 0, 0 },\n");
	fprintf(f, "\t}\n};\n");
	fprintf(f, "\n/* The stub for a request id, or NULL if the id is not ours. */\n"
		"mig_routine_t %s_routine(mach_msg_header_t *InHeadP)\n{\n"
		"\tuint32_t mig_index = (uint32_t)InHeadP->msgh_id - %uu;\n\n"
		"\tif (mig_index >= %uu)\n\t\treturn 0;\n"
		"\treturn %s_subsystem.routine[mig_index].stub_routine;\n}\n",
		dm, s->base, n, s->subsystem);
	fprintf(f, "\n/*\n * Serve one request: returns FALSE (with a MIG_BAD_ID error reply)"
		" if the\n * id is not ours.  The reply is a short error reply until a stub"
		" succeeds.\n */\nboolean_t %s(mach_msg_header_t *InHeadP,"
		" mach_msg_header_t *OutHeadP)\n{\n"
		"\tmig_reply_error_t *mig_err = (mig_reply_error_t *)(void *)OutHeadP;\n"
		"\tmig_routine_t mig_routine;\n\n"
		"\tOutHeadP->msgh_bits = MACH_MSGH_BITS(MACH_MSGH_BITS_REMOTE(InHeadP->msgh_bits), 0);\n"
		"\tOutHeadP->msgh_remote_port = InHeadP->msgh_remote_port;\n"
		"\tOutHeadP->msgh_size = MIG_REPLY_ERROR_SIZE;\n"
		"\tOutHeadP->msgh_local_port = MACH_PORT_NULL;\n"
		"\tOutHeadP->msgh_voucher_port = 0;\n"
		"\tOutHeadP->msgh_id = (mach_msg_id_t)((uint32_t)InHeadP->msgh_id + 100u);\n"
		"\tmig_err->RetCode = KERN_SUCCESS;\n\n"
		"\tmig_routine = %s_routine(InHeadP);\n\tif (mig_routine == 0) {\n"
		"\t\tmig_err->RetCode = MIG_BAD_ID;\n\t\treturn FALSE;\n\t}\n"
		"\tmig_routine(InHeadP, OutHeadP);\n\treturn TRUE;\n}\n", dm, dm);
}

void gen_server(FILE *f, const struct mig_spec *s, const struct gen_options *o)
{
	unsigned n = gen_routine_count(s), i = 0;
	unsigned *argc = mig_alloc(sizeof(unsigned) * (n + 1));

	gen_banner(f, o, "Server stubs and demux.");
	fprintf(f, "#include <stddef.h>\n#include <stdint.h>\n#include <string.h>\n"
		"#include <mach/std_types.h>\n#include <mach/kern_return.h>\n"
		"#include <mach/port.h>\n#include <mach/message.h>\n"
		"#include <mach/notify.h>\n#include <mach/mig_errors.h>\n");
	gen_imports(f, s, false, true);
	gen_layouts(f, s);
	fputs("\n/* Implemented by the server. */\n", f);
	for (const struct mig_routine *rt = s->routines; rt; rt = rt->next)
		if (!rt->skipped)
			gen_server_prototype(f, s, rt, true);
	fprintf(f, "\nboolean_t %s(mach_msg_header_t *InHeadP, mach_msg_header_t *OutHeadP);\n",
		gen_demux_name(s));
	for (const struct mig_routine *rt = s->routines; rt; rt = rt->next, i++) {
		struct sstub st = { f, s, rt };

		if (!rt->skipped)
			server_stub(&st, &argc[i]);
	}
	demux(f, s, argc);
}
