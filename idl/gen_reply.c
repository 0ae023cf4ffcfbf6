/*
 * <sub>Server.c, part two: packing a reply once the server function has
 * succeeded and its outputs have been checked (gen_server.c).
 *
 * Out values that need no translation were written straight into the
 * reply; the rest sit in mig_<name> locals.  Variable-size items were
 * written at their largest position and are moved down here, in order,
 * which never overlaps an item not yet moved.
 */
#include "gen.h"

#include "util.h"

/* Elements the server returned for an argument. */
static const char *server_count(const struct mig_arg *a)
{
	if (a->sh.shape == SH_VAR_CSTRING)
		return mig_printf("OutP->%sCnt", a->name);
	if (a->count_of)
		return mig_printf("mig_%sCnt", a->count_of->name);
	if (a->sh.variable)
		return mig_printf("mig_%sCnt", a->name);
	return mig_printf("%uu", a->sh.max);
}

static const char *translated(const struct mig_arg *a)
{
	if (a->type->outtran)
		return mig_printf("%s(mig_%s)", a->type->outtran, a->name);
	return mig_printf("mig_%s", a->name);
}

static void pack_ool(FILE *f, const struct mig_arg *a)
{
	const char *n = a->name, *cnt = server_count(a);
	const char *dealloc = (a->flags & AF_DEALLOC_RT) ? mig_printf("mig_%sDealloc", n)
		: (a->flags & AF_DEALLOC) ? "TRUE" : "FALSE";

	fprintf(f, "\tOutP->%s.address = (void *)(uintptr_t)mig_%s;\n", n, n);
	fprintf(f, "\tOutP->%s.deallocate = %s;\n", n, dealloc);
	fprintf(f, "\tOutP->%s.copy = %s;\n", n, (a->flags & AF_PHYSICALCOPY) ?
		"MACH_MSG_PHYSICAL_COPY" : "MACH_MSG_VIRTUAL_COPY");
	if (a->sh.shape == SH_OOL) {
		fprintf(f, "\tOutP->%s.size = (mach_msg_size_t)(%s * %uu);\n", n, cnt, a->sh.size);
		fprintf(f, "\tOutP->%s.type = MACH_MSG_OOL_DESCRIPTOR;\n", n);
	} else {
		fprintf(f, "\tOutP->%s.count = %s;\n", n, cnt);
		fprintf(f, "\tOutP->%s.disposition = %s;\n", n, a->sh.send_poly ?
			mig_printf("mig_%sPoly", n) : gen_disp(a->sh.in_disp));
		fprintf(f, "\tOutP->%s.type = MACH_MSG_OOL_PORTS_DESCRIPTOR;\n", n);
	}
}

static void pack_arg(FILE *f, const struct mig_arg *a)
{
	const char *n = a->name;

	switch (a->sh.shape) {
	case SH_INLINE:
		if (!gen_inline_is_c_array(a) &&
		    (a->type->outtran || a->type->intran || a->kind == AK_INOUT))
			fprintf(f, "\tOutP->%s = %s;\n", n, translated(a));
		break;
	case SH_PORT:
		fprintf(f, "\tOutP->%s.name = %s;\n\tOutP->%s.disposition = %s;\n"
			"\tOutP->%s.type = MACH_MSG_PORT_DESCRIPTOR;\n", n, translated(a), n,
			a->sh.send_poly ? mig_printf("mig_%sPoly", n) : gen_disp(a->sh.in_disp), n);
		break;
	case SH_PORT_ARRAY:
		fprintf(f, "\tfor (unsigned mig_i = 0; mig_i < %uu; mig_i++) {\n"
			"\t\tOutP->%s[mig_i].name = mig_i < %s ? mig_%s[mig_i] : MACH_PORT_NULL;\n"
			"\t\tOutP->%s[mig_i].disposition = %s;\n"
			"\t\tOutP->%s[mig_i].type = MACH_MSG_PORT_DESCRIPTOR;\n\t}\n",
			a->sh.max, n, server_count(a), n, n, a->sh.send_poly ?
			mig_printf("mig_%sPoly", n) : gen_disp(a->sh.in_disp), n);
		break;
	case SH_OOL:
	case SH_OOL_PORTS:
		pack_ool(f, a);
		break;
	default:
		break;
	}
	if (a->rep_count && a->sh.shape != SH_VAR_CSTRING)
		fprintf(f, "\tOutP->%sCnt = %s;\n", n, server_count(a));
}

static void pack_tail(FILE *f, const struct mig_spec *s, const struct mig_routine *rt)
{
	const struct mig_arg *first = gen_first_tail(rt, true);

	if (first == NULL) {
		fprintf(f, "\tOutP->Head.msgh_size = %s;\n", gen_fixed_size(s, rt, true));
		return;
	}
	fprintf(f, "\t{\n\t\tchar *mig_at = (char *)OutP->%s;\n", first->name);
	for (const struct mig_arg *a = rt->args; a; a = a->next) {
		if (!a->in_reply || !arg_is_tail(a))
			continue;
		if (a->sh.shape == SH_VAR_CSTRING)
			fprintf(f, "\t\tOutP->%sCnt = (mach_msg_type_number_t)"
				"(mig_strnlen(OutP->%s, %uu) + 1);\n", a->name, a->name, a->sh.max);
		fprintf(f, "\t\tsize_t mig_%s_len = (size_t)%s * %uu;\n\n", a->name,
			server_count(a), a->sh.size);
		fprintf(f, "\t\tmig_memmove(mig_at, OutP->%s, mig_%s_len);\n", a->name, a->name);
		fprintf(f, "\t\tmig_memset(mig_at + mig_%s_len, 0, MIG_ROUND8(mig_%s_len) - mig_%s_len);\n",
			a->name, a->name, a->name);
		fprintf(f, "\t\tmig_at += MIG_ROUND8(mig_%s_len);\n", a->name);
	}
	fprintf(f, "\t\tOutP->Head.msgh_size = (mach_msg_size_t)(mig_at - (char *)OutP);\n\t}\n");
}

void gen_server_pack_reply(FILE *f, const struct mig_spec *s,
			   const struct mig_routine *rt)
{
	for (const struct mig_arg *a = rt->args; a; a = a->next)
		if (a->in_reply)
			pack_arg(f, a);
	pack_tail(f, s, rt);
	if (gen_reply_complex(rt))
		fprintf(f, "\tOutP->Head.msgh_bits |= MACH_MSGH_BITS_COMPLEX;\n"
			"\tOutP->msgh_body.msgh_descriptor_count = %uu;\n", rt->rep_descs);
	else
		fprintf(f, "\tOutP->RetCode = KERN_SUCCESS;\n");
}
