/*
 * The tasks bootstrap started, and what it does when one ends (contract
 * items 4 and 5): a dead-name notification on each child's task port;
 * when it comes, the status (TEMPORARY: the kernel's SYS_TASK_WAIT, by
 * the task id, until a proc-like RPC gives it), a log line
 *	bootstrap: NAME (task N) exited with status S | was killed | died (exception V)
 * and, if NAME is the module named by `wait=`, bootstrap's own exit
 * with that status.
 */
#ifndef SERVERS_BOOTSTRAP_DEATHS_H
#define SERVERS_BOOTSTRAP_DEATHS_H

#include <stdbool.h>

#include "spawn.h"
#include "srv_server.h"

#define DEATHS_MAX		64	/* children watched at once */
#define DEATHS_NAME_MAX		48

/* wait_for: the module whose end ends bootstrap ("" or NULL: none). */
void deaths_init(struct srv_server *s, const char *wait_for);

/* Watch a child just started; the table keeps t->task (one reference). */
kern_return_t deaths_watch(const char *name, const struct spawn_task *t, uint32_t uid);

/* A dead-name notification; true if it was a child's task port. */
bool deaths_dead_name(mach_port_t name);

/* Is token one bootstrap gave to a child still alive? */
bool deaths_is_child_token(security_token_t token);

#endif /* SERVERS_BOOTSTRAP_DEATHS_H */
