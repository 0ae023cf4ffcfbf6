/*
 * bootstrap, the first task (DESIGN.md): read the kernel's command line,
 * start the boot modules it names, then serve the name service on the
 * bootstrap port every task inherits, and watch the children die.
 */
#include "libmach.h"
#include "ulib.h"

#include "deaths.h"
#include "namesvc.h"
#include "spawn.h"
#include "srv_ipc_mach.h"
#include "srv_loop.h"
#include "srv_server.h"
#include "start.h"

#define BOOTSTRAP_OBJECTS_MAX	16	/* no objects of its own: the table stays small */

__attribute__((noreturn)) void ustart(const struct bootstrap_info *info);

static struct srv_server bootstrap_server;
static struct start_config bootstrap_config;

static void bootstrap_dead_name(struct srv_server *s, mach_port_name_t name, void *arg)
{
	(void)s;
	(void)arg;
	/* One notification per name: a task port may also be a registered service. */
	deaths_dead_name(name);
	namesvc_dead_name(name);
}

static bool bootstrap_may_register(security_token_t token)
{
	return token.val[0] == SPAWN_UID_ROOT || deaths_is_child_token(token);
}

static mach_msg_timeout_t bootstrap_tick(void *arg)
{
	mach_msg_timeout_t names, starts;

	(void)arg;
	names = namesvc_tick();
	starts = start_continue();
	return names < starts ? names : starts;
}

static void bootstrap_log_modules(const struct bootstrap_info *info)
{
	u_printf("bootstrap: starting, %u boot modules\n", info->nmodules);
	for (unsigned i = 0; i < info->nmodules && i < BOOTSTRAP_MODULES_MAX; i++)
		u_printf("bootstrap:   %s (%lu bytes)\n", info->modules[i].name,
			 (unsigned long)info->modules[i].size);
}

void ustart(const struct bootstrap_info *info)
{
	static struct spawn_ports ports;	/* start.c keeps a pointer */
	kern_return_t kr;

	mach_init();
	if (info->magic != BOOTSTRAP_INFO_MAGIC)
		u_exit(2);
	bootstrap_log_modules(info);
	ports.host = info->host;
	ports.host_priv = info->host_priv;
	ports.names = info->bootstrap;
	start_config_read(&bootstrap_config, info->args);
	/* A send right of our own, to set as each child's bootstrap port. */
	kr = mach_port_insert_right(mach_task_self(), ports.names, ports.names,
				    MACH_MSG_TYPE_MAKE_SEND);
	if (kr == KERN_SUCCESS)
		kr = srv_server_init(&bootstrap_server, &srv_ipc_mach, BOOTSTRAP_OBJECTS_MAX);
	if (kr == KERN_SUCCESS)
		kr = namesvc_init(&bootstrap_server, ports.names, bootstrap_may_register);
	if (kr != KERN_SUCCESS) {
		u_printf("bootstrap: cannot set up the name service (error %d)\n", kr);
		u_exit(1);
	}
	srv_server_on_dead_name(&bootstrap_server, bootstrap_dead_name, NULL);
	deaths_init(&bootstrap_server, bootstrap_config.wait);
	start_begin(info, &bootstrap_config, &ports);
	u_printf("bootstrap: serving the name service\n");
	kr = srv_loop_run(&bootstrap_server, bootstrap_tick, NULL);
	u_printf("bootstrap: the receive loop ended (error %d)\n", kr);
	u_exit(1);
}
