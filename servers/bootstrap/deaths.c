/*
 * Children and their deaths (see deaths.h).
 */
#include "deaths.h"

#include <string.h>

#include <mach/task_info.h>

#include "ulib.h"

/*
 * How the kernel encodes an ending it caused (mach/kern/task.h, not a
 * public header yet): TASK_EXIT_EXCEPTION + vector for a fatal
 * exception; TASK_EXIT_TERMINATED (mach/task_info.h) for task_terminate
 * by another task.  Anything below is the status given to exit.
 */
#define DEATHS_EXIT_EXCEPTION	0x100
/* How long to wait for the status once the port is dead: it is dying already. */
#define DEATHS_STATUS_WAIT_NS	(1000ull * MSEC)

struct deaths_child {
	char name[DEATHS_NAME_MAX];
	mach_port_t task;	/* MACH_PORT_NULL: slot free */
	uint64_t id;
	security_token_t token;
};

static struct deaths_child deaths_children[DEATHS_MAX];
static struct srv_server *deaths_server;
static char deaths_wait_for[DEATHS_NAME_MAX];

void deaths_init(struct srv_server *s, const char *wait_for)
{
	deaths_server = s;
	if (wait_for != NULL && strlen(wait_for) < sizeof(deaths_wait_for))
		memcpy(deaths_wait_for, wait_for, strlen(wait_for) + 1);
}

kern_return_t deaths_watch(const char *name, const struct spawn_task *t, uint32_t uid)
{
	struct deaths_child *c = NULL;
	size_t len = strlen(name);
	kern_return_t kr;

	for (unsigned i = 0; c == NULL && i < DEATHS_MAX; i++)
		if (deaths_children[i].task == MACH_PORT_NULL)
			c = &deaths_children[i];
	if (c == NULL)
		return KERN_RESOURCE_SHORTAGE;
	kr = srv_request_dead_name(deaths_server, t->task);
	if (kr != KERN_SUCCESS)
		return kr;
	if (len >= sizeof(c->name))
		len = sizeof(c->name) - 1;
	memcpy(c->name, name, len);
	c->name[len] = '\0';
	c->task = t->task;
	c->id = t->id;
	c->token.val[0] = uid;
	c->token.val[1] = (uint32_t)t->id;
	return KERN_SUCCESS;
}

static void deaths_report(const struct deaths_child *c, int status)
{
	if (status == TASK_EXIT_TERMINATED)
		u_printf("bootstrap: %s (task %lu) was killed\n", c->name, (unsigned long)c->id);
	else if (status >= DEATHS_EXIT_EXCEPTION && status < TASK_EXIT_TERMINATED)
		u_printf("bootstrap: %s (task %lu) died (exception %d)\n", c->name,
			 (unsigned long)c->id, status - DEATHS_EXIT_EXCEPTION);
	else
		u_printf("bootstrap: %s (task %lu) exited with status %d\n", c->name,
			 (unsigned long)c->id, status);
}

bool deaths_dead_name(mach_port_t name)
{
	struct deaths_child *c = NULL;
	int status = -1;

	for (unsigned i = 0; c == NULL && i < DEATHS_MAX; i++)
		if (deaths_children[i].task == name && name != MACH_PORT_NULL)
			c = &deaths_children[i];
	if (c == NULL)
		return false;
	/* TEMPORARY: the status through the kernel's SYS_TASK_WAIT (deaths.h). */
	if (u_task_wait(c->id, DEATHS_STATUS_WAIT_NS, &status) != KERN_SUCCESS) {
		u_printf("bootstrap: %s (task %lu) ended, status unknown\n", c->name,
			 (unsigned long)c->id);
		status = -1;
	} else {
		deaths_report(c, status);
	}
	mach_port_deallocate(mach_task_self(), c->task);
	c->task = MACH_PORT_NULL;
	if (deaths_wait_for[0] != '\0' && strcmp(c->name, deaths_wait_for) == 0) {
		u_printf("bootstrap: %s was the module to wait for: exiting with its status\n",
			 c->name);
		u_exit(status);
	}
	return true;
}

bool deaths_is_child_token(security_token_t token)
{
	for (unsigned i = 0; i < DEATHS_MAX; i++) {
		const struct deaths_child *c = &deaths_children[i];

		if (c->task != MACH_PORT_NULL && c->token.val[0] == token.val[0] &&
		    c->token.val[1] == token.val[1])
			return true;
	}
	return false;
}
