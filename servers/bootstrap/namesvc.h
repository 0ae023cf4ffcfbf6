/*
 * The name service over IPC (name.defs, contract item 3): the S_name_*
 * functions harbor-mig's name_server demux calls, on top of the name
 * table (name_table.[ch]).  One port serves every task: the caller is
 * told apart by the kernel-attested security token in the trailer.
 *
 * Who may register (DESIGN.md, "Authority"): the tasks bootstrap started
 * (and the tasks they made, which inherit their token), and uid 0.
 * Names under "task/" are bootstrap's own (bootstrap.expose-tasks) and
 * cannot be registered by anyone else.
 */
#ifndef SERVERS_BOOTSTRAP_NAMESVC_H
#define SERVERS_BOOTSTRAP_NAMESVC_H

#include <stdbool.h>
#include <stdint.h>

#include "srv_server.h"

#define NAMESVC_RESERVED_PREFIX	"task/"

/* Decides whether a token may register: bootstrap's list of children. */
typedef bool (*namesvc_may_register_t)(security_token_t token);

/* Serve the name service on port (a receive right bootstrap holds) in s. */
kern_return_t namesvc_init(struct srv_server *s, mach_port_t port,
			   namesvc_may_register_t may_register);

/* Bootstrap's own registration (task/NAME): takes a send right on success. */
kern_return_t namesvc_register_own(const char *name, mach_port_t service);

/* Is name registered?  *service: the table's right (not a new reference). */
bool namesvc_peek(const char *name, mach_port_t *service);

/* A dead-name notification: a service port or a waiting lookup's reply port. */
void namesvc_dead_name(mach_port_t name);

/* The receive loop's tick: expire lookups, say how long the loop may sleep (ms). */
mach_msg_timeout_t namesvc_tick(void);

/* Milliseconds of the monotonic clock: the table's time. */
uint64_t namesvc_now_ms(void);

#endif /* SERVERS_BOOTSTRAP_NAMESVC_H */
