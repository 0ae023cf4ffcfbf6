/*
 * Reading bootstrap's command lines: the kernel's (its whole command
 * line, info->args: `start=a,b priv=a posix=c wait=a
 * bootstrap.expose-tasks ...`) and each boot module's (GRUB's module
 * line: the module's name, then its arguments).  Pure string work, host
 * tested (tests/servers/bootcmd_test.c); the text is untrusted in the
 * sense that any length and any byte must be handled.
 */
#ifndef SERVERS_BOOTSTRAP_BOOTCMD_H
#define SERVERS_BOOTSTRAP_BOOTCMD_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Find the word `key` or `key=value` in the space-separated line; the
 * last one wins, as in the kernel.  Returns 1 with the value ("" for a
 * bare key) in val (if not NULL), 0 if absent, -1 if the value does not
 * fit in size bytes (val then holds nothing usable).
 */
int bc_word(const char *line, const char *key, char *val, size_t size);

/*
 * The next item of a comma-separated list, from *cursor on; empty items
 * are skipped.  Returns 1 with the item in item, 0 at the end, -1 for an
 * item too long for size (skipped: *cursor moves past it).
 */
int bc_list_next(const char **cursor, char *item, size_t size);

/* Is name one of the items of the comma-separated list? */
bool bc_list_has(const char *list, const char *name);

/*
 * A module's command line: its name is the first word (copied into
 * name; false if it is empty or too long), its arguments the rest after
 * the separating spaces (*args points into cmdline).
 */
bool bc_module_split(const char *cmdline, char *name, size_t size, const char **args);

#endif /* SERVERS_BOOTSTRAP_BOOTCMD_H */
