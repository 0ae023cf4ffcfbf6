/*
 * Starting user tasks from boot modules: the first task (`bootstrap`),
 * and the user test tasks of the self-tests.
 */
#ifndef KERN_BOOTSTRAP_H
#define KERN_BOOTSTRAP_H

#include "kern/types.h"

struct task;

/*
 * Find the boot module `name`, validate it as a static ELF64, load it
 * into a new task with the information page (args, the other modules
 * mapped read-only) and a stack, and start its first thread.  Returns
 * KERN_SUCCESS with a referenced task, or an error after a log line
 * (KERN_INVALID_NAME: no such module; KERN_INVALID_ARGUMENT: bad ELF;
 * KERN_RESOURCE_SHORTAGE).
 */
int bootstrap_start_module(const char *name, const char *args, struct task **out);

/*
 * The normal boot: start `bootstrap` and wait for it.  Returns its exit
 * status, or -1 if it could not be started (the log says why).
 */
int bootstrap_run(void);

#endif
