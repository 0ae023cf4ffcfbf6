/*
 * Memory for one run of harbor-mig.
 *
 * Everything the parser and the generators allocate (types, routines,
 * strings) lives until the run ends, so it all comes from one arena that is
 * released at once.  This keeps error paths in the parser free of cleanup
 * code and lets the fuzz target run the parser many times without leaks.
 */
#ifndef IDL_UTIL_H
#define IDL_UTIL_H

#include <stddef.h>
#include <stdarg.h>

void *mig_alloc(size_t size);			/* zeroed; never returns NULL */
char *mig_strdup(const char *s);
char *mig_strndup(const char *s, size_t n);
char *mig_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void mig_arena_release(void);			/* frees everything allocated */

#endif /* IDL_UTIL_H */
