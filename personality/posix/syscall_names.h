/* Names of the Linux x86_64 system calls, for messages. */
#ifndef POSIX_SYSCALL_NAMES_H
#define POSIX_SYSCALL_NAMES_H

#include "linux_syscall.h"

/* Indexed by number; an entry is null where Linux has no call. */
extern const char *const posix_syscall_names[LINUX_SYSCALL_COUNT];

#endif
