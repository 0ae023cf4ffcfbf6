/*
 * IPC spaces: the name table, its free list and its reverse hash.
 * What a name's rights mean is ipc_right.c's business; this file only
 * hands out, finds and frees names.
 *
 * Lock order: see ipc_space.h.  Every function here expects the space
 * lock held (one CPU, no preemption in IPC code today: see DESIGN.md).
 */
#include "ipc/ipc_init.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_space.h"
#include "kern/panic.h"
#include "kern/string.h"
#include "kern/zalloc.h"

static uint32_t
ipc_hash_bucket(const struct ipc_space *space, const struct ipc_object *obj)
{
	uint64_t h = (uint64_t)(uintptr_t)obj >> 4;

	h *= 0x9e3779b97f4a7c15ull;	/* spreads aligned pointers */
	return (uint32_t)(h >> 32) % space->table_size;
}

/*
 * Entries whose object belongs in the reverse hash: the one name of a
 * port's send/receive rights, and port sets (for status reports).
 */
static bool
ipc_entry_hashed(const struct ipc_entry *e)
{
	return (e->type & (MACH_PORT_TYPE_SEND_RECEIVE |
	    MACH_PORT_TYPE_PORT_SET)) != 0;
}

void
ipc_hash_insert(struct ipc_space *space, const struct ipc_object *obj,
    mach_port_name_t name)
{
	uint32_t b = ipc_hash_bucket(space, obj);
	uint32_t index = IPC_NAME_INDEX(name);

	space->table[index].next = space->hash[b];
	space->hash[b] = index;
}

void
ipc_hash_remove(struct ipc_space *space, const struct ipc_object *obj,
    mach_port_name_t name)
{
	uint32_t index = IPC_NAME_INDEX(name);
	uint32_t *link = &space->hash[ipc_hash_bucket(space, obj)];

	while (*link != 0 && *link != index)
		link = &space->table[*link].next;
	assert(*link == index);
	*link = space->table[index].next;
	space->table[index].next = 0;
}

mach_port_name_t
ipc_hash_lookup(struct ipc_space *space, const struct ipc_object *obj)
{
	uint32_t i = space->hash[ipc_hash_bucket(space, obj)];

	for (; i != 0; i = space->table[i].next)
		if (space->table[i].object == obj)
			return ipc_entry_name(space, i);
	return MACH_PORT_NULL;
}

/*
 * Move to a table of new_size entries: copy the entries, chain the new
 * ones onto the free list (lowest index first), and rebuild the hash,
 * whose bucket count follows the table size.
 */
static kern_return_t
ipc_space_grow(struct ipc_space *space, uint32_t new_size)
{
	struct ipc_entry *table = kzalloc(new_size * sizeof(*table));
	uint32_t *hash = kzalloc(new_size * sizeof(*hash));
	uint32_t old_size = space->table_size;

	if (!table || !hash) {
		kfree(table, new_size * sizeof(*table));
		kfree(hash, new_size * sizeof(*hash));
		return KERN_RESOURCE_SHORTAGE;
	}
	if (old_size)
		memcpy(table, space->table, old_size * sizeof(*table));
	for (uint32_t i = new_size - 1; i >= MAX(old_size, 1u); i--) {
		table[i].next = space->free_head;
		space->free_head = i;
	}
	kfree(space->table, old_size * sizeof(*table));
	kfree(space->hash, old_size * sizeof(*hash));
	space->table = table;
	space->hash = hash;
	space->table_size = new_size;
	for (uint32_t i = 1; i < old_size; i++)
		if (ipc_entry_hashed(&table[i]))
			ipc_hash_insert(space, table[i].object,
			    ipc_entry_name(space, i));
	return KERN_SUCCESS;
}

/* Grow so that index `need` exists; KERN_NO_SPACE past the bound. */
static kern_return_t
ipc_space_grow_to(struct ipc_space *space, uint32_t need)
{
	uint32_t size = space->table_size;

	if (need >= space->limit)
		return KERN_NO_SPACE;
	while (size <= need)
		size = size ? size * 2 : IPC_SPACE_INITIAL_NAMES;
	return ipc_space_grow(space, MIN(size, space->limit));
}

struct ipc_space *
ipc_space_create(void)
{
	struct ipc_space *space;

	ipc_bootstrap();
	space = zalloc(ipc_space_zone);
	if (!space)
		return NULL;
	memset(space, 0, sizeof(*space));
	space->limit = IPC_SPACE_MAX_NAMES;
	space->active = true;
	space->refs = 1;
	if (ipc_space_grow(space, IPC_SPACE_INITIAL_NAMES) != KERN_SUCCESS) {
		zfree(ipc_space_zone, space);
		return NULL;
	}
	return space;
}

void
ipc_space_reference(struct ipc_space *space)
{
	space->refs++;
}

/* The last reference of a space that was never destroyed destroys it. */
void
ipc_space_release(struct ipc_space *space)
{
	assert(space->refs > 0);
	if (--space->refs > 0)
		return;
	if (space->active)
		ipc_space_destroy(space);
	assert(space->names_in_use == 0);
	kfree(space->table, space->table_size * sizeof(*space->table));
	kfree(space->hash, space->table_size * sizeof(*space->hash));
	zfree(ipc_space_zone, space);
}

/*
 * Deactivate first, so that notifications generated while the rights are
 * torn down cannot copy anything out into this space; then release each
 * name.  Releasing a right never allocates a name, so the table does not
 * move under the walk.
 */
void
ipc_space_destroy(struct ipc_space *space)
{
	if (!space->active)
		return;
	space->active = false;
	for (uint32_t i = 1; i < space->table_size; i++)
		if (space->table[i].type != MACH_PORT_TYPE_NONE)
			ipc_right_terminate(space, ipc_entry_name(space, i),
			    &space->table[i]);
}

struct ipc_entry *
ipc_entry_lookup(struct ipc_space *space, mach_port_name_t name)
{
	return ipc_entry_lookup_inline(space, name);
}

kern_return_t
ipc_entry_alloc(struct ipc_space *space, mach_port_name_t *namep,
    struct ipc_entry **entryp)
{
	kern_return_t kr;

	if (space->free_head == 0) {
		kr = ipc_space_grow_to(space, space->table_size);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	*entryp = ipc_entry_alloc_quick(space, namep);
	return KERN_SUCCESS;
}

/* Unlink a free index from the middle of the free list (rare: named alloc). */
static void
ipc_entry_unlink_free(struct ipc_space *space, uint32_t index)
{
	uint32_t *link = &space->free_head;

	while (*link != index) {
		assert(*link != 0);
		link = &space->table[*link].next;
	}
	*link = space->table[index].next;
	space->table[index].next = 0;
}

kern_return_t
ipc_entry_alloc_name(struct ipc_space *space, mach_port_name_t name,
    struct ipc_entry **entryp)
{
	uint32_t index = IPC_NAME_INDEX(name);
	kern_return_t kr;
	struct ipc_entry *e;

	if (!MACH_PORT_VALID(name) || index == 0 || index >= space->limit)
		return KERN_INVALID_NAME;
	if (index >= space->table_size) {
		kr = ipc_space_grow_to(space, index);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	e = &space->table[index];
	if (e->type != MACH_PORT_TYPE_NONE) {
		/* Another generation's right: the name is taken, but not
		   by anything this caller can name. */
		*entryp = e->gen == IPC_NAME_GEN(name) ? e : NULL;
		return KERN_NAME_EXISTS;
	}
	ipc_entry_unlink_free(space, index);
	e->gen = (uint8_t)IPC_NAME_GEN(name);
	space->names_in_use++;
	*entryp = e;
	return KERN_SUCCESS;
}

void
ipc_entry_free(struct ipc_space *space, mach_port_name_t name)
{
	struct ipc_entry *e = &space->table[IPC_NAME_INDEX(name)];

	assert(e->type == MACH_PORT_TYPE_NONE && e->object == NULL &&
	    e->dnrequest == NULL && e->urefs == 0);
	ipc_entry_free_inline(space, name, e);
}
