/*
 * The server library's object table: insert, lookup, remove, growth,
 * the bound, and removal keeping every other entry reachable (the
 * backward shift), with many objects and names that collide.
 */
#include <stdlib.h>

#include "srv_objtab.h"
#include "tap.h"

#define MANY 5000

static struct srv_object objs[MANY];

/* Every object in [0, n) whose present[] is set is found, no other. */
static int all_found(struct srv_objtab *t, const char *present, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		struct srv_object *o = srv_objtab_lookup(t, objs[i].port);

		if (present[i] ? o != &objs[i] : o != NULL)
			return 0;
	}
	return 1;
}

int main(void)
{
	struct srv_objtab t;
	struct srv_object dup = { .port = 0x1003 };
	static char present[MANY];
	unsigned removed = 0;
	int ok = 1;

	TAP_PLAN(12);
	TAP_OK(srv_objtab_init(&t, 0) == KERN_INVALID_ARGUMENT, "a bound of 0 is refused");
	TAP_OK(srv_objtab_init(&t, MANY) == KERN_SUCCESS, "init");
	/* Names with a stride: they collide in the low bits, as kernel names do. */
	for (unsigned i = 0; i < MANY; i++) {
		objs[i].port = 0x1003 + i * 0x100;
		ok &= srv_objtab_insert(&t, &objs[i]) == KERN_SUCCESS;
		present[i] = 1;
	}
	TAP_OK(ok && t.count == MANY, "%u objects inserted", MANY);
	TAP_OK(t.cap >= 2 * MANY && (t.cap & (t.cap - 1)) == 0,
	       "the table grew to a power of two, at most half full (cap %u)", t.cap);
	TAP_OK(all_found(&t, present, MANY), "each is found");
	TAP_OK(srv_objtab_insert(&t, &dup) == KERN_NAME_EXISTS, "a port taken twice is refused");
	{
		struct srv_object extra = { .port = 0x7fffff01 };

		TAP_OK(srv_objtab_insert(&t, &extra) == KERN_RESOURCE_SHORTAGE,
		       "an insert past the bound is refused");
	}
	TAP_OK(srv_objtab_lookup(&t, 0x1004) == NULL && srv_objtab_remove(&t, 0x1004) == NULL,
	       "an unknown port is neither found nor removed");
	/* Remove a pseudo-random half; the rest must stay reachable. */
	srand(7);
	for (unsigned k = 0; k < MANY; k++) {
		unsigned i = (unsigned)rand() % MANY;

		if (present[i]) {
			ok &= srv_objtab_remove(&t, objs[i].port) == &objs[i];
			present[i] = 0;
			removed++;
		}
	}
	TAP_OK(ok && t.count == MANY - removed, "%u removed", removed);
	TAP_OK(all_found(&t, present, MANY), "the others are all still found after removals");
	for (unsigned i = 0; i < MANY; i++)
		if (!present[i]) {
			ok &= srv_objtab_insert(&t, &objs[i]) == KERN_SUCCESS;
			present[i] = 1;
		}
	TAP_OK(ok && all_found(&t, present, MANY), "reinserted: all found again");
	for (unsigned i = 0; i < MANY; i++)
		ok &= srv_objtab_remove(&t, objs[i].port) == &objs[i];
	TAP_OK(ok && t.count == 0, "all removed, table empty");
	srv_objtab_fini(&t);
	return TAP_DONE();
}
