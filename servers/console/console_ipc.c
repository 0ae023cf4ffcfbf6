/*
 * console.defs on the console core: the S_console_* functions the
 * generated demux (gen/consoleServer.c) calls after checking the message,
 * and the deferred replies the core sends through console_reply_ops.
 *
 * A client is named by the port its request came in on: console_interrupt
 * cancels the waiting calls that came through the same port.  Today every
 * client shares the one port registered as "console" (DESIGN.md says why
 * that is enough until the tty server sits in front of it).
 *
 * The reply right of a waiting call.  A call the core makes wait keeps its
 * send-once reply right in the core's slot, and a dead-name request on it
 * tells us when the client's reply port dies (the client task died, or it
 * gave up): console_reply_port_died then forgets the call, so the input it
 * would have taken goes to the next reader.  Ownership of our reference
 * to the right is simple: whoever ends the call owns it.  An answer
 * consumes it (sent) or deallocates it (not sent); the dead-name callback
 * deallocates it only if the call was still waiting.  The notification's
 * own extra reference is dropped by the server library.
 */
#include "console_driver.h"

#include "consoleServer.h"
#include "console_reply.h"
#include "device_errors.h"
#include "libmach.h"
#include "srv_reply.h"

/* The core wants the reply right only if it may keep it (a send-once). */
static mach_port_name_t usable_reply(mach_port_t reply, mach_msg_type_name_t poly)
{
	return poly == MACH_MSG_TYPE_PORT_SEND_ONCE ? reply : MACH_PORT_NULL;
}

/*
 * The core made the call wait: arm the dead-name request, or, if the
 * kernel cannot take one, take the call back and fail it now (the loop
 * then sends the error reply through the right we did not keep).
 */
static kern_return_t watch_waiting_call(kern_return_t rc, mach_port_name_t reply)
{
	if (rc != MIG_NO_REPLY)
		return rc;
	if (srv_request_dead_name(&console_driver.server, reply) == KERN_SUCCESS)
		return MIG_NO_REPLY;
	cons_cancel_reply(&console_driver.cons, reply);
	return KERN_RESOURCE_SHORTAGE;
}

static const void *client_of(mach_port_t console)
{
	return (const void *)(uintptr_t)console;
}

kern_return_t S_console_write(mach_port_t console, mach_port_t reply, mach_msg_type_name_t replyPoly,
			      console_data_t data, mach_msg_type_number_t dataCnt, natural_t *written)
{
	mach_port_name_t r = usable_reply(reply, replyPoly);
	uint32_t n = 0;
	kern_return_t rc;

	rc = cons_write(&console_driver.cons, client_of(console), r, data, dataCnt, &n);
	*written = n;
	return watch_waiting_call(rc, r);
}

kern_return_t S_console_read(mach_port_t console, mach_port_t reply, mach_msg_type_name_t replyPoly,
			     int mode, natural_t max, console_data_t data,
			     mach_msg_type_number_t *dataCnt)
{
	mach_port_name_t r = usable_reply(reply, replyPoly);
	uint32_t n = 0;
	kern_return_t rc;

	rc = cons_read(&console_driver.cons, client_of(console), r, mode, max, data, &n);
	*dataCnt = n;
	return watch_waiting_call(rc, r);
}

kern_return_t S_console_wait_input(mach_port_t console, mach_port_t reply,
				   mach_msg_type_name_t replyPoly, natural_t *available)
{
	mach_port_name_t r = usable_reply(reply, replyPoly);
	uint32_t n = 0;
	kern_return_t rc;

	rc = cons_wait_input(&console_driver.cons, client_of(console), r, &n);
	*available = n;
	return watch_waiting_call(rc, r);
}

kern_return_t S_console_interrupt(mach_port_t console)
{
	cons_interrupt(&console_driver.cons, client_of(console));
	return KERN_SUCCESS;
}

/* ---- deferred replies (struct cons_ops) ---- */

/* After an answer: a right the kernel did not take is ours to drop. */
static void reply_sent(mach_port_name_t reply, kern_return_t mr)
{
	if (mr == MACH_MSG_SUCCESS)
		return;
	console_driver.replies_failed++;
	mach_port_deallocate(mach_task_self(), reply);
}

/* A failed call is answered with the short error reply, which
 * srv_reply_error sends (or drops) through the right whatever happens. */
static int answered_error(mach_port_name_t reply, mach_msg_id_t request_id, kern_return_t rc)
{
	if (rc == KERN_SUCCESS)
		return 0;
	srv_reply_error(&console_driver.server, reply, request_id, rc);
	return 1;
}

static void read_done(void *arg, mach_port_name_t reply, const char *data, uint32_t n,
		      kern_return_t rc)
{
	(void)arg;
	/* console_data_t is char[]: the stub copies the bytes, it never writes them. */
	if (!answered_error(reply, console_console_read_MSGID, rc))
		reply_sent(reply, console_read_reply(reply, KERN_SUCCESS, (char *)(uintptr_t)data, n));
}

static void wait_done(void *arg, mach_port_name_t reply, uint32_t available, kern_return_t rc)
{
	(void)arg;
	if (!answered_error(reply, console_console_wait_input_MSGID, rc))
		reply_sent(reply, console_wait_input_reply(reply, KERN_SUCCESS, available));
}

static void write_done(void *arg, mach_port_name_t reply, uint32_t written, kern_return_t rc)
{
	(void)arg;
	if (!answered_error(reply, console_console_write_MSGID, rc))
		reply_sent(reply, console_write_reply(reply, KERN_SUCCESS, written));
}

const struct cons_ops console_reply_ops = { read_done, wait_done, write_done, NULL };

void console_reply_port_died(struct srv_server *s, mach_port_name_t name, void *arg)
{
	(void)arg;
	if (cons_cancel_reply(&console_driver.cons, name))
		s->ipc->port_deallocate(name);
}
