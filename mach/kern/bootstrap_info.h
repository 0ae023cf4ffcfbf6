/*
 * What the kernel gives the first user task (and, for now, the user test
 * tasks it starts): a read-only information page at BOOTSTRAP_INFO_ADDR,
 * whose address is also the first argument (rdi) of the entry point, and
 * a stack ending at BOOTSTRAP_STACK_TOP.  The other boot modules are
 * mapped read-only into the task; the page says where.
 *
 * Ports: the task starts with send rights to its own task port, the host
 * port and the privileged host_priv port (the first task is the one
 * that hands privilege on), and the receive right of its bootstrap port
 * (task_get_special_port(TASK_BOOTSTRAP_PORT) gives a send right to it,
 * and tasks it creates inherit that), named in the page.
 *
 * User programs include this file: plain types only.
 */
#ifndef KERN_BOOTSTRAP_INFO_H
#define KERN_BOOTSTRAP_INFO_H

#include <stdint.h>

#define BOOTSTRAP_INFO_ADDR	0x00007fffffe00000ull
#define BOOTSTRAP_STACK_TOP	0x00007fffffd00000ull
#define BOOTSTRAP_STACK_SIZE	0x40000ull		/* 256 KiB */
#define BOOTSTRAP_INFO_MAGIC	0x48524231u		/* "HRB1" */
#define BOOTSTRAP_ARGS_MAX	256
#define BOOTSTRAP_MODULES_MAX	32
#define BOOTSTRAP_MODNAME_MAX	64

struct bootstrap_module_info {
	uint64_t addr;			/* where it is mapped, read-only */
	uint64_t size;			/* bytes */
	char name[BOOTSTRAP_MODNAME_MAX];
};

struct bootstrap_info {
	uint32_t magic;			/* BOOTSTRAP_INFO_MAGIC */
	uint32_t nmodules;
	char args[BOOTSTRAP_ARGS_MAX];	/* the task's argument string */
	struct bootstrap_module_info modules[BOOTSTRAP_MODULES_MAX];
	/* Names in the task's IPC space (mach_port_name_t). */
	uint32_t task_self;		/* send right to its task port */
	uint32_t host;			/* send right to the host port */
	uint32_t host_priv;		/* send right to the host_priv port */
	uint32_t bootstrap;		/* receive right of its bootstrap port */
};

#endif
