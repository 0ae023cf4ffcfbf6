/*
 * harbor-mig: a MIG-compatible interface generator for Harbor.
 *
 *	harbor-mig [options] file.defs
 *
 * Runs cpp over the file, parses it (lexer.l, parser.y), checks every
 * routine (routine.c) and, only if there were no errors, writes the header,
 * user and server files (gen_*.c) all at once (output.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpp.h"
#include "diag.h"
#include "gen.h"
#include "output.h"
#include "spec.h"
#include "types.h"
#include "util.h"

#define DEP_PLACEHOLDER "HARBOR_MIG_OUTPUTS"

struct options {
	const char *input;
	const char *user, *server, *header, *sheader, *iheader;
	bool only_given;		/* -n */
	bool no_cpp;			/* -nocpp: the input is already preprocessed */
	bool deps;			/* -MD */
	const char *depfile;		/* -MF */
	struct cpp_run cpp;
	struct gen_options gen;
};

static void usage(FILE *f)
{
	fputs("usage: harbor-mig [options] file.defs\n"
	      "  -user FILE      client stubs (default <subsystem>User.c)\n"
	      "  -server FILE    server stubs (default <subsystem>Server.c)\n"
	      "  -header FILE    client header (default <subsystem>.h)\n"
	      "  -sheader FILE   server header\n"
	      "  -iheader FILE   server function prototypes\n"
	      "  -prefix P       prefix of client function names (as userprefix)\n"
	      "  -subrprefix P   extra prefix of client function names\n"
	      "  -n              write only the files named on the command line\n"
	      "  -q / -Q         no warnings / warnings (default)\n"
	      "  -MD [-MF FILE]  write make dependencies (default <input>.d)\n"
	      "  -cc COMMAND     preprocessor command (default \"cc -E -x c\")\n"
	      "  -nocpp          the input is already preprocessed\n"
	      "  other -options  (-I, -D, -U, ...) are passed to the preprocessor\n", f);
}

static bool take_value(int argc, char **argv, int *i, const char **slot)
{
	if (*i + 1 >= argc) {
		diag_fatal("option %s needs a value", argv[*i]);
		return false;
	}
	*slot = argv[++*i];
	return true;
}

static bool parse_options(int argc, char **argv, struct options *o)
{
	o->cpp.command = getenv("HARBOR_MIG_CPP") ? getenv("HARBOR_MIG_CPP") : "cc -E -x c";
	o->cpp.flags = mig_alloc(sizeof(char *) * (size_t)argc);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool ok = true;

		if (strcmp(a, "-user") == 0) ok = take_value(argc, argv, &i, &o->user);
		else if (strcmp(a, "-server") == 0) ok = take_value(argc, argv, &i, &o->server);
		else if (strcmp(a, "-header") == 0) ok = take_value(argc, argv, &i, &o->header);
		else if (strcmp(a, "-sheader") == 0) ok = take_value(argc, argv, &i, &o->sheader);
		else if (strcmp(a, "-iheader") == 0) ok = take_value(argc, argv, &i, &o->iheader);
		else if (strcmp(a, "-prefix") == 0) ok = take_value(argc, argv, &i, &o->gen.user_prefix);
		else if (strcmp(a, "-subrprefix") == 0) ok = take_value(argc, argv, &i, &o->gen.subr_prefix);
		else if (strcmp(a, "-cc") == 0) ok = take_value(argc, argv, &i, &o->cpp.command);
		else if (strcmp(a, "-MF") == 0) ok = take_value(argc, argv, &i, &o->depfile);
		else if (strcmp(a, "-MD") == 0) o->deps = true;
		else if (strcmp(a, "-n") == 0) o->only_given = true;
		else if (strcmp(a, "-nocpp") == 0) o->no_cpp = true;
		else if (strcmp(a, "-q") == 0) diag_set_quiet(true);
		else if (strcmp(a, "-Q") == 0) diag_set_quiet(false);
		else if (strcmp(a, "-v") == 0 || strcmp(a, "-V") == 0 || strcmp(a, "-s") == 0 ||
			 strcmp(a, "-S") == 0) ;	/* MIG's verbosity/symtab flags: no effect */
		else if (strcmp(a, "--help") == 0) { usage(stdout); exit(0); }
		else if (strcmp(a, "--version") == 0) { puts("harbor-mig 0.1"); exit(0); }
		else if ((strcmp(a, "-imacros") == 0 || strcmp(a, "-isystem") == 0 ||
			  strcmp(a, "-include") == 0) && i + 1 < argc) {
			o->cpp.flags[o->cpp.nflags++] = a;
			o->cpp.flags[o->cpp.nflags++] = argv[++i];
		} else if (a[0] == '-' && a[1] != '\0') o->cpp.flags[o->cpp.nflags++] = a;
		else if (o->input == NULL) o->input = a;
		else { diag_fatal("more than one input file (%s)", a); ok = false; }
		if (!ok)
			return false;
	}
	if (o->input == NULL) {
		usage(stderr);
		diag_fatal("no input file");
		return false;
	}
	return true;
}

static const char *input_base(const char *path)
{
	const char *b = strrchr(path, '/');
	const char *s = b ? b + 1 : path;
	const char *dot = strrchr(s, '.');

	return dot ? mig_strndup(s, (size_t)(dot - s)) : s;
}

static bool parse_input(struct options *o, struct mig_spec *spec)
{
	char *text;
	size_t len;
	bool ok;

	if (o->deps) {
		o->cpp.depfile = mig_printf("%s.tmpdeps", o->depfile ? o->depfile :
					    mig_printf("%s.d", input_base(o->input)));
		o->cpp.deptarget = DEP_PLACEHOLDER;
	}
	if (o->no_cpp ? !read_file(o->input, &text, &len)
		      : !cpp_run(&o->cpp, o->input, &text, &len))
		return false;
	ok = mig_parse_buffer(text, len, o->input, spec);
	free(text);
	return spec_finish(spec) && ok;
}

/* Dependencies: cpp's list of inputs, with our outputs as the targets. */
static bool write_deps(const struct options *o, struct output *outs, int n)
{
	char *text, *at;
	size_t len;
	struct output dep;
	bool ok;

	if (!read_file(o->cpp.depfile, &text, &len))
		return false;
	unlink(o->cpp.depfile);
	if (!output_open(&dep, o->depfile ? o->depfile :
			 mig_printf("%s.d", input_base(o->input)))) {
		free(text);
		return false;
	}
	at = strstr(text, DEP_PLACEHOLDER);
	if (at != NULL) {
		fwrite(text, 1, (size_t)(at - text), dep.f);
		for (int i = 0; i < n; i++)
			fprintf(dep.f, "%s%s", i ? " " : "", outs[i].path);
		fwrite(at + strlen(DEP_PLACEHOLDER), 1,
		       len - (size_t)(at - text) - strlen(DEP_PLACEHOLDER), dep.f);
	}
	free(text);
	ok = output_commit_all(&dep, 1, at != NULL);
	return ok;
}

static bool generate(struct options *o, const struct mig_spec *s)
{
	struct output outs[5];
	int n = 0;
	bool ok = true;
	const char *sub = s->subsystem;
	const char *header = o->header ? o->header :
		o->only_given ? NULL : mig_printf("%s.h", sub);
	const char *user = o->user ? o->user : o->only_given ? NULL : mig_printf("%sUser.c", sub);
	const char *server = o->server ? o->server :
		o->only_given ? NULL : mig_printf("%sServer.c", sub);
	const char *hb;

	hb = header ? strrchr(header, '/') : NULL;
	o->gen.header_include = mig_printf("\"%s\"", header ? (hb ? hb + 1 : header)
					   : mig_printf("%s.h", sub));
	o->gen.source_name = input_base(o->input);
	o->gen.source_name = strrchr(o->input, '/') ? strrchr(o->input, '/') + 1 : o->input;
	if (header && (ok = output_open(&outs[n], header)))
		gen_header(outs[n++].f, s, &o->gen);
	if (ok && user && (ok = output_open(&outs[n], user)))
		gen_user(outs[n++].f, s, &o->gen);
	if (ok && server && (ok = output_open(&outs[n], server)))
		gen_server(outs[n++].f, s, &o->gen);
	if (ok && o->sheader && (ok = output_open(&outs[n], o->sheader)))
		gen_server_header(outs[n++].f, s, &o->gen);
	if (ok && o->iheader && (ok = output_open(&outs[n], o->iheader)))
		gen_server_header(outs[n++].f, s, &o->gen);
	ok = output_commit_all(outs, n, ok);
	if (o->deps && ok)
		ok = write_deps(o, outs, n);
	else if (o->deps)
		unlink(o->cpp.depfile);
	return ok;
}

int main(int argc, char **argv)
{
	struct options o = { 0 };
	struct mig_spec spec;
	int status = 1;

	spec_init(&spec);
	type_table_reset();
	if (parse_options(argc, argv, &o) && parse_input(&o, &spec) &&
	    generate(&o, &spec))
		status = 0;
	if (status != 0 && o.deps && o.cpp.depfile)
		unlink(o.cpp.depfile);
	mig_arena_release();
	return status;
}
