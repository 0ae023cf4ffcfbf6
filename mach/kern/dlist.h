/*
 * Intrusive doubly linked lists with a sentinel head, used by the
 * scheduler, wait queues, timers, tasks and threads.  An element embeds a
 * struct dlist_node; dlist_entry() gets back to the containing object.
 * A node that is on no list has next == prev == itself (dlist_unlinked),
 * so removing it twice is harmless and "is it queued?" is one compare.
 */
#ifndef KERN_DLIST_H
#define KERN_DLIST_H

#include "kern/types.h"

struct dlist_node {
	struct dlist_node *next, *prev;
};

/* A head is a node that is never an element. */
typedef struct dlist_node dlist_head_t;

#define dlist_entry(node, type, member) \
	((type *)((char *)(node) - offsetof(type, member)))

static inline void
dlist_init(struct dlist_node *n)
{
	n->next = n->prev = n;
}

static inline bool
dlist_empty(const struct dlist_node *head)
{
	return head->next == head;
}

static inline bool
dlist_unlinked(const struct dlist_node *n)
{
	return n->next == n;
}

static inline void
dlist_insert_between(struct dlist_node *n, struct dlist_node *prev,
    struct dlist_node *next)
{
	n->prev = prev;
	n->next = next;
	prev->next = n;
	next->prev = n;
}

static inline void
dlist_push_tail(struct dlist_node *head, struct dlist_node *n)
{
	dlist_insert_between(n, head->prev, head);
}

static inline void
dlist_push_head(struct dlist_node *head, struct dlist_node *n)
{
	dlist_insert_between(n, head, head->next);
}

/* Insert n just before pos (pos may be the head: then at the tail). */
static inline void
dlist_insert_before(struct dlist_node *pos, struct dlist_node *n)
{
	dlist_insert_between(n, pos->prev, pos);
}

static inline void
dlist_remove(struct dlist_node *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	dlist_init(n);
}

/* Remove and return the first element, or NULL if the list is empty. */
static inline struct dlist_node *
dlist_pop_head(struct dlist_node *head)
{
	struct dlist_node *n = head->next;

	if (n == head)
		return NULL;
	dlist_remove(n);
	return n;
}

#define dlist_foreach(pos, head) \
	for ((pos) = (head)->next; (pos) != (head); (pos) = (pos)->next)

/* Safe against removal of pos inside the loop. */
#define dlist_foreach_safe(pos, tmp, head) \
	for ((pos) = (head)->next, (tmp) = (pos)->next; (pos) != (head); \
	    (pos) = (tmp), (tmp) = (pos)->next)

#endif
