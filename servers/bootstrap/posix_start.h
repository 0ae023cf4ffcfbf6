/*
 * Making the task of a boot module that is a POSIX program (harbor-cc executable;
 * contract item 6): the initial stack and start-up block of
 * docs/startup.md, written by bootstrap from outside the new task.
 * console_port is a send right to the service registered as `console`
 * (looked up, waiting a few seconds), or MACH_PORT_NULL without one;
 * bootstrap_port a send right to the name service.  Arguments and
 * environment come from the module NAME.args if there is one
 * (docs/startup.md §6 gives its format), else argv is the module's
 * GRUB line (NAME, then words, its arguments after the name) and there
 * is no environment.
 */
#ifndef SERVERS_BOOTSTRAP_POSIX_START_H
#define SERVERS_BOOTSTRAP_POSIX_START_H

#include <stddef.h>

#include "kern/bootstrap_info.h"

#include "spawn.h"

/* Ready to run, as spawn_native leaves a native one (spawn_run starts it). */
kern_return_t posix_start(const struct bootstrap_info *info, const char *name,
			  const char *words, const void *image, size_t size,
			  const struct spawn_ports *ports, mach_port_t console,
			  struct spawn_task *t, const char **why);

#endif /* SERVERS_BOOTSTRAP_POSIX_START_H */
