/*
 * The kernel command line: space-separated words, each `key` or
 * `key=value`.  It is GRUB's command line followed by the emulator's
 * extra text (see arch_extra_cmdline); a later word wins.
 */
#ifndef KERN_CMDLINE_H
#define KERN_CMDLINE_H

#include "kern/types.h"

/* Set the command line (copied, truncated to BOOT_CMDLINE_MAX). */
void cmdline_set(const char *text);
void cmdline_append(const char *text);
const char *cmdline_text(void);

/*
 * Find `key` or `key=value`.  Returns false if absent; if present and buf
 * is not NULL, copies the value ("" for a bare key) into buf.
 */
bool cmdline_get(const char *key, char *buf, size_t size);

#endif
