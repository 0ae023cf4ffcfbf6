/*
 * Starting a boot module as a new task, child of bootstrap
 * (common contract items 1 and 2; servers/bootstrap/DESIGN.md).
 *
 * Order: check the image (elf_check.c, nothing made yet), make the task
 * (no inherited memory) with its security token and bootstrap port,
 * load the segments, build what the program starts with (the native
 * information page and stack here, the POSIX stack in posix_start.c),
 * insert its port rights, then create, set and resume its one thread.
 * Any failure after the task exists terminates it, so a module that
 * cannot start leaves nothing behind; the caller logs the reason.
 */
#ifndef SERVERS_BOOTSTRAP_SPAWN_H
#define SERVERS_BOOTSTRAP_SPAWN_H

#include <stdbool.h>
#include <stdint.h>

#include "libmach.h"

#include "elf_check.h"

/* What bootstrap hands on, as names in its own space. */
struct spawn_ports {
	mach_port_t host;	/* send right: every task gets one */
	mach_port_t host_priv;	/* send right: bootstrap's; handed on only to privileged tasks */
	mach_port_t names;	/* the name service: bootstrap holds its receive right */
};

/* A task being made or started. */
struct spawn_task {
	mach_port_t task;	/* send right in bootstrap's space */
	uint64_t id;		/* the kernel's task id (task_info) */
};

/*
 * Security tokens bootstrap gives: { uid, task id }.  Privileged modules
 * and POSIX programs (root, as docs/startup.md's first programs are)
 * run as uid 0; other modules as uid 1, the traditional "daemon": a
 * system service without root's powers.  The kernel's own token {0, 0}
 * is never handed out, so notifications stay recognisable.
 */
#define SPAWN_UID_ROOT		0u
#define SPAWN_UID_DAEMON	1u

/* The bottom of the region kept for stacks and the information page. */
#define SPAWN_IMAGE_LIMIT	0x00007fff00000000ull

kern_return_t spawn_task_create(const struct spawn_ports *ports, uint32_t uid,
				struct spawn_task *t);
/* Load img's segments from the module's bytes at image into t. */
kern_return_t spawn_load(const struct spawn_task *t, const void *image,
			 const struct bs_elf_image *img);
/* Make [addr, addr + size) in t, fill its start with len bytes of data, set prot. */
kern_return_t spawn_region(const struct spawn_task *t, uint64_t addr, uint64_t size,
			   const void *data, size_t len, vm_prot_t prot);
/* Give t a right bootstrap holds, under the same name (MACH_PORT_NULL: skipped). */
kern_return_t spawn_give(const struct spawn_task *t, mach_port_t name,
			 mach_msg_type_name_t how);
kern_return_t spawn_thread_start(const struct spawn_task *t, uint64_t rip, uint64_t rsp,
				 uint64_t rdi);
/* Undo a start that failed: terminate the task, drop the right. */
void spawn_abort(struct spawn_task *t);

/*
 * Start a native module (mach/user's runtime): the information page of
 * mach/kern/bootstrap_info.h with args, its rights, nmodules 0.  *why
 * says what failed.
 */
kern_return_t spawn_native(const void *image, size_t size, const char *args,
			   const struct spawn_ports *ports, bool privileged,
			   struct spawn_task *t, const char **why);

#endif /* SERVERS_BOOTSTRAP_SPAWN_H */
