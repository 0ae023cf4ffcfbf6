/*
 * Output files that appear whole or not at all: each is written to a
 * temporary file beside its destination and renamed into place only when
 * every output of the run has been written without error.
 */
#ifndef IDL_OUTPUT_H
#define IDL_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

struct output {
	const char *path;	/* destination */
	char *tmp;		/* temporary name, NULL if not open */
	FILE *f;
};

bool output_open(struct output *out, const char *path);
/* Close every output; rename all into place if ok, else remove them all. */
bool output_commit_all(struct output *outs, int n, bool ok);

#endif /* IDL_OUTPUT_H */
