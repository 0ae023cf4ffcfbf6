#include "diag.h"

#include <stdarg.h>
#include <stdio.h>

static int error_count;
static bool warnings_off;
static bool silent;

static void diag_print(struct mig_loc loc, const char *what,
		       const char *fmt, va_list ap)
{
	if (silent)
		return;
	if (loc.file != NULL)
		fprintf(stderr, "%s:%d:%d: %s: ", loc.file, loc.line, loc.col, what);
	else
		fprintf(stderr, "harbor-mig: %s: ", what);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void diag_error(struct mig_loc loc, const char *fmt, ...)
{
	va_list ap;

	error_count++;
	va_start(ap, fmt);
	diag_print(loc, "error", fmt, ap);
	va_end(ap);
}

void diag_warn(struct mig_loc loc, const char *fmt, ...)
{
	va_list ap;

	if (warnings_off)
		return;
	va_start(ap, fmt);
	diag_print(loc, "warning", fmt, ap);
	va_end(ap);
}

void diag_fatal(const char *fmt, ...)
{
	struct mig_loc none = { 0 };
	va_list ap;

	error_count++;
	va_start(ap, fmt);
	diag_print(none, "error", fmt, ap);
	va_end(ap);
}

int diag_error_count(void)
{
	return error_count;
}

void diag_reset(void)
{
	error_count = 0;
}

void diag_set_quiet(bool no_warnings)
{
	warnings_off = no_warnings;
}

void diag_set_silent(bool s)
{
	silent = s;
}
