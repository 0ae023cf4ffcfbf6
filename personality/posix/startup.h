/*
 * The process's start-up information, as the personality keeps it.
 *
 * posix_startup() runs in crt1.o before musl's __libc_start_main (see
 * docs/startup.md); it reads the initial stack and the Harbor start-up
 * block and fills the process record that handlers consult (getpid,
 * the console's descriptors, the program name for messages).
 */
#ifndef POSIX_STARTUP_H
#define POSIX_STARTUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <harbor/startup.h>

#define POSIX_PROG_MAX 64

struct posix_process {
	/* Written once by posix_startup, before any other thread exists,
	 * then only read. */
	const struct harbor_startup *startup;	/* null: none was given */
	char prog[POSIX_PROG_MAX];	/* basename of argv[0], for messages */
	int32_t pid, ppid;
	uint32_t uid, euid, gid, egid;
	const uint8_t *at_random;	/* AT_RANDOM's 16 bytes, or null */
};

/* The process record (never null; defaults before posix_startup). */
const struct posix_process *posix_process(void);

/* Reads the initial stack at sp (argc, argv, envp, auxv). */
void posix_startup(long *sp);

/* Does descriptor fd refer to the console? */
bool posix_fd_is_console(long fd);

#endif /* POSIX_STARTUP_H */
