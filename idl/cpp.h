/*
 * Running the C preprocessor over a .defs file, as MIG does: -I, -D, -U
 * and other unknown options go to cpp; its output (with line markers) is
 * what the lexer reads.
 */
#ifndef IDL_CPP_H
#define IDL_CPP_H

#include <stdbool.h>
#include <stddef.h>

struct cpp_run {
	const char *command;	/* e.g. "cc -E -x c"; split on blanks */
	const char **flags;	/* passed through */
	int nflags;
	const char *depfile;	/* if set: cpp writes make dependencies here */
	const char *deptarget;	/* ... with this target name */
};

/* Preprocess path; the output is malloc'd into *out. */
bool cpp_run(const struct cpp_run *run, const char *path, char **out, size_t *len);
/* Read a whole file (for -nocpp). */
bool read_file(const char *path, char **out, size_t *len);

#endif /* IDL_CPP_H */
