/*
 * Kernel formatted output.  kprintf writes to the kernel log (the polled
 * serial line); ksnprintf formats into a buffer.  Supported conversions:
 * %d %i %u %x %X %o %p %s %c %%, with flags '-' '0' '#', a width, a precision
 * (for strings: maximum length), and the length modifiers hh h l ll z.
 */
#ifndef KERN_PRINTF_H
#define KERN_PRINTF_H

#include "kern/types.h"

int kprintf(const char *fmt, ...) __printflike(1, 2);
int kvprintf(const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...) __printflike(3, 4);
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

#endif
