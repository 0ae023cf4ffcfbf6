/*
 * The name table (see name_table.h).  Both arrays are small and fixed
 * (NS_NAMES_MAX, NS_WAITERS_MAX): a linear scan is simpler than a hash
 * and costs nothing next to the IPC around each call.
 */
#include "name_table.h"

#include <string.h>

#include "device_errors.h"

void ns_init(struct ns_table *t, const struct ns_ops *ops)
{
	memset(t, 0, sizeof(*t));
	t->ops = *ops;
}

int ns_name_valid(const char *name)
{
	size_t n = 0;

	for (; name[n] != '\0'; n++)
		if (n >= NAME_LEN_MAX - 1 || name[n] < 0x21 || name[n] > 0x7e)
			return 0;
	return n > 0;
}

static struct ns_entry *ns_find(struct ns_table *t, const char *name)
{
	for (unsigned i = 0; i < NS_NAMES_MAX; i++)
		if (t->names[i].service != MACH_PORT_NULL && strcmp(t->names[i].name, name) == 0)
			return &t->names[i];
	return NULL;
}

static int ns_may_change(const struct ns_entry *e, security_token_t caller)
{
	return caller.val[0] == 0 ||
	       (caller.val[0] == e->owner.val[0] && caller.val[1] == e->owner.val[1]);
}

/* Answer, first-come first, every lookup waiting for e's name. */
static void ns_wake(struct ns_table *t, const struct ns_entry *e)
{
	for (;;) {
		struct ns_waiter *first = NULL;

		for (unsigned i = 0; i < NS_WAITERS_MAX; i++) {
			struct ns_waiter *w = &t->waiters[i];

			if (w->reply != MACH_PORT_NULL && strcmp(w->name, e->name) == 0 &&
			    (first == NULL || w->order < first->order))
				first = w;
		}
		if (first == NULL)
			return;
		t->ops.answer(t->ops.arg, first->reply, e->service, KERN_SUCCESS);
		first->reply = MACH_PORT_NULL;
	}
}

kern_return_t ns_register(struct ns_table *t, const char *name, mach_port_name_t service,
			  security_token_t caller, int flags)
{
	struct ns_entry *e;
	kern_return_t kr;

	if (!ns_name_valid(name) || !MACH_PORT_VALID(service))
		return KERN_INVALID_ARGUMENT;
	e = ns_find(t, name);
	if (e != NULL && (!(flags & NAME_REGISTER_REPLACE) || !ns_may_change(e, caller)))
		return KERN_NAME_EXISTS;
	for (unsigned i = 0; e == NULL && i < NS_NAMES_MAX; i++)
		if (t->names[i].service == MACH_PORT_NULL)
			e = &t->names[i];
	if (e == NULL)
		return KERN_RESOURCE_SHORTAGE;
	kr = t->ops.watch(t->ops.arg, service);
	if (kr != KERN_SUCCESS)
		return kr;
	/* Point of no return: the table takes the right. */
	if (e->service != MACH_PORT_NULL)
		t->ops.release(t->ops.arg, e->service);
	else
		e->order = t->next_order++;
	strcpy(e->name, name);
	e->service = service;
	e->owner = caller;
	ns_wake(t, e);
	return KERN_SUCCESS;
}

kern_return_t ns_unregister(struct ns_table *t, const char *name, security_token_t caller)
{
	struct ns_entry *e = ns_name_valid(name) ? ns_find(t, name) : NULL;

	if (e == NULL)
		return KERN_INVALID_NAME;
	if (!ns_may_change(e, caller))
		return KERN_NO_ACCESS;
	t->ops.release(t->ops.arg, e->service);
	e->service = MACH_PORT_NULL;
	return KERN_SUCCESS;
}

kern_return_t ns_lookup(struct ns_table *t, const char *name, uint32_t wait_ms,
			mach_port_name_t reply, uint64_t now, mach_port_name_t *service)
{
	struct ns_entry *e;

	if (!ns_name_valid(name) || wait_ms > NAME_LOOKUP_WAIT_MAX)
		return KERN_INVALID_ARGUMENT;
	e = ns_find(t, name);
	if (e != NULL) {
		*service = e->service;
		return KERN_SUCCESS;
	}
	if (wait_ms == 0)
		return KERN_INVALID_NAME;
	if (!MACH_PORT_VALID(reply))
		return KERN_INVALID_ARGUMENT;
	for (unsigned i = 0; i < NS_WAITERS_MAX; i++) {
		struct ns_waiter *w = &t->waiters[i];

		if (w->reply == MACH_PORT_NULL) {
			strcpy(w->name, name);
			w->reply = reply;
			w->deadline = now + wait_ms;
			w->order = t->next_order++;
			return MIG_NO_REPLY;
		}
	}
	return KERN_RESOURCE_SHORTAGE;
}

uint64_t ns_expire(struct ns_table *t, uint64_t now)
{
	uint64_t next = NS_NO_DEADLINE;

	for (unsigned i = 0; i < NS_WAITERS_MAX; i++) {
		struct ns_waiter *w = &t->waiters[i];

		if (w->reply == MACH_PORT_NULL)
			continue;
		if (w->deadline <= now) {
			t->ops.answer(t->ops.arg, w->reply, MACH_PORT_NULL, D_TIMED_OUT);
			w->reply = MACH_PORT_NULL;
		} else if (w->deadline < next) {
			next = w->deadline;
		}
	}
	return next;
}

unsigned ns_port_dead(struct ns_table *t, mach_port_name_t service)
{
	unsigned n = 0;

	for (unsigned i = 0; i < NS_NAMES_MAX; i++) {
		if (t->names[i].service == service && MACH_PORT_VALID(service)) {
			t->ops.release(t->ops.arg, service);
			t->names[i].service = MACH_PORT_NULL;
			n++;
		}
	}
	return n;
}

int ns_cancel_waiter(struct ns_table *t, mach_port_name_t reply)
{
	for (unsigned i = 0; i < NS_WAITERS_MAX; i++) {
		if (t->waiters[i].reply == reply && MACH_PORT_VALID(reply)) {
			t->waiters[i].reply = MACH_PORT_NULL;
			return 1;
		}
	}
	return 0;
}

size_t ns_list(const struct ns_table *t, char *buf, size_t room)
{
	size_t used = 0;
	uint64_t after = 0;
	int first = 1;

	/* Smallest order above the last one written, until none is left or full. */
	for (;;) {
		const struct ns_entry *next = NULL;
		size_t len;

		for (unsigned i = 0; i < NS_NAMES_MAX; i++) {
			const struct ns_entry *e = &t->names[i];

			if (e->service != MACH_PORT_NULL && (first || e->order > after) &&
			    (next == NULL || e->order < next->order))
				next = e;
		}
		if (next == NULL)
			return used;
		len = strlen(next->name) + 1;
		if (used + len > room)
			return used;
		memcpy(buf + used, next->name, len);
		used += len;
		after = next->order;
		first = 0;
	}
}
