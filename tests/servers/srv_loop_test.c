/*
 * The server library's receive loop over the simulated kernel: requests
 * built by harbor-mig client stubs are dispatched to the generated demux;
 * error replies destroy the request (rights and memory come back);
 * deferred replies are sent later; objects die on no-senders (and not on
 * a stale or forged notification); dead-name notifications reach the
 * server's callback.
 */
#include <stdlib.h>
#include <string.h>

#include <mach/notify.h>

#include "simkern.h"
#include "srv_loop.h"
#include "srv_reply.h"
#include "srvtest.h"
#include "srvtestServer.h"
#include "tap.h"

static struct srv_server server;
static mach_port_name_t deferred_reply;
static int answer_deferred;
static int notes, released, dead_calls;
static mach_port_name_t kept_right, dead_seen;

struct test_obj {
	struct srv_object base;
	int id;
};

static void test_obj_no_senders(struct srv_object *obj)
{
	released++;
	free(obj);
}

static const struct srv_object_ops test_obj_ops = { .no_senders = test_obj_no_senders };

kern_return_t T_st_echo(mach_port_t s, int x, int *y)
{
	(void)s;
	*y = x + 1;
	return KERN_SUCCESS;
}

kern_return_t T_st_give(mach_port_t s, mach_port_t right, st_bytes_t data,
			mach_msg_type_number_t n, boolean_t keep)
{
	(void)s;
	if (!keep)
		return KERN_INVALID_ARGUMENT;	/* took nothing: the loop destroys it all */
	kept_right = right;
	mig_deallocate((vm_address_t)data, n);
	return KERN_SUCCESS;
}

kern_return_t T_st_defer(mach_port_t s, mach_port_t reply, mach_msg_type_name_t poly, int *y)
{
	(void)s;
	(void)y;
	if (poly != MACH_MSG_TYPE_PORT_SEND_ONCE)
		return KERN_INVALID_RIGHT;
	deferred_reply = reply;
	return MIG_NO_REPLY;
}

kern_return_t T_st_new_object(mach_port_t s, mach_port_t *obj)
{
	struct test_obj *o = calloc(1, sizeof(*o));
	kern_return_t kr;

	(void)s;
	kr = srv_object_create(&server, &o->base, &test_obj_ops);
	if (kr != KERN_SUCCESS) {
		free(o);
		return kr;
	}
	*obj = o->base.port;
	return KERN_SUCCESS;
}

kern_return_t T_st_note(mach_port_t s, int x)
{
	(void)s;
	notes += x;
	return KERN_SUCCESS;
}

static void on_dead_name(struct srv_server *s, mach_port_name_t name, void *arg)
{
	(void)arg;
	dead_calls++;
	dead_seen = name;
	s->ipc->port_deallocate(name);	/* the server's own reference */
}

/* Lets the server run while a client waits; answers a deferred call once idle. */
static int pump(void *arg)
{
	int progress = 0;

	(void)arg;
	while (srv_loop_once(&server, 0) == MACH_MSG_SUCCESS)
		progress = 1;
	if (!progress && answer_deferred && deferred_reply != MACH_PORT_NULL) {
		srv_reply_error(&server, deferred_reply, srvtest_st_defer_MSGID, 1234);
		deferred_reply = MACH_PORT_NULL;
		progress = 1;
	}
	return progress;
}

static void run_server(void)
{
	while (srv_loop_once(&server, 0) == MACH_MSG_SUCCESS)
		;
}

static void test_calls(mach_port_name_t svc)
{
	mach_port_name_t p = sk_port_alloc();
	char data[100] = "payload";
	int y = 0;

	TAP_OK(st_echo(svc, 41, &y) == KERN_SUCCESS && y == 42, "a request is dispatched and answered");
	sk_make_send(p);
	TAP_OK(st_give(svc, p, data, sizeof(data), FALSE) == KERN_INVALID_ARGUMENT,
	       "an error reply reaches the client");
	TAP_OK(sk_send_rights(p) == 0 && sk_live_regions() == 0 && server.stats.destroyed == 1,
	       "the refused request was destroyed: its send right and memory are gone");
	sk_make_send(p);
	TAP_OK(st_give(svc, p, data, sizeof(data), TRUE) == KERN_SUCCESS && kept_right == p &&
	       sk_send_refs(p) == 1 && sk_live_regions() == 0,
	       "on success the server function owns the right and the memory");
	TAP_OK(st_note(svc, 5) == KERN_SUCCESS && (run_server(), notes == 5) &&
	       sk_queued(mig_get_reply_port()) == 0, "a simpleroutine runs and gets no reply");
	{
		union {
			mig_reply_error_t m;
			char room[sizeof(mig_reply_error_t) + MAX_TRAILER_SIZE];
		} u = { 0 };
		mach_port_name_t reply = mig_get_reply_port();

		u.m.Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
		u.m.Head.msgh_remote_port = svc;
		u.m.Head.msgh_local_port = reply;
		u.m.Head.msgh_id = 12345;
		TAP_OK(mach_msg(&u.m.Head, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(u.m.Head), sizeof(u),
				reply, 0, 0) == MACH_MSG_SUCCESS && u.m.Head.msgh_id == 12445 &&
		       u.m.RetCode == MIG_BAD_ID && server.stats.bad_id == 1,
		       "an unknown id is answered MIG_BAD_ID");
	}
	/* The server keeps a send right to p: ask to hear when p dies. */
	TAP_OK(srv_request_dead_name(&server, p) == KERN_SUCCESS, "dead-name requested");
	sk_destroy_receive(p);
	run_server();
	TAP_OK(dead_calls == 1 && dead_seen == p && sk_dead_refs(p) == 0,
	       "the dead-name notification reaches the callback; every reference is dropped");
}

static void test_deferred(mach_port_name_t svc)
{
	unsigned long deferred = server.stats.deferred;
	int y = 0;
	kern_return_t kr;

	answer_deferred = 1;
	kr = st_defer(svc, &y);
	TAP_OK(kr == 1234 && server.stats.deferred == deferred + 1,
	       "MIG_NO_REPLY sends nothing; the later error reply reaches the client (%d)", kr);
	answer_deferred = 0;
	kr = st_defer(svc, &y);
	TAP_OK(kr == MACH_RCV_TIMED_OUT && deferred_reply != MACH_PORT_NULL,
	       "a client that stops waiting gives up its reply port");
	TAP_OK(srv_reply_error(&server, deferred_reply, srvtest_st_defer_MSGID, 1) != MACH_MSG_SUCCESS &&
	       server.stats.send_failed == 1, "a late reply to a vanished client fails quietly");
	deferred_reply = MACH_PORT_NULL;
}

static void test_objects(mach_port_name_t svc)
{
	mach_port_name_t obj = MACH_PORT_NULL, obj2 = MACH_PORT_NULL;
	mach_no_senders_notification_t forged = { 0 };

	TAP_OK(st_new_object(svc, &obj) == KERN_SUCCESS && sk_send_refs(obj) == 1 &&
	       srv_object_lookup(&server, obj) != NULL, "a new object's port comes back with a send right");
	sk_deallocate(obj);
	run_server();
	TAP_OK(released == 1 && srv_object_lookup(&server, obj) == NULL && !sk_is_alive(obj),
	       "no senders: the object is released and its port destroyed");

	TAP_OK(st_new_object(svc, &obj2) == KERN_SUCCESS, "another object");
	sk_make_send(obj2);
	forged.not_header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	forged.not_header.msgh_remote_port = obj2;
	forged.not_header.msgh_id = MACH_NOTIFY_NO_SENDERS;
	forged.not_count = 1;
	mach_msg(&forged.not_header, MACH_SEND_MSG, sizeof(forged), 0, 0, 0, 0);
	run_server();
	TAP_OK(released == 1 && srv_object_lookup(&server, obj2) != NULL && server.stats.forged == 1,
	       "a client's forged no-senders message is dropped, the object lives");
	sk_deallocate(obj2);
	sk_deallocate(obj2);	/* the notification is now queued ... */
	sk_make_send(obj2);	/* ... and a new send right made before it is read */
	run_server();
	TAP_OK(released == 1 && srv_object_lookup(&server, obj2) != NULL,
	       "a stale no-senders (make-send count moved on) keeps the object");
	sk_deallocate(obj2);
	run_server();
	TAP_OK(released == 2 && server.objects.count == 0, "the re-armed notification releases it");
}

int main(void)
{
	mach_port_name_t svc;

	TAP_PLAN(20);
	sk_reset();
	TAP_OK(srv_server_init(&server, &sk_ipc, 64) == KERN_SUCCESS &&
	       srv_server_add_demux(&server, srvtest_server, srvtest_MAX_MSG_SIZE) == KERN_SUCCESS,
	       "server set up");
	srv_server_on_dead_name(&server, on_dead_name, NULL);
	svc = sk_port_alloc();
	sk_make_send(svc);
	TAP_OK(srv_server_add_port(&server, svc) == KERN_SUCCESS, "service port served");
	sk_set_pump(pump, NULL);
	test_calls(svc);
	test_deferred(svc);
	test_objects(svc);
	srv_server_fini(&server);
	TAP_OK(sk_live_regions() == 0, "no memory left behind");
	return TAP_DONE();
}
