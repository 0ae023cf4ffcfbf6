/*
 * The memory system gives back everything: cycles of map creation,
 * allocation, faults, forks, protection changes and destruction leave
 * the free page count, zone elements and VM objects where they started.
 * Also: running out of pages in the middle is reported, not fatal, and
 * leaks nothing either.
 */
#include "kern/ktest.h"
#include "kern/zalloc.h"
#include "vm/vm_map_impl.h"
#include "vm/vm_page.h"

#define PG	PAGE_SIZE

struct vm_snapshot {
	size_t free_pages, zone_elems, objects;
};

static void
snapshot(struct vm_snapshot *s)
{
	zone_gc();
	s->free_pages = vm_page_free_count();
	s->zone_elems = zone_total_in_use();
	s->objects = vm_object_count();
}

static void
expect_same(const struct vm_snapshot *a)
{
	struct vm_snapshot b;

	snapshot(&b);
	KEXPECT_EQ(b.free_pages, a->free_pages);
	KEXPECT_EQ(b.zone_elems, a->zone_elems);
	KEXPECT_EQ(b.objects, a->objects);
}

/* One task's life: allocate, touch, fork, change, write, exit. */
static void
one_cycle(int i)
{
	struct vm_map *m = vm_map_create(), *c;
	vm_address_t a = 0, b = 0x10000000;
	uint64_t v = (uint64_t)i;

	vm_allocate(m, &a, 8 * PG, VM_FLAGS_ANYWHERE);
	vm_allocate(m, &b, 4 * PG, VM_FLAGS_FIXED);
	for (int p = 0; p < 8; p += 2)
		vm_map_copyout_kernel(m, a + (vm_address_t)p * PG, &v, sizeof(v), false);
	vm_fault(m, b, VM_PROT_READ);
	vm_inherit(m, b, PG, VM_INHERIT_SHARE);
	c = vm_map_fork(m);
	vm_map_copyout_kernel(c, a, &v, sizeof(v), false);
	vm_map_copyout_kernel(m, a + PG, &v, sizeof(v), false);
	vm_protect(m, a + 2 * PG, 2 * PG, FALSE, VM_PROT_READ);
	vm_deallocate(m, a + 4 * PG, PG);
	vm_deallocate(c, a, 3 * PG);
	vm_address_t r;
	vm_read(m, a, 2 * PG, c, &r);
	if (i & 1) {
		vm_map_deallocate(m);
		vm_map_deallocate(c);
	} else {
		vm_map_deallocate(c);
		vm_map_deallocate(m);
	}
}

KTEST(vm_leak_cycles)
{
	struct vm_snapshot s;

	one_cycle(0);	/* let zones reach their working size once */
	snapshot(&s);
	for (int i = 0; i < 200; i++)
		one_cycle(i);
	expect_same(&s);
}

/* Take every free page; return them from a list kept in the pages. */
static paddr_t
drain_pages(size_t leave)
{
	paddr_t head = 0, pa;

	while (vm_page_free_count() > leave && (pa = vm_page_alloc()) != 0) {
		*(paddr_t *)PHYS_TO_KVA(pa) = head;
		head = pa;
	}
	return head;
}

static void
refill_pages(paddr_t head)
{
	while (head) {
		paddr_t pa = head;
		head = *(paddr_t *)PHYS_TO_KVA(pa);
		vm_page_free(pa);
	}
}

KTEST(vm_resource_shortage)
{
	struct vm_snapshot s;
	struct vm_map *m = vm_map_create(), *c = NULL;
	vm_address_t a = 0;
	kern_return_t kr = KERN_SUCCESS;
	paddr_t held;
	int faulted = 0;

	vm_allocate(m, &a, 64 * PG, VM_FLAGS_ANYWHERE);
	vm_fault(m, a, VM_PROT_WRITE);
	snapshot(&s);
	held = drain_pages(20);
	for (int i = 1; i < 64 && kr == KERN_SUCCESS; i++, faulted++)
		kr = vm_fault(m, a + (vm_address_t)i * PG, VM_PROT_WRITE);
	KEXPECT_EQ(kr, KERN_RESOURCE_SHORTAGE);
	KEXPECT(faulted > 1);
	for (int i = 0; i < 8 && !c; i++)
		c = vm_map_fork(m);	/* may fail: then nothing is left over */
	if (c)
		vm_map_deallocate(c);
	refill_pages(held);
	vm_deallocate(m, a + PG, 63 * PG);
	expect_same(&s);
	KEXPECT_EQ(vm_fault(m, a + 5 * PG, VM_PROT_READ), KERN_INVALID_ADDRESS);
	vm_map_deallocate(m);
}
