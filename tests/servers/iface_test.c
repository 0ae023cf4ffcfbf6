/*
 * The interfaces of idl/defs/servers: client and server stubs of
 * name.defs, console.defs and block.defs run against each other through
 * the server library over the simulated kernel, and every deferred reply
 * built with a *_reply.defs stub (or srv_reply_error) is accepted by the
 * client stub of the call it answers: same id, same layout.
 */
#include <string.h>

#include "block.h"
#include "blockServer.h"
#include "block_reply.h"
#include "console.h"
#include "consoleServer.h"
#include "console_reply.h"
#include "name.h"
#include "nameServer.h"
#include "name_reply.h"
#include "simkern.h"
#include "srv_loop.h"
#include "srv_reply.h"
#include "tap.h"

static struct srv_server server;
static mach_port_name_t held_reply;	/* a deferred call's reply right */
static mach_msg_id_t held_id;
static int (*answer)(void);		/* run once the server is idle */

/* ---- server functions: each defers, and the test answers later ---- */

static kern_return_t defer(mach_port_t reply, mach_msg_type_name_t poly, mach_msg_id_t id)
{
	if (poly != MACH_MSG_TYPE_PORT_SEND_ONCE)
		return KERN_INVALID_RIGHT;
	held_reply = reply;
	held_id = id;
	return MIG_NO_REPLY;
}

kern_return_t S_console_write(mach_port_t c, mach_port_t r, mach_msg_type_name_t p,
			      console_data_t d, mach_msg_type_number_t n, natural_t *w)
{
	(void)c; (void)d; (void)n; (void)w;
	return defer(r, p, console_console_write_MSGID);
}
kern_return_t S_console_read(mach_port_t c, mach_port_t r, mach_msg_type_name_t p, int mode,
			     natural_t max, console_data_t d, mach_msg_type_number_t *n)
{
	(void)c; (void)mode; (void)max; (void)d; (void)n;
	return defer(r, p, console_console_read_MSGID);
}
kern_return_t S_console_wait_input(mach_port_t c, mach_port_t r, mach_msg_type_name_t p,
				   natural_t *avail)
{
	(void)c; (void)avail;
	return defer(r, p, console_console_wait_input_MSGID);
}
kern_return_t S_console_interrupt(mach_port_t c) { (void)c; return KERN_SUCCESS; }

kern_return_t S_block_read(mach_port_t d, mach_port_t r, mach_msg_type_name_t p, uint64_t off,
			   natural_t size, block_data_t *data, mach_msg_type_number_t *n)
{
	(void)d; (void)off; (void)size; (void)data; (void)n;
	return defer(r, p, block_block_read_MSGID);
}
kern_return_t S_block_write(mach_port_t d, mach_port_t r, mach_msg_type_name_t p, uint64_t off,
			    block_data_t data, mach_msg_type_number_t n)
{
	(void)d; (void)off;
	mig_deallocate((vm_address_t)data, n);
	return defer(r, p, block_block_write_MSGID);
}
kern_return_t S_block_get_size(mach_port_t d, uint64_t *size, natural_t *ss)
{
	(void)d;
	*size = 1 << 20;
	*ss = 512;
	return KERN_SUCCESS;
}
kern_return_t S_block_flush(mach_port_t d, mach_port_t r, mach_msg_type_name_t p)
{
	(void)d;
	return defer(r, p, block_block_flush_MSGID);
}

kern_return_t S_name_register(mach_port_t s, security_token_t t, name_string_t name,
			      mach_port_t svc, int flags)
{
	(void)s; (void)t; (void)name; (void)flags;
	sk_deallocate(svc);
	return KERN_SUCCESS;
}
kern_return_t S_name_unregister(mach_port_t s, security_token_t t, name_string_t name)
{
	(void)s; (void)t; (void)name;
	return KERN_INVALID_NAME;
}
kern_return_t S_name_lookup(mach_port_t s, mach_port_t r, mach_msg_type_name_t p,
			    name_string_t name, natural_t wait_ms, mach_port_t *svc)
{
	(void)s; (void)name; (void)wait_ms; (void)svc;
	return defer(r, p, name_name_lookup_MSGID);
}
kern_return_t S_name_list(mach_port_t s, name_list_t names, mach_msg_type_number_t *n)
{
	(void)s;
	memcpy(names, "a\0b", 4);
	*n = 4;
	return KERN_SUCCESS;
}

/* ---- the deferred answers ---- */

static mach_port_name_t service_port;

static int answer_read(void) { return console_read_reply(held_reply, KERN_SUCCESS, "hi!", 3); }
static int answer_write(void) { return console_write_reply(held_reply, KERN_SUCCESS, 5); }
static int answer_wait(void) { return console_wait_input_reply(held_reply, KERN_SUCCESS, 7); }
static int answer_error(void) { return srv_reply_error(&server, held_reply, held_id, D_INTERRUPTED); }
static int answer_lookup(void) { return name_lookup_reply(held_reply, service_port); }
static int answer_flush(void) { return block_flush_reply(held_reply, KERN_SUCCESS); }
static int answer_bread(void)
{
	char *data = sk_vm_allocate(1024);

	memset(data, 0x5A, 1024);
	return block_read_reply(held_reply, data, 1024);
}

static int pump(void *arg)
{
	int progress = 0;

	(void)arg;
	while (srv_loop_once(&server, 0) == MACH_MSG_SUCCESS)
		progress = 1;
	if (!progress && held_reply != MACH_PORT_NULL && answer != NULL) {
		answer();
		held_reply = MACH_PORT_NULL;
		progress = 1;
	}
	return progress;
}

static void test_console(mach_port_name_t port)
{
	char buf[CONSOLE_IO_MAX];
	mach_msg_type_number_t n = sizeof(buf);
	natural_t v = 0;
	kern_return_t kr;

	answer = answer_read;
	TAP_OK(console_read(port, 0, 100, buf, &n) == KERN_SUCCESS && n == 3 && memcmp(buf, "hi!", 3) == 0,
	       "console_read answered later by console_read_reply");
	answer = answer_write;
	TAP_OK(console_write(port, "hello", 5, &v) == KERN_SUCCESS && v == 5,
	       "console_write answered by console_write_reply");
	answer = answer_wait;
	TAP_OK(console_wait_input(port, &v) == KERN_SUCCESS && v == 7,
	       "console_wait_input answered by console_wait_input_reply");
	answer = answer_error;
	n = sizeof(buf);
	kr = console_read(port, 0, 100, buf, &n);
	TAP_OK(kr == D_INTERRUPTED, "a deferred error (srv_reply_error) reaches console_read: %d", kr);
}

static void test_block(mach_port_name_t port)
{
	char *data = NULL;
	mach_msg_type_number_t n = 0;
	uint64_t size = 0;
	natural_t ss = 0;

	TAP_OK(block_get_size(port, &size, &ss) == KERN_SUCCESS && size == 1 << 20 && ss == 512,
	       "block_get_size");
	answer = answer_bread;
	TAP_OK(block_read(port, 0, 1024, &data, &n) == KERN_SUCCESS && n == 1024 &&
	       data != NULL && data[1023] == 0x5A, "block_read answered by block_read_reply (out of line)");
	if (data != NULL)
		mig_deallocate((vm_address_t)data, n);
	answer = answer_flush;
	TAP_OK(block_flush(port) == KERN_SUCCESS, "block_flush answered by block_flush_reply");
	answer = answer_error;
	TAP_OK(block_write(port, 0, "x", 1) == D_INTERRUPTED, "block_write answered with an error");
}

static void test_name(mach_port_name_t port)
{
	mach_port_name_t got = MACH_PORT_NULL;
	char names[NAME_LIST_MAX];
	mach_msg_type_number_t n = sizeof(names);

	service_port = sk_port_alloc();
	sk_make_send(service_port);
	TAP_OK(name_register(port, "console", service_port, 0) == KERN_SUCCESS, "name_register");
	answer = answer_lookup;
	TAP_OK(name_lookup(port, "console", 1000, &got) == KERN_SUCCESS && got == service_port &&
	       sk_send_refs(service_port) == 2,
	       "name_lookup answered by name_lookup_reply with a copy of the send right");
	TAP_OK(name_list(port, names, &n) == KERN_SUCCESS && n == 4, "name_list");
}

int main(void)
{
	mach_port_name_t port;

	TAP_PLAN(12);
	sk_reset();
	srv_server_init(&server, &sk_ipc, 16);
	srv_server_add_demux(&server, console_server, console_MAX_MSG_SIZE);
	srv_server_add_demux(&server, block_server, block_MAX_MSG_SIZE);
	srv_server_add_demux(&server, name_server, name_MAX_MSG_SIZE);
	port = sk_port_alloc();
	sk_make_send(port);
	srv_server_add_port(&server, port);
	sk_set_pump(pump, NULL);
	test_console(port);
	test_block(port);
	test_name(port);
	srv_server_fini(&server);
	TAP_OK(sk_live_regions() == 0, "no memory left behind");
	return TAP_DONE();
}
