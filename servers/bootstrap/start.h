/*
 * What bootstrap starts, decided by its command line (the kernel's, in
 * info->args; contract items 1, 5 and 6):
 *	start=a,b,c	the modules to start, in that order
 *	priv=x,y	modules that get host_priv (the drivers console and
 *			virtio-blk always do)
 *	posix=p,q	modules that are POSIX programs (docs/startup.md)
 *	wait=NAME	end bootstrap with NAME's exit status
 *	bootstrap.expose-tasks	register each child's task port as task/NAME
 *			(tests only: it hands out the power to kill)
 */
#ifndef SERVERS_BOOTSTRAP_START_H
#define SERVERS_BOOTSTRAP_START_H

#include <stdbool.h>

#include "kern/bootstrap_info.h"

#include "spawn.h"
#include "srv_loop.h"

#define START_LIST_MAX	BOOTSTRAP_ARGS_MAX

struct start_config {
	char start[START_LIST_MAX];
	char priv[START_LIST_MAX];
	char posix[START_LIST_MAX];
	char wait[BOOTSTRAP_MODNAME_MAX];
	bool expose_tasks;
};

/* Read the command line; words too long for their field are logged and ignored. */
void start_config_read(struct start_config *c, const char *cmdline);

/* How long a POSIX module waits for `console` to be registered, in ms. */
#define START_CONSOLE_WAIT_MS	3000

/*
 * Start the modules of c->start in order, as far as possible now: a
 * module that fails is logged and the rest go on; a POSIX module waits
 * (without holding up the name service) until `console` is registered
 * or START_CONSOLE_WAIT_MS passed, and the modules after it wait with
 * it.  The receive loop calls start_continue until it returns
 * SRV_WAIT_FOREVER (all started); otherwise it returns how many ms until
 * it wants to be called again.  If c->wait names a module that did not
 * start, bootstrap exits (no one would end the run).
 */
void start_begin(const struct bootstrap_info *info, const struct start_config *c,
		 const struct spawn_ports *ports);
mach_msg_timeout_t start_continue(void);

#endif /* SERVERS_BOOTSTRAP_START_H */
