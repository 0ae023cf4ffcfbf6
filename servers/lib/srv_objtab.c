/*
 * The object table (see srv_objtab.h).  Slots hold pointers; an empty
 * slot is NULL.  Invariant: every object sits at its home slot or after
 * it with no empty slot in between (linear probing), which is what lets
 * lookup stop at the first empty slot and what removal restores.
 */
#include "srv_objtab.h"

#include <stdlib.h>

/* Fibonacci hashing: port names differ mostly in their middle bits
 * (index and generation), and the multiply spreads them over the top. */
static uint32_t objtab_home(const struct srv_objtab *t, mach_port_name_t port)
{
	uint32_t h = (uint32_t)port * 2654435769u;
	unsigned shift = 32;

	for (uint32_t c = t->cap; c > 1; c >>= 1)
		shift--;
	return shift == 32 ? 0 : h >> shift;
}

kern_return_t srv_objtab_init(struct srv_objtab *t, uint32_t max)
{
	if (max == 0 || max > SRV_OBJTAB_LIMIT)
		return KERN_INVALID_ARGUMENT;
	t->slots = calloc(SRV_OBJTAB_MIN, sizeof(*t->slots));
	if (t->slots == NULL)
		return KERN_RESOURCE_SHORTAGE;
	t->cap = SRV_OBJTAB_MIN;
	t->count = 0;
	t->max = max;
	return KERN_SUCCESS;
}

void srv_objtab_fini(struct srv_objtab *t)
{
	free(t->slots);
	t->slots = NULL;
	t->cap = t->count = 0;
}

/* Put obj in the first free slot from its home; the caller made room. */
static void objtab_place(struct srv_objtab *t, struct srv_object *obj)
{
	uint32_t i = objtab_home(t, obj->port);

	while (t->slots[i] != NULL)
		i = (i + 1) & (t->cap - 1);
	t->slots[i] = obj;
}

static kern_return_t objtab_grow(struct srv_objtab *t)
{
	struct srv_object **old = t->slots;
	uint32_t old_cap = t->cap;

	t->slots = calloc((size_t)old_cap * 2, sizeof(*t->slots));
	if (t->slots == NULL) {
		t->slots = old;
		return KERN_RESOURCE_SHORTAGE;
	}
	t->cap = old_cap * 2;
	for (uint32_t i = 0; i < old_cap; i++)
		if (old[i] != NULL)
			objtab_place(t, old[i]);
	free(old);
	return KERN_SUCCESS;
}

static uint32_t objtab_find(const struct srv_objtab *t, mach_port_name_t port, int *found)
{
	uint32_t i = objtab_home(t, port);

	while (t->slots[i] != NULL) {
		if (t->slots[i]->port == port) {
			*found = 1;
			return i;
		}
		i = (i + 1) & (t->cap - 1);
	}
	*found = 0;
	return i;
}

kern_return_t srv_objtab_insert(struct srv_objtab *t, struct srv_object *obj)
{
	int found;

	if (obj == NULL || !MACH_PORT_VALID(obj->port))
		return KERN_INVALID_ARGUMENT;
	objtab_find(t, obj->port, &found);
	if (found)
		return KERN_NAME_EXISTS;
	if (t->count >= t->max)
		return KERN_RESOURCE_SHORTAGE;
	/* Keep the load at most one half so that probes stay short. */
	if ((t->count + 1) * 2 > t->cap && objtab_grow(t) != KERN_SUCCESS)
		return KERN_RESOURCE_SHORTAGE;
	objtab_place(t, obj);
	t->count++;
	return KERN_SUCCESS;
}

struct srv_object *srv_objtab_lookup(const struct srv_objtab *t, mach_port_name_t port)
{
	int found;
	uint32_t i = objtab_find(t, port, &found);

	return found ? t->slots[i] : NULL;
}

/*
 * Backward-shift deletion: after emptying slot `hole`, move back each
 * later entry of the run whose home does not lie cyclically in
 * (hole, j], so that no entry is separated from its home by an empty slot.
 */
struct srv_object *srv_objtab_remove(struct srv_objtab *t, mach_port_name_t port)
{
	int found;
	uint32_t hole = objtab_find(t, port, &found), j = hole, mask = t->cap - 1;
	struct srv_object *obj;

	if (!found)
		return NULL;
	obj = t->slots[hole];
	t->slots[hole] = NULL;
	for (j = (j + 1) & mask; t->slots[j] != NULL; j = (j + 1) & mask) {
		uint32_t home = objtab_home(t, t->slots[j]->port);
		int stays = hole <= j ? (hole < home && home <= j)
				      : (hole < home || home <= j);

		if (!stays) {
			t->slots[hole] = t->slots[j];
			t->slots[j] = NULL;
			hole = j;
		}
	}
	t->count--;
	return obj;
}
