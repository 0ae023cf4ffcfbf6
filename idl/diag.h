/*
 * Diagnostics: "file:line:col: error: message" on stderr.
 *
 * Locations are those of the original .defs file: the lexer follows the
 * preprocessor's line markers.  Errors are counted; generation runs only
 * when the count is zero, so no output is written for a bad input.
 */
#ifndef IDL_DIAG_H
#define IDL_DIAG_H

#include <stdbool.h>

struct mig_loc {
	const char *file;
	int line;
	int col;
};

void diag_error(struct mig_loc loc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void diag_warn(struct mig_loc loc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* An error that has no place in the input (files, command line). */
void diag_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

int diag_error_count(void);
void diag_reset(void);
void diag_set_quiet(bool no_warnings);
void diag_set_silent(bool silent);		/* fuzzing: print nothing */

#endif /* IDL_DIAG_H */
