/*
 * The name service's IPC side (see namesvc.h): decode and check each
 * request, then hand it to the name table.  The table answers waiting
 * lookups through ns_ops, which turn into name_lookup_reply messages
 * (name_reply.defs) or short error replies.
 */
#include "namesvc.h"

#include <string.h>

#include "libmach.h"
#include "ulib.h"

#include "name.h"
#include "nameServer.h"
#include "name_reply.h"
#include "name_table.h"
#include "srv_loop.h"
#include "srv_reply.h"

/* The service's state: one table, one server, used by the receive loop only. */
static struct ns_table namesvc_table;
static struct srv_server *namesvc_server;
static namesvc_may_register_t namesvc_may_register;

static void namesvc_release(void *arg, mach_port_name_t service)
{
	(void)arg;
	mach_port_deallocate(mach_task_self(), service);
}

static kern_return_t namesvc_watch(void *arg, mach_port_name_t service)
{
	(void)arg;
	return srv_request_dead_name(namesvc_server, service);
}

static void namesvc_answer(void *arg, mach_port_name_t reply, mach_port_name_t service,
			   kern_return_t rc)
{
	(void)arg;
	if (rc == KERN_SUCCESS) {
		/* The stub copies the table's send right and consumes reply. */
		if (name_lookup_reply(reply, service) != KERN_SUCCESS)
			mach_port_deallocate(mach_task_self(), reply);
	} else {
		srv_reply_error(namesvc_server, reply, name_name_lookup_MSGID, rc);
	}
}

uint64_t namesvc_now_ms(void)
{
	return u_clock() / 1000000u;
}

kern_return_t namesvc_init(struct srv_server *s, mach_port_t port,
			   namesvc_may_register_t may_register)
{
	const struct ns_ops ops = {
		.release = namesvc_release,
		.watch = namesvc_watch,
		.answer = namesvc_answer,
		.arg = NULL,
	};
	kern_return_t kr;

	namesvc_server = s;
	namesvc_may_register = may_register;
	ns_init(&namesvc_table, &ops);
	kr = srv_server_add_demux(s, name_server, name_MAX_MSG_SIZE);
	if (kr == KERN_SUCCESS)
		kr = srv_server_add_port(s, port);
	return kr;
}

static bool namesvc_reserved(const char *name)
{
	return strncmp(name, NAMESVC_RESERVED_PREFIX, strlen(NAMESVC_RESERVED_PREFIX)) == 0;
}

kern_return_t S_name_register(mach_port_t server, security_token_t token,
			      name_string_t name, mach_port_t service, int flags)
{
	(void)server;
	if (namesvc_reserved(name) || !namesvc_may_register(token))
		return KERN_NO_ACCESS;
	return ns_register(&namesvc_table, name, service, token, flags);
}

kern_return_t S_name_unregister(mach_port_t server, security_token_t token,
				name_string_t name)
{
	(void)server;
	if (namesvc_reserved(name))
		return KERN_NO_ACCESS;
	return ns_unregister(&namesvc_table, name, token);
}

kern_return_t S_name_lookup(mach_port_t server, mach_port_t reply,
			    mach_msg_type_name_t replyPoly, name_string_t name,
			    natural_t wait_ms, mach_port_t *service)
{
	kern_return_t kr;

	(void)server;
	(void)replyPoly;
	kr = ns_lookup(&namesvc_table, name, wait_ms, reply, namesvc_now_ms(), service);
	/*
	 * A waiting lookup keeps the reply right.  If the client dies
	 * meanwhile, the dead name frees its waiter slot early; without the
	 * request it would go at its deadline, so a failure costs nothing.
	 */
	if (kr == MIG_NO_REPLY)
		srv_request_dead_name(namesvc_server, reply);
	return kr;
}

kern_return_t S_name_list(mach_port_t server, name_list_t names,
			  mach_msg_type_number_t *namesCnt)
{
	(void)server;
	*namesCnt = (mach_msg_type_number_t)ns_list(&namesvc_table, names, NAME_LIST_MAX);
	return KERN_SUCCESS;
}

kern_return_t namesvc_register_own(const char *name, mach_port_t service)
{
	/* Bootstrap's token is the kernel's {0, 0}: uid 0. */
	const security_token_t self = { { 0, 0 } };

	return ns_register(&namesvc_table, name, service, self, 0);
}

bool namesvc_peek(const char *name, mach_port_t *service)
{
	return ns_lookup(&namesvc_table, name, 0, MACH_PORT_NULL, namesvc_now_ms(),
			 service) == KERN_SUCCESS;
}

void namesvc_dead_name(mach_port_t name)
{
	ns_port_dead(&namesvc_table, name);
	if (ns_cancel_waiter(&namesvc_table, name))
		mach_port_deallocate(mach_task_self(), name);
}

mach_msg_timeout_t namesvc_tick(void)
{
	uint64_t now = namesvc_now_ms();
	uint64_t next = ns_expire(&namesvc_table, now);

	if (next == NS_NO_DEADLINE)
		return SRV_WAIT_FOREVER;
	/* ns_expire answered everything due, so next > now. */
	return next - now > SRV_WAIT_FOREVER - 1 ? SRV_WAIT_FOREVER - 1 :
	       (mach_msg_timeout_t)(next - now);
}
