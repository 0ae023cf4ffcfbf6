/*
 * startup.c: reading the start-up protocol (docs/startup.md).
 *
 * The initial stack is the System V one: argc, argv[], 0, envp[], 0,
 * auxv pairs ending in AT_NULL.  Harbor's own information arrives as the
 * auxv entry AT_HARBOR_STARTUP pointing at a struct harbor_startup.  A
 * program started without one (by the kernel's early test loader, or on
 * the host under a test backend) still runs: the record keeps its
 * defaults, and descriptors 0, 1 and 2 are taken to be the console.
 *
 * Runs before musl has set up TLS: no errno, no stack protector.
 */
#include "startup.h"
#include "linux_abi.h"
#include "log.h"

/* Limits that make a corrupt block harmless to read. */
#define STARTUP_MAX_FDS 1024

static struct posix_process posix_process_record = {
	.prog = "program",
	.pid = 1,
	.ppid = 0,
};

const struct posix_process *posix_process(void)
{
	return &posix_process_record;
}

static void startup_set_prog(struct posix_process *p, const char *path)
{
	const char *base = path;
	size_t i;

	for (const char *s = path; *s; s++)
		if (*s == '/' && s[1])
			base = s + 1;
	for (i = 0; base[i] && base[i] != '/' && i < sizeof p->prog - 1; i++)
		p->prog[i] = base[i];
	if (i)
		p->prog[i] = 0;
}

/* Decode: is this a block we understand, in one piece? */
static bool startup_block_valid(const struct harbor_startup *b)
{
	if (b->magic != HARBOR_STARTUP_MAGIC ||
	    b->version != HARBOR_STARTUP_VERSION)
		return false;
	if (b->nfds > STARTUP_MAX_FDS)
		return false;
	return b->size >= sizeof *b + b->nfds * sizeof b->fds[0];
}

static void startup_use_block(struct posix_process *p,
	const struct harbor_startup *b)
{
	p->startup = b;
	p->pid = b->pid;
	p->ppid = b->ppid;
	p->uid = b->uid;
	p->euid = b->euid;
	p->gid = b->gid;
	p->egid = b->egid;
}

void posix_startup(long *sp)
{
	struct posix_process *p = &posix_process_record;
	long argc = sp[0];
	char **argv = (char **)(sp + 1);
	char **envp = argv + argc + 1;
	unsigned long *auxv;
	const struct harbor_startup *block = 0;

	while (*envp)
		envp++;
	for (auxv = (unsigned long *)(envp + 1); auxv[0] != LINUX_AT_NULL;
	     auxv += 2) {
		switch (auxv[0]) {
		case AT_HARBOR_STARTUP:
			block = (const struct harbor_startup *)auxv[1];
			break;
		case LINUX_AT_RANDOM:
			p->at_random = (const uint8_t *)auxv[1];
			break;
		case LINUX_AT_UID:
			p->uid = (uint32_t)auxv[1];
			break;
		case LINUX_AT_EUID:
			p->euid = (uint32_t)auxv[1];
			break;
		case LINUX_AT_GID:
			p->gid = (uint32_t)auxv[1];
			break;
		case LINUX_AT_EGID:
			p->egid = (uint32_t)auxv[1];
			break;
		}
	}
	if (argc > 0 && argv[0])
		startup_set_prog(p, argv[0]);
	if (block) {
		if (startup_block_valid(block))
			startup_use_block(p, block);
		else
			posix_log("start-up block is invalid; ignored", 0);
	}
}

bool posix_fd_is_console(long fd)
{
	const struct harbor_startup *b = posix_process_record.startup;

	if (!b)
		return fd >= 0 && fd <= 2;
	for (uint32_t i = 0; i < b->nfds; i++)
		if (b->fds[i].fd == fd)
			return b->fds[i].kind == HARBOR_FD_KIND_CONSOLE;
	return false;
}
