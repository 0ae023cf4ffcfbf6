/*
 * Starting the modules the command line names (see start.h).
 */
#include "start.h"

#include <string.h>

#include "ulib.h"

#include "servers_bounds.h"

#include "bootcmd.h"
#include "deaths.h"
#include "namesvc.h"
#include "posix_start.h"

/* Drivers that always need the hardware (contract item 1). */
static const char *const start_drivers[] = { "console", "virtio-blk" };

static void start_word(const char *cmdline, const char *key, char *val, size_t size)
{
	val[0] = '\0';
	if (bc_word(cmdline, key, val, size) < 0) {
		u_printf("bootstrap: %s= is too long; ignored\n", key);
		val[0] = '\0';
	}
}

void start_config_read(struct start_config *c, const char *cmdline)
{
	start_word(cmdline, "start", c->start, sizeof(c->start));
	start_word(cmdline, "priv", c->priv, sizeof(c->priv));
	start_word(cmdline, "posix", c->posix, sizeof(c->posix));
	start_word(cmdline, "wait", c->wait, sizeof(c->wait));
	c->expose_tasks = bc_word(cmdline, "bootstrap.expose-tasks", NULL, 0) > 0;
}

/* The module whose command line's first word is name; *args its arguments. */
static const struct bootstrap_module_info *
start_find(const struct bootstrap_info *info, const char *name, const char **args)
{
	char first[BOOTSTRAP_MODNAME_MAX];

	for (unsigned i = 0; i < info->nmodules && i < BOOTSTRAP_MODULES_MAX; i++) {
		const struct bootstrap_module_info *m = &info->modules[i];

		if (memchr(m->name, '\0', sizeof(m->name)) == NULL)
			continue;
		if (bc_module_split(m->name, first, sizeof(first), args) &&
		    strcmp(first, name) == 0)
			return m;
	}
	return NULL;
}

static bool start_privileged(const struct start_config *c, const char *name)
{
	for (unsigned i = 0; i < sizeof(start_drivers) / sizeof(start_drivers[0]); i++)
		if (strcmp(start_drivers[i], name) == 0)
			return true;
	return bc_list_has(c->priv, name);
}

/* Log, watch, expose: what follows a successful start. */
static void start_started(const struct start_config *c, const char *name,
			  const struct spawn_task *t, uint32_t uid)
{
	kern_return_t kr;

	u_printf("bootstrap: started %s (task %lu)\n", name, (unsigned long)t->id);
	kr = deaths_watch(name, t, uid);
	if (kr != KERN_SUCCESS)
		u_printf("bootstrap: cannot watch %s (error %d): its end goes unseen\n", name, kr);
	if (c->expose_tasks) {
		char tname[NAME_LEN_MAX];
		size_t plen = strlen(NAMESVC_RESERVED_PREFIX), nlen = strlen(name);

		if (plen + nlen >= sizeof(tname))
			return;
		memcpy(tname, NAMESVC_RESERVED_PREFIX, plen);
		memcpy(tname + plen, name, nlen + 1);
		/* The table takes a reference of its own. */
		kr = mach_port_mod_refs(mach_task_self(), t->task, MACH_PORT_RIGHT_SEND, 1);
		if (kr == KERN_SUCCESS) {
			kr = namesvc_register_own(tname, t->task);
			if (kr != KERN_SUCCESS)
				mach_port_deallocate(mach_task_self(), t->task);
		}
		if (kr != KERN_SUCCESS)
			u_printf("bootstrap: cannot register %s (error %d)\n", tname, kr);
	}
}

/* What start_continue works through; set once by start_begin. */
static struct {
	const struct bootstrap_info *info;
	const struct start_config *config;
	const struct spawn_ports *ports;
	const char *cursor;		/* the rest of config->start */
	uint64_t console_deadline;	/* 0: not waiting for the console yet */
	bool wait_started;
	bool done;
} start_state;

static bool start_one(const char *name, mach_port_t console)
{
	const struct start_config *c = start_state.config;
	const struct bootstrap_module_info *m;
	struct spawn_task t = { MACH_PORT_NULL, 0 };
	const char *args = "", *why = NULL;
	bool priv = start_privileged(c, name);
	bool posix = bc_list_has(c->posix, name);
	kern_return_t kr;

	m = start_find(start_state.info, name, &args);
	if (m == NULL) {
		u_printf("bootstrap: %s failed: no boot module of that name\n", name);
		return false;
	}
	if (posix)
		kr = posix_start(start_state.info, name, (const void *)m->addr, m->size,
				 start_state.ports, console, &t, &why);
	else
		kr = spawn_native((const void *)m->addr, m->size, args, start_state.ports, priv,
				  &t, &why);
	if (kr != KERN_SUCCESS) {
		u_printf("bootstrap: %s failed: %s (error %d)\n", name, why ? why : "?", kr);
		return false;
	}
	start_started(c, name, &t, posix || priv ? SPAWN_UID_ROOT : SPAWN_UID_DAEMON);
	return true;
}

void start_begin(const struct bootstrap_info *info, const struct start_config *c,
		 const struct spawn_ports *ports)
{
	start_state.info = info;
	start_state.config = c;
	start_state.ports = ports;
	start_state.cursor = c->start;
	start_state.wait_started = c->wait[0] == '\0';
}

/*
 * A POSIX module's console: the registered one, or none once the wait
 * ran out.  False while it is still worth waiting.
 */
static bool start_console(mach_port_t *console, mach_msg_timeout_t *again)
{
	uint64_t now = namesvc_now_ms();

	if (namesvc_peek("console", console))
		return true;
	if (start_state.console_deadline == 0)
		start_state.console_deadline = now + START_CONSOLE_WAIT_MS;
	if (now >= start_state.console_deadline) {
		*console = MACH_PORT_NULL;
		return true;
	}
	*again = (mach_msg_timeout_t)(start_state.console_deadline - now);
	return false;
}

mach_msg_timeout_t start_continue(void)
{
	const struct start_config *c = start_state.config;
	char name[BOOTSTRAP_MODNAME_MAX];
	mach_msg_timeout_t again = SRV_WAIT_FOREVER;
	const char *before;
	int r;

	if (start_state.done)
		return SRV_WAIT_FOREVER;
	for (before = start_state.cursor;
	     (r = bc_list_next(&start_state.cursor, name, sizeof(name))) != 0;
	     before = start_state.cursor) {
		mach_port_t console = MACH_PORT_NULL;

		if (r < 0) {
			u_printf("bootstrap: a module name in start= is too long; skipped\n");
			continue;
		}
		if (bc_list_has(c->posix, name) && !start_console(&console, &again)) {
			start_state.cursor = before;	/* this one again, later */
			return again;
		}
		if (start_one(name, console) && strcmp(name, c->wait) == 0)
			start_state.wait_started = true;
	}
	start_state.done = true;
	if (!start_state.wait_started) {
		u_printf("bootstrap: wait=%s did not start: ending the run\n", c->wait);
		u_exit(1);
	}
	return SRV_WAIT_FOREVER;
}
