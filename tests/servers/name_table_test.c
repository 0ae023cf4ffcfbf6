/*
 * The bootstrap name table: register/replace/unregister rules, lookups
 * that wait and are answered in order when the name appears or with
 * D_TIMED_OUT when their deadline passes, names dropped when their
 * service dies, the bounds, and the list.  Ports are plain numbers here:
 * the ops record what the server would do with them.
 */
#include <stdio.h>
#include <string.h>

#include "device_errors.h"
#include "name_table.h"
#include "tap.h"

static unsigned released, watched;
static mach_port_name_t answered_reply[16], answered_service[16];
static kern_return_t answered_rc[16];
static unsigned nanswers;

static void op_release(void *arg, mach_port_name_t s) { (void)arg; (void)s; released++; }
static kern_return_t op_watch(void *arg, mach_port_name_t s)
{
	(void)arg;
	watched++;
	return s == 666 ? KERN_INVALID_RIGHT : KERN_SUCCESS;	/* 666: already dead */
}
static void op_answer(void *arg, mach_port_name_t reply, mach_port_name_t service, kern_return_t rc)
{
	(void)arg;
	if (nanswers < 16) {
		answered_reply[nanswers] = reply;
		answered_service[nanswers] = service;
		answered_rc[nanswers] = rc;
	}
	nanswers++;
}

static const struct ns_ops ops = { op_release, op_watch, op_answer, NULL };
static struct ns_table t;

int main(void)
{
	security_token_t alice = { { 1000, 1000 } }, bob = { { 1001, 1001 } }, root = { { 0, 0 } };
	mach_port_name_t svc = 0;
	char list[64];
	int ok = 1;

	TAP_PLAN(17);
	ns_init(&t, &ops);
	TAP_OK(ns_register(&t, "console", 10, alice, 0) == KERN_SUCCESS && watched == 1,
	       "register; the service is watched for death");
	TAP_OK(ns_register(&t, "console", 11, bob, 0) == KERN_NAME_EXISTS, "a taken name is refused");
	TAP_OK(ns_register(&t, "console", 11, bob, NAME_REGISTER_REPLACE) == KERN_NAME_EXISTS,
	       "another task may not replace it");
	TAP_OK(ns_register(&t, "console", 12, alice, NAME_REGISTER_REPLACE) == KERN_SUCCESS &&
	       released == 1 && ns_lookup(&t, "console", 0, 0, 0, &svc) == KERN_SUCCESS && svc == 12,
	       "the registrant replaces it; the old right is released");
	TAP_OK(ns_register(&t, "bad\tname", 13, alice, 0) == KERN_INVALID_ARGUMENT &&
	       ns_register(&t, "", 13, alice, 0) == KERN_INVALID_ARGUMENT &&
	       ns_register(&t, "sp ace", 13, alice, 0) == KERN_INVALID_ARGUMENT,
	       "malformed names are refused");
	TAP_OK(ns_register(&t, "dead", 666, alice, 0) == KERN_INVALID_RIGHT &&
	       ns_lookup(&t, "dead", 0, 0, 0, &svc) == KERN_INVALID_NAME,
	       "a service that cannot be watched is not registered");
	TAP_OK(ns_unregister(&t, "console", bob) == KERN_NO_ACCESS &&
	       ns_unregister(&t, "console", root) == KERN_SUCCESS && released == 2,
	       "unregister: not by others, by uid 0");
	/* '/' is allowed: bootstrap's task/NAME entries (namesvc.c reserves the prefix). */
	TAP_OK(ns_register(&t, "task/console", 14, alice, 0) == KERN_SUCCESS &&
	       ns_lookup(&t, "task/console", 0, 0, 0, &svc) == KERN_SUCCESS && svc == 14 &&
	       ns_unregister(&t, "task/console", alice) == KERN_SUCCESS && released == 3,
	       "a name with '/' is a name like any other for the table");

	/* Waiting lookups. */
	TAP_OK(ns_lookup(&t, "disk", 100, 501, 1000, &svc) == MIG_NO_REPLY &&
	       ns_lookup(&t, "disk", 500, 502, 1001, &svc) == MIG_NO_REPLY &&
	       ns_lookup(&t, "tty", 50, 503, 1002, &svc) == MIG_NO_REPLY && nanswers == 0,
	       "lookups of missing names wait");
	TAP_OK(ns_lookup(&t, "x", NAME_LOOKUP_WAIT_MAX + 1, 504, 0, &svc) == KERN_INVALID_ARGUMENT,
	       "a wait over the bound is refused");
	TAP_OK(ns_expire(&t, 1010) == 1052 && nanswers == 0, "the next deadline is the earliest");
	TAP_OK(ns_register(&t, "disk", 20, alice, 0) == KERN_SUCCESS && nanswers == 2 &&
	       answered_reply[0] == 501 && answered_reply[1] == 502 &&
	       answered_service[0] == 20 && answered_rc[1] == KERN_SUCCESS,
	       "registering answers the waiters, first come first");
	TAP_OK(ns_expire(&t, 1052) == NS_NO_DEADLINE && nanswers == 3 && answered_reply[2] == 503 &&
	       answered_rc[2] == D_TIMED_OUT, "a waiter whose deadline passed gets D_TIMED_OUT");

	TAP_OK(ns_register(&t, "disk2", 20, alice, 0) == KERN_SUCCESS &&
	       ns_port_dead(&t, 20) == 2 && ns_lookup(&t, "disk2", 0, 0, 0, &svc) == KERN_INVALID_NAME,
	       "a dead service takes all its names with it");

	for (unsigned i = 0; i < NS_NAMES_MAX; i++) {
		char name[16];

		snprintf(name, sizeof(name), "n%u", i);
		ok &= ns_register(&t, name, 100 + i, alice, 0) == KERN_SUCCESS;
	}
	TAP_OK(ok && ns_register(&t, "onemore", 99, alice, 0) == KERN_RESOURCE_SHORTAGE,
	       "the table holds %u names and refuses more", NS_NAMES_MAX);
	for (unsigned i = 0; i < NS_WAITERS_MAX; i++)
		ok &= ns_lookup(&t, "later", 1000, 1000 + i, 0, &svc) == MIG_NO_REPLY;
	TAP_OK(ok && ns_lookup(&t, "later", 1000, 9999, 0, &svc) == KERN_RESOURCE_SHORTAGE &&
	       ns_cancel_waiter(&t, 1000) == 1 && ns_lookup(&t, "later", 1000, 9999, 0, &svc) == MIG_NO_REPLY,
	       "waiters are bounded; a cancelled one frees its slot");
	TAP_OK(ns_list(&t, list, 10) == 9 && memcmp(list, "n0\0n1\0n2\0", 9) == 0,
	       "list: names in registration order, as many as fit");
	return TAP_DONE();
}
