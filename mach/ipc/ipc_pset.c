/*
 * Port sets: membership bookkeeping.  Receiving from a set is
 * ipc_mqueue's business; this file keeps the member list right.
 */
#include "ipc/ipc_init.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_pset.h"
#include "kern/panic.h"
#include "kern/string.h"
#include "kern/zalloc.h"

struct ipc_pset *
ipc_pset_alloc(void)
{
	struct ipc_pset *pset;

	ipc_bootstrap();
	pset = zalloc(ipc_pset_zone);
	if (!pset)
		return NULL;
	memset(pset, 0, sizeof(*pset));
	pset->obj.kind = IOT_PSET;
	pset->obj.active = true;
	pset->obj.refs = 1;
	dlist_init(&pset->members);
	waitq_init(&pset->receivers);
	return pset;
}

void
ipc_pset_reference(struct ipc_pset *pset)
{
	assert(pset->obj.refs > 0);
	pset->obj.refs++;
}

void
ipc_pset_release(struct ipc_pset *pset)
{
	assert(pset->obj.refs > 0);
	if (--pset->obj.refs > 0)
		return;
	assert(!pset->obj.active && pset->member_count == 0);
	zfree(ipc_pset_zone, pset);
}

void
ipc_pset_add(struct ipc_pset *pset, struct ipc_port *port)
{
	assert(pset->obj.active && port->pset == NULL);
	port->pset = pset;
	dlist_push_tail(&pset->members, &port->pset_link);
	pset->member_count++;
	/* Messages already queued are now receivable through the set. */
	if (port->mqueue.count > 0)
		waitq_wakeup_all(&pset->receivers, WAIT_AWAKENED);
}

void
ipc_pset_remove(struct ipc_port *port)
{
	struct ipc_pset *pset = port->pset;

	assert(pset != NULL && pset->member_count > 0);
	dlist_remove(&port->pset_link);
	port->pset = NULL;
	pset->member_count--;
}

void
ipc_pset_destroy(struct ipc_pset *pset)
{
	struct dlist_node *n;

	assert(pset->obj.active);
	pset->obj.active = false;
	while ((n = dlist_pop_head(&pset->members)) != NULL) {
		struct ipc_port *port =
		    dlist_entry(n, struct ipc_port, pset_link);
		port->pset = NULL;
		pset->member_count--;
	}
	/* Receivers find the set gone and return MACH_RCV_PORT_DIED. */
	waitq_wakeup_all(&pset->receivers, WAIT_AWAKENED);
	ipc_pset_release(pset);
}

/*
 * The member found is moved to the tail, so that one busy port cannot
 * starve the others of the set.
 */
struct ipc_port *
ipc_pset_first_ready(struct ipc_pset *pset)
{
	struct dlist_node *n;

	dlist_foreach(n, &pset->members) {
		struct ipc_port *port =
		    dlist_entry(n, struct ipc_port, pset_link);
		if (port->mqueue.count > 0) {
			dlist_remove(&port->pset_link);
			dlist_push_tail(&pset->members, &port->pset_link);
			return port;
		}
	}
	return NULL;
}
