/*
 * IPC spaces: a task's names for its rights.
 *
 * A name is 32 bits: a table index above IPC_NAME_GEN_BITS bits of
 * generation.  Freeing a name bumps its entry's generation, so a task
 * that still holds the old name gets KERN_INVALID_NAME instead of
 * reaching whatever right reuses the slot.  Index 0 is never used, so no
 * name is MACH_PORT_NULL, and the table bound keeps every name below
 * MACH_PORT_DEAD.
 *
 * The table grows by doubling up to the space's bound (ipc_space.limit,
 * IPC_SPACE_MAX_NAMES by default); past it allocation fails with
 * KERN_NO_SPACE.  A reverse hash maps a port to the index that names its
 * send/receive rights, so copying out a send right finds the existing
 * name in O(1).
 *
 * Lock order: a space is locked before any port or port set; two spaces
 * are never locked together (rights move between spaces only through
 * their kernel, in-transit form).  Protected by the space lock: every
 * field but `refs`.
 */
#ifndef IPC_IPC_SPACE_H
#define IPC_IPC_SPACE_H

#include <mach/port.h>
#include <mach/kern_return.h>
#include "ipc/ipc_entry.h"
#include "kern/types.h"

#define IPC_NAME_GEN_BITS	8
#define IPC_NAME_GEN_MASK	((1u << IPC_NAME_GEN_BITS) - 1)
#define IPC_NAME_INDEX(name)	((uint32_t)(name) >> IPC_NAME_GEN_BITS)
#define IPC_NAME_GEN(name)	((uint32_t)(name) & IPC_NAME_GEN_MASK)
#define IPC_NAME_MAKE(index, gen) \
	((mach_port_name_t)(((uint32_t)(index) << IPC_NAME_GEN_BITS) | (gen)))

#define IPC_SPACE_INITIAL_NAMES	64
#define IPC_SPACE_MAX_NAMES	(1u << 16)

struct ipc_space {
	struct ipc_entry *table;	/* table_size entries; [0] unused */
	uint32_t table_size;
	uint32_t limit;			/* table_size never exceeds it */
	uint32_t free_head;		/* first free index, 0 = none */
	uint32_t names_in_use;
	uint32_t *hash;			/* table_size buckets of indices */
	bool active;			/* false once ipc_space_destroy ran */
	uint32_t refs;
};

/* A new, empty, active space with one reference.  NULL on shortage. */
struct ipc_space *ipc_space_create(void);

void ipc_space_reference(struct ipc_space *space);
void ipc_space_release(struct ipc_space *space);

/*
 * Task death: release every right the space holds (receive rights are
 * destroyed, send rights released, send-once rights fire their
 * notifications) and deactivate it.  The struct stays while referenced.
 */
void ipc_space_destroy(struct ipc_space *space);

/* The entry of a live name, or NULL.  Does not check space->active. */
struct ipc_entry *ipc_entry_lookup(struct ipc_space *space,
    mach_port_name_t name);

/*
 * A fresh name with an empty entry (type NONE; the caller fills it in
 * before unlocking).  KERN_NO_SPACE at the bound, KERN_RESOURCE_SHORTAGE
 * when the table cannot grow.
 */
kern_return_t ipc_entry_alloc(struct ipc_space *space,
    mach_port_name_t *namep, struct ipc_entry **entryp);

/*
 * The entry for a chosen name.  If the name's slot is in use,
 * KERN_NAME_EXISTS is returned with *entryp the entry when it is this very
 * name, NULL when the slot holds another generation.  KERN_INVALID_NAME if
 * the name is NULL, DEAD or its index past the bound.
 */
kern_return_t ipc_entry_alloc_name(struct ipc_space *space,
    mach_port_name_t name, struct ipc_entry **entryp);

/* Return a name whose entry holds no right any more (type NONE). */
void ipc_entry_free(struct ipc_space *space, mach_port_name_t name);

/* The reverse map, for entries with send or receive rights and sets. */
void ipc_hash_insert(struct ipc_space *space, const struct ipc_object *obj,
    mach_port_name_t name);
void ipc_hash_remove(struct ipc_space *space, const struct ipc_object *obj,
    mach_port_name_t name);
/* The name of obj's send/receive entry, or MACH_PORT_NULL. */
mach_port_name_t ipc_hash_lookup(struct ipc_space *space,
    const struct ipc_object *obj);

/* The name of an in-use table index (for walking the table). */
static inline mach_port_name_t
ipc_entry_name(const struct ipc_space *space, uint32_t index)
{
	return IPC_NAME_MAKE(index, space->table[index].gen);
}

/*
 * ipc_entry_lookup, inline (the IPC fast path looks up two or three names
 * per message): the entry `name` denotes, or NULL.
 */
static inline __attribute__((always_inline)) struct ipc_entry *
ipc_entry_lookup_inline(struct ipc_space *space, mach_port_name_t name)
{
	uint32_t index = IPC_NAME_INDEX(name);
	struct ipc_entry *e;

	if (index == 0 || index >= space->table_size)
		return NULL;
	e = &space->table[index];
	if (e->type == MACH_PORT_TYPE_NONE || e->gen != IPC_NAME_GEN(name))
		return NULL;
	return e;
}

/*
 * ipc_entry_alloc without growing the table: the head of the free list,
 * or NULL when it is empty (the caller then uses ipc_entry_alloc).  The
 * free list is LIFO, so the name an RPC's reply just freed (a send-once
 * right moved out by the server) is the slot the next request's reply
 * right gets: the reply-name cache of the fast path is this list's head.
 */
static inline __attribute__((always_inline)) struct ipc_entry *
ipc_entry_alloc_quick(struct ipc_space *space, mach_port_name_t *namep)
{
	uint32_t index = space->free_head;
	struct ipc_entry *e;

	if (index == 0)
		return NULL;
	e = &space->table[index];
	space->free_head = e->next;
	e->next = 0;
	space->names_in_use++;
	*namep = IPC_NAME_MAKE(index, e->gen);
	return e;
}

/* ipc_entry_free, inline: the entry is already empty. */
static inline void
ipc_entry_free_inline(struct ipc_space *space, mach_port_name_t name,
    struct ipc_entry *e)
{
	e->gen = (uint8_t)((e->gen + 1) & IPC_NAME_GEN_MASK);
	e->next = space->free_head;
	space->free_head = IPC_NAME_INDEX(name);
	space->names_in_use--;
}

#endif
