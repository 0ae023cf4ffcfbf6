/*
 * Harbor's start-up information block: how a new POSIX program learns its
 * identity, its initial ports and its initial file descriptors.
 *
 * The contract is in docs/startup.md.  In short: a program starts with
 * the System V / Linux initial stack (argc, argv, envp, auxv), so musl's
 * start-up code runs unchanged, and the auxiliary vector carries one
 * Harbor entry, AT_HARBOR_STARTUP, whose value is the address of a
 * struct harbor_startup in the new program's memory.  Whoever starts the
 * program (proc's exec, or bootstrap for the first programs) writes the
 * stack and the block; the personality's crt1.o reads the block before
 * musl runs.
 *
 * This header is installed into the Harbor sysroot so that exec, proc
 * and bootstrap build blocks from the same definition.
 */
#ifndef HARBOR_STARTUP_H
#define HARBOR_STARTUP_H

#include <stdint.h>

/*
 * Auxiliary vector entry type.  Linux's AT_* types are small numbers
 * (below 64); Harbor's own types use the 'HB' prefix so they can never
 * collide, and musl ignores types it does not know.
 */
#define AT_HARBOR_STARTUP	0x48420001UL

#define HARBOR_STARTUP_MAGIC	0x54534248U	/* "HBST" in memory order */
#define HARBOR_STARTUP_VERSION	1

/* What an initial descriptor's port names. */
#define HARBOR_FD_KIND_CONSOLE	1	/* the console (tty later) */
#define HARBOR_FD_KIND_FILE	2	/* an open-file object of a server */

/* fd_flags */
#define HARBOR_FD_CLOEXEC	0x1

/* One initial file descriptor: a send right to an open-file object. */
struct harbor_startup_fd {
	int32_t fd;		/* the descriptor number, >= 0 */
	uint32_t kind;		/* HARBOR_FD_KIND_* */
	uint32_t port;		/* mach_port_name_t in the new task */
	uint32_t fd_flags;	/* HARBOR_FD_* */
};

/*
 * The block.  All port fields are names in the new task's IPC space
 * (MACH_PORT_NULL when absent).  The fd array follows the fixed part;
 * `size` covers both, so a reader can check the block lies in memory it
 * was given before reading it.
 */
struct harbor_startup {
	uint32_t magic;			/* HARBOR_STARTUP_MAGIC */
	uint32_t version;		/* HARBOR_STARTUP_VERSION */
	uint32_t size;			/* bytes, fixed part + fds */
	uint32_t nfds;			/* entries in fds[] */

	/* identity: set by proc */
	int32_t pid;
	int32_t ppid;
	int32_t pgid;
	int32_t sid;
	uint32_t uid, euid, gid, egid;
	uint32_t umask;
	uint32_t reserved0;

	/* initial ports */
	uint32_t bootstrap_port;	/* the name service (bootstrap) */
	uint32_t console_port;		/* the console device */
	uint32_t proc_port;		/* this process's port at proc */
	uint32_t cwd_port;		/* current directory at vfs */
	uint32_t root_port;		/* root directory at vfs */
	uint32_t reserved1;

	/* signal state inherited across exec (bit n-1 is signal n) */
	uint64_t sigmask;
	uint64_t sigignore;

	struct harbor_startup_fd fds[];
};

#endif /* HARBOR_STARTUP_H */
