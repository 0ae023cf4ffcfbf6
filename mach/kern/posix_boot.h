/*
 * TEMPORARY: run one POSIX program straight from a boot module, for the
 * `run=NAME` boot (kern_main) that harbor-run uses before proc exists.
 * proc's exec replaces it: then programs are started by a server, with
 * their image sent by page transfer and real ports in the start-up block.
 *
 * The program is the boot module NAME, a static ELF64 (kern/elf.h).  It
 * starts as docs/startup.md specifies, with the System V initial stack:
 * argc, argv, envp and the auxiliary vector (AT_PHDR/PHENT/PHNUM,
 * AT_PAGESZ, AT_ENTRY, AT_RANDOM, AT_UID/EUID/GID/EGID, AT_SECURE,
 * AT_EXECFN, AT_HARBOR_STARTUP) above it, and a start-up block giving it
 * pid 1 and fds 0-2 on the console.
 *
 * Arguments and environment come from an optional second boot module,
 * NAME.args, so that they may hold any byte but NUL and be of any
 * length (GRUB's module command lines cannot carry that):
 *
 *	"HBARGS1 <argc> <envc>\n"  then argc + envc strings, each ending
 *	in a NUL byte, and nothing after them
 *
 * Without NAME.args the program gets argv = { NAME } and no environment.
 */
#ifndef KERN_POSIX_BOOT_H
#define KERN_POSIX_BOOT_H

#include "kern/types.h"

/* Bounds on what NAME.args may ask for. */
#define POSIX_BOOT_ARGS_MAX	(256u * 1024)	/* bytes of strings */
#define POSIX_BOOT_ARGC_MAX	16384		/* argc + envc */

/*
 * Start NAME, wait for it to end, and say how it ended in the kernel log
 * (the last line is "harbor: run: NAME exited with status S", "... killed
 * by exception V" or "... could not be started").  Returns the power-off
 * code that reports it (kern/arch.h, HARBOR_EXIT_RUN_*).
 */
unsigned posix_boot_run(const char *name);

#endif
