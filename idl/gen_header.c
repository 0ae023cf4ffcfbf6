/*
 * Headers: <sub>.h for clients (layouts, ids, user prototypes), and the
 * optional server (-sheader) and internal (-iheader) headers.
 */
#include "gen.h"

static void gen_includes(FILE *f)
{
	fprintf(f, "#include <stddef.h>\n#include <stdint.h>\n#include <string.h>\n"
		"#include <mach/std_types.h>\n#include <mach/kern_return.h>\n"
		"#include <mach/port.h>\n#include <mach/message.h>\n"
		"#include <mach/notify.h>\n#include <mach/mig_errors.h>\n");
}

void gen_header(FILE *f, const struct mig_spec *s, const struct gen_options *o)
{
	gen_banner(f, o, "Client interface: message layouts and user stubs.");
	fprintf(f, "#ifndef _%s_user_\n#define _%s_user_\n\n", s->subsystem, s->subsystem);
	if (s->rcsid)
		fprintf(f, "/* %s */\n", s->rcsid);
	gen_includes(f);
	gen_imports(f, s, true, false);
	gen_layouts(f, s);
	fputs("\n", f);
	for (const struct mig_routine *rt = s->routines; rt; rt = rt->next) {
		if (rt->skipped)
			continue;
		fprintf(f, "/* %s %s */\n", rt->simple ? "simpleroutine" : "routine", rt->name);
		gen_user_prototype(f, s, o, rt, true);
		fputs("\n", f);
	}
	fprintf(f, "#endif /* _%s_user_ */\n", s->subsystem);
}

/* Everything a server's receive loop and its implementation need. */
void gen_server_header(FILE *f, const struct mig_spec *s,
		       const struct gen_options *o)
{
	gen_banner(f, o, "Server interface: demux, routine table and server functions.");
	fprintf(f, "#ifndef _%s_server_\n#define _%s_server_\n\n", s->subsystem, s->subsystem);
	gen_includes(f);
	gen_imports(f, s, false, true);
	gen_layouts(f, s);
	fputs("\n", f);
	for (const struct mig_routine *rt = s->routines; rt; rt = rt->next) {
		if (rt->skipped)
			continue;
		gen_server_prototype(f, s, rt, true);
		fputs("\n", f);
	}
	fprintf(f, "extern boolean_t %s(mach_msg_header_t *InHeadP,"
		" mach_msg_header_t *OutHeadP);\n", gen_demux_name(s));
	fprintf(f, "extern mig_routine_t %s_routine(mach_msg_header_t *InHeadP);\n",
		gen_demux_name(s));
	fprintf(f, "extern const struct %s_subsystem %s_subsystem;\n", s->subsystem,
		s->subsystem);
	fprintf(f, "\n#endif /* _%s_server_ */\n", s->subsystem);
}
