/*
 * Message checks, shared by the server stubs (checking a request) and the
 * user stubs (checking a reply).
 *
 * The checks run in an order that never reads beyond what an earlier check
 * proved present: the COMPLEX bit and the size of the fixed part first
 * (the header says how many bytes arrived), then the descriptors the fixed
 * part holds, then counts against bounds, then the exact size against the
 * counts, and only then the data at the tail (string termination).
 */
#include "gen.h"

#include <stdarg.h>

#include "util.h"

struct check {
	FILE *f;
	const struct mig_spec *s;
	const struct mig_routine *rt;
	bool reply;
	const char *p;		/* the message pointer's name */
	const char *fail;	/* statement run on failure */
};

static bool carried(const struct check *c, const struct mig_arg *a)
{
	return c->reply ? a->in_reply : a->in_request;
}

static void fail_if(const struct check *c, const char *cond_fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fail_if(const struct check *c, const char *cond_fmt, ...)
{
	va_list ap;

	fputs("\tif (", c->f);
	va_start(ap, cond_fmt);
	vfprintf(c->f, cond_fmt, ap);
	va_end(ap);
	fprintf(c->f, ")\n\t\t%s\n", c->fail);
}

/* C expression for the number of elements an argument carries. */
const char *gen_count_expr(const struct mig_arg *a, const char *p)
{
	if (a->sh.variable)
		return mig_printf("%s->%s", p, arg_count_name(a));
	return mig_printf("%uu", a->sh.max);
}

static const char *disp_check(const struct mig_shape_info *sh, const char *field)
{
	if (sh->recv_poly)
		return mig_printf("!MACH_MSG_TYPE_PORT_ANY_RIGHT(%s.disposition)", field);
	return mig_printf("%s.disposition != %s", field, gen_disp(sh->out_disp));
}

static void check_descriptor(const struct check *c, const struct mig_arg *a)
{
	const char *d = mig_printf("%s->%s", c->p, a->name);

	switch (a->sh.shape) {
	case SH_PORT:
		fail_if(c, "%s.type != MACH_MSG_PORT_DESCRIPTOR ||\n\t    %s", d,
			disp_check(&a->sh, d));
		break;
	case SH_PORT_ARRAY:
		fprintf(c->f, "\tfor (unsigned mig_i = 0; mig_i < %uu; mig_i++)\n\t", a->sh.max);
		fail_if(c, "%s[mig_i].type != MACH_MSG_PORT_DESCRIPTOR ||\n\t    %s%s", d,
			disp_check(&a->sh, mig_printf("%s[mig_i]", d)), a->sh.recv_poly ?
			mig_printf(" ||\n\t    %s[mig_i].disposition != %s[0].disposition", d, d) :
			"");
		break;
	case SH_OOL:
		fail_if(c, "%s.type != MACH_MSG_OOL_DESCRIPTOR", d);
		break;
	case SH_OOL_PORTS:
		fail_if(c, "%s.type != MACH_MSG_OOL_PORTS_DESCRIPTOR ||\n\t    %s", d,
			disp_check(&a->sh, d));
		break;
	default:
		break;
	}
}

static void check_header(const struct check *c)
{
	bool complex = c->reply ? gen_reply_complex(c->rt) : gen_request_complex(c->rt);
	unsigned descs = c->reply ? c->rt->rep_descs : c->rt->req_descs;
	bool tail = c->reply ? c->rt->rep_tail : c->rt->req_tail;
	const char *fixed = gen_fixed_size(c->s, c->rt, c->reply);

	fail_if(c, "%s(%s->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX)", complex ? "!" : "",
		c->p);
	fail_if(c, "%s->Head.msgh_size %s %s", c->p, tail ? "<" : "!=", fixed);
	if (complex)
		fail_if(c, "%s->msgh_body.msgh_descriptor_count != %uu", c->p, descs);
}

/* Counts within bounds, and agreeing with what their descriptors say. */
static void check_counts(const struct check *c, const struct mig_arg *a)
{
	const char *n = gen_count_expr(a, c->p);
	const char *d = mig_printf("%s->%s", c->p, a->name);

	if (a->sh.variable && a->sh.max > 0)
		fail_if(c, "%s > %uu", n, a->sh.max);
	if (a->sh.shape == SH_VAR_CSTRING)
		fail_if(c, "%s < 1u", n);
	if (a->sh.shape == SH_OOL)
		fail_if(c, "(uint64_t)%s * %uu != %s.size", n, a->sh.size, d);
	if (a->sh.shape == SH_OOL_PORTS)
		fail_if(c, "%s != %s.count", n, d);
	if (a->sh.shape == SH_PORT_ARRAY && a->sh.variable) {
		/* Unused slots must hold no right, or it would leak. */
		fprintf(c->f, "\tfor (unsigned mig_i = %s; mig_i < %uu; mig_i++)\n\t", n,
			a->sh.max);
		fail_if(c, "%s[mig_i].name != MACH_PORT_NULL", d);
	}
}

/* Emit "const char *mig_<name>_at" for each tail item; returns whether any. */
bool gen_tail_positions(FILE *f, const struct mig_routine *rt, bool reply,
			const char *p, const char *qual)
{
	const struct mig_arg *first = gen_first_tail(rt, reply);

	if (first == NULL)
		return false;
	fprintf(f, "\t%schar *mig_at = (%schar *)%s->%s;\n", qual, qual, p, first->name);
	for (const struct mig_arg *a = rt->args; a; a = a->next) {
		if (!(reply ? a->in_reply : a->in_request) || !arg_is_tail(a))
			continue;
		fprintf(f, "\t%schar *mig_%s_at = mig_at;\n\t(void)mig_%s_at;\n", qual,
			a->name, a->name);
		fprintf(f, "\tmig_at += MIG_ROUND8((size_t)%s * %uu);\n",
			gen_count_expr(a, p), a->sh.size);
	}
	return true;
}

void gen_check_message(FILE *f, const struct mig_spec *s, const struct mig_routine *rt,
		       bool reply, const char *p, const char *fail)
{
	struct check c = { f, s, rt, reply, p, fail };

	check_header(&c);
	for (const struct mig_arg *a = rt->args; a; a = a->next)
		if (carried(&c, a))
			check_descriptor(&c, a);
	for (const struct mig_arg *a = rt->args; a; a = a->next)
		if (carried(&c, a))
			check_counts(&c, a);
	for (const struct mig_arg *a = rt->args; a; a = a->next)
		if (carried(&c, a) && a->sh.shape == SH_CSTRING)
			fail_if(&c, "memchr(%s->%s, 0, %uu) == NULL", p, a->name, a->sh.max);
	if (!(reply ? rt->rep_tail : rt->req_tail))
		return;
	fputs("\t{\n", f);
	gen_tail_positions(f, rt, reply, p, "const ");
	fprintf(f, "\t(void)mig_at;\n");
	fail_if(&c, "%s->Head.msgh_size != (mach_msg_size_t)(mig_at - (const char *)%s)",
		p, p);
	for (const struct mig_arg *a = rt->args; a; a = a->next)
		if (carried(&c, a) && a->sh.shape == SH_VAR_CSTRING)
			fail_if(&c, "mig_%s_at[%s - 1] != '\\0'", a->name,
				gen_count_expr(a, p));
	fputs("\t}\n", f);
}
