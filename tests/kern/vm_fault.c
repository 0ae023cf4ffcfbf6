/*
 * Self-tests of page faults and copy-on-write: demand zero, protection
 * failures reported, fork with each inheritance, the shadow-chain bound,
 * vm_read / vm_write / vm_copy.  Memory is reached through
 * vm_map_copyin/copyout_kernel (which fault like user accesses) and by
 * activating a test map and touching it from the kernel after vm_fault.
 */
#include "kern/ktest.h"
#include "kern/string.h"
#include "vm/pmap.h"
#include "vm/vm_map_impl.h"
#include "vm/vm_page.h"

#define PG	PAGE_SIZE

static uint64_t
peek(struct vm_map *map, vm_address_t va)
{
	uint64_t v = 0xbad;

	if (vm_map_copyin_kernel(map, va, &v, sizeof(v)) != KERN_SUCCESS)
		return 0xbadbad;
	return v;
}

static kern_return_t
poke(struct vm_map *map, vm_address_t va, uint64_t v)
{
	return vm_map_copyout_kernel(map, va, &v, sizeof(v), false);
}

KTEST(vm_fault_demand_zero)
{
	struct vm_map *map = vm_map_create();
	vm_address_t a = 0x50000000;
	paddr_t pa;
	bool zero = true;

	KEXPECT_EQ(vm_allocate(map, &a, 4 * PG, VM_FLAGS_FIXED), KERN_SUCCESS);
	KEXPECT_EQ(vm_fault(map, a + PG + 5, VM_PROT_READ), KERN_SUCCESS);
	KEXPECT(pmap_extract(vm_map_pmap(map), a + PG, &pa));
	for (size_t i = 0; i < PG; i++)
		zero = zero && ((unsigned char *)PHYS_TO_KVA(pa))[i] == 0;
	KEXPECT(zero);
	KEXPECT(!pmap_extract(vm_map_pmap(map), a, NULL));	/* lazily */

	/* touch it from the kernel with the map active */
	KEXPECT_EQ(vm_fault(map, a, VM_PROT_WRITE), KERN_SUCCESS);
	vm_map_activate(map);
	*(volatile uint64_t *)a = 0xfeedface;
	vm_map_activate(NULL);
	KEXPECT_EQ(peek(map, a), 0xfeedface);
	KEXPECT_EQ(poke(map, a + 3 * PG + 8, 77), KERN_SUCCESS);
	KEXPECT_EQ(peek(map, a + 3 * PG + 8), 77);
	vm_map_deallocate(map);
}

KTEST(vm_fault_protection_reported)
{
	struct vm_map *map = vm_map_create();
	vm_address_t a = 0x50000000;
	char buf[16] = "hello";

	KEXPECT_EQ(vm_fault(map, 0x12345000, VM_PROT_READ), KERN_INVALID_ADDRESS);
	KEXPECT_EQ(vm_fault(NULL, 0x12345000, VM_PROT_READ), KERN_INVALID_ADDRESS);
	KEXPECT_EQ(vm_map_anon(map, &a, 2 * PG, 0, VM_FLAGS_FIXED, VM_PROT_READ,
	    VM_PROT_READ | VM_PROT_WRITE, VM_INHERIT_COPY), KERN_SUCCESS);
	KEXPECT_EQ(vm_fault(map, a, VM_PROT_READ), KERN_SUCCESS);
	KEXPECT_EQ(vm_fault(map, a, VM_PROT_WRITE), KERN_PROTECTION_FAILURE);
	KEXPECT_EQ(vm_fault(map, a, VM_PROT_EXECUTE), KERN_PROTECTION_FAILURE);
	KEXPECT_EQ(pmap_prot(vm_map_pmap(map), a), VM_PROT_READ);
	KEXPECT_EQ(poke(map, a, 1), KERN_PROTECTION_FAILURE);
	/* the kernel may write read-only memory on purpose (loading text) */
	KEXPECT_EQ(vm_map_copyout_kernel(map, a + 8, buf, 6, true), KERN_SUCCESS);
	KEXPECT_EQ(pmap_prot(vm_map_pmap(map), a), VM_PROT_READ);
	KEXPECT_EQ(vm_protect(map, a, PG, FALSE, VM_PROT_ALL), KERN_PROTECTION_FAILURE);
	KEXPECT_EQ(vm_protect(map, a, PG, FALSE, VM_PROT_DEFAULT), KERN_SUCCESS);
	KEXPECT_EQ(vm_fault(map, a, VM_PROT_WRITE), KERN_SUCCESS);
	KEXPECT_EQ(peek(map, a + 8) & 0xffffffffffff, 0x6f6c6c6568ul);
	KEXPECT_EQ(vm_protect(map, a, 2 * PG, TRUE, VM_PROT_NONE), KERN_SUCCESS);
	KEXPECT(!pmap_extract(vm_map_pmap(map), a, NULL));
	KEXPECT_EQ(vm_fault(map, a, VM_PROT_READ), KERN_PROTECTION_FAILURE);
	KEXPECT_EQ(vm_protect(map, a, PG, FALSE, VM_PROT_READ), KERN_PROTECTION_FAILURE);
	vm_map_deallocate(map);
}

/* fork: COPY gives independent copies, SHARE the same memory, NONE nothing. */
KTEST(vm_cow_fork_inheritance)
{
	struct vm_map *parent = vm_map_create(), *child;
	vm_address_t cp = 0x60000000, sh = 0x61000000, no = 0x62000000;
	paddr_t ppa, cpa;

	vm_allocate(parent, &cp, 4 * PG, VM_FLAGS_FIXED);
	vm_allocate(parent, &sh, PG, VM_FLAGS_FIXED);
	vm_allocate(parent, &no, PG, VM_FLAGS_FIXED);
	vm_inherit(parent, sh, PG, VM_INHERIT_SHARE);
	vm_inherit(parent, no, PG, VM_INHERIT_NONE);
	KEXPECT_EQ(poke(parent, cp, 1), KERN_SUCCESS);
	KEXPECT_EQ(poke(parent, cp + PG, 2), KERN_SUCCESS);
	KEXPECT_EQ(poke(parent, sh, 3), KERN_SUCCESS);
	KEXPECT_EQ(pmap_prot(vm_map_pmap(parent), cp), VM_PROT_DEFAULT);

	child = vm_map_fork(parent);
	KEXPECT(child != NULL);
	/* the parent lost write access until it copies */
	KEXPECT_EQ(pmap_prot(vm_map_pmap(parent), cp), VM_PROT_READ);
	KEXPECT_EQ(peek(child, cp), 1);
	KEXPECT_EQ(peek(child, cp + PG), 2);
	KEXPECT_EQ(peek(child, cp + 2 * PG), 0);
	/* both read the same page until one writes */
	KEXPECT(pmap_extract(vm_map_pmap(parent), cp, &ppa));
	KEXPECT(pmap_extract(vm_map_pmap(child), cp, &cpa));
	KEXPECT_EQ(ppa, cpa);
	KEXPECT_EQ(pmap_prot(vm_map_pmap(child), cp), VM_PROT_READ);

	KEXPECT_EQ(poke(child, cp, 100), KERN_SUCCESS);
	KEXPECT_EQ(peek(parent, cp), 1);
	KEXPECT_EQ(poke(parent, cp + PG, 200), KERN_SUCCESS);
	KEXPECT_EQ(peek(child, cp + PG), 2);
	KEXPECT_EQ(peek(child, cp), 100);
	KEXPECT(pmap_extract(vm_map_pmap(child), cp, &cpa));
	KEXPECT(pmap_extract(vm_map_pmap(parent), cp, &ppa));
	KEXPECT(ppa != cpa);

	KEXPECT_EQ(peek(child, sh), 3);
	KEXPECT_EQ(poke(child, sh, 33), KERN_SUCCESS);
	KEXPECT_EQ(peek(parent, sh), 33);
	KEXPECT_EQ(vm_fault(child, no, VM_PROT_READ), KERN_INVALID_ADDRESS);

	vm_map_deallocate(parent);	/* the child keeps what it sees */
	KEXPECT_EQ(peek(child, cp), 100);
	KEXPECT_EQ(peek(child, cp + PG), 2);
	KEXPECT_EQ(peek(child, sh), 33);
	vm_map_deallocate(child);
}

/* Memory shared with a sibling and copied to a child stays a snapshot. */
KTEST(vm_cow_copy_of_shared)
{
	struct vm_map *a = vm_map_create(), *b, *c;
	vm_address_t va = 0x63000000;

	vm_allocate(a, &va, PG, VM_FLAGS_FIXED);
	vm_inherit(a, va, PG, VM_INHERIT_SHARE);
	poke(a, va, 1);
	b = vm_map_fork(a);		/* a and b share */
	vm_inherit(a, va, PG, VM_INHERIT_COPY);
	c = vm_map_fork(a);		/* c has a copy */
	KEXPECT(b && c);
	poke(b, va, 2);
	KEXPECT_EQ(peek(a, va), 2);
	KEXPECT_EQ(peek(c, va), 1);
	poke(c, va, 3);
	KEXPECT_EQ(peek(a, va), 2);
	KEXPECT_EQ(peek(b, va), 2);
	vm_map_deallocate(a);
	vm_map_deallocate(b);
	vm_map_deallocate(c);
}

/*
 * Sharing a range that is already a copy: a sharer that copies a page up
 * must not leave the other sharer reading the stale original.
 */
KTEST(vm_cow_share_after_copy)
{
	struct vm_map *p = vm_map_create(), *c, *g;
	vm_address_t va = 0x64000000;

	vm_allocate(p, &va, PG, VM_FLAGS_FIXED);
	poke(p, va, 1);
	c = vm_map_fork(p);		/* c: copy-on-write of p */
	KEXPECT_EQ(peek(c, va), 1);	/* c maps the original read-only */
	vm_inherit(c, va, PG, VM_INHERIT_SHARE);
	g = vm_map_fork(c);		/* g shares c's copy */
	poke(g, va, 5);
	KEXPECT_EQ(peek(c, va), 5);
	KEXPECT_EQ(peek(p, va), 1);
	poke(c, va, 6);
	KEXPECT_EQ(peek(g, va), 6);
	vm_map_deallocate(p);
	vm_map_deallocate(c);
	vm_map_deallocate(g);
}

static unsigned
chain_at(struct vm_map *map, vm_address_t va)
{
	struct vm_map_entry *e = vm_map_lookup_entry(map, va);

	return e ? vm_object_chain_length(e->object) : 0;
}

/* Fifty forks in a row leave short shadow chains. */
KTEST(vm_cow_chain_bounded)
{
	struct vm_map *cur = vm_map_create(), *parent = vm_map_create();
	vm_address_t va = 0x65000000, pv = 0x65000000;
	unsigned worst = 0, worst_parent = 0;

	vm_allocate(cur, &va, 2 * PG, VM_FLAGS_FIXED);
	poke(cur, va, 0);
	/* a line of descent: each child forks, then its parent exits */
	for (int i = 1; i <= 50; i++) {
		struct vm_map *child = vm_map_fork(cur);
		vm_map_deallocate(cur);
		cur = child;
		poke(cur, va, (uint64_t)i);
		worst = MAX(worst, chain_at(cur, va));
	}
	KEXPECT_EQ(peek(cur, va), 50);
	KEXPECT(worst <= 2);
	vm_map_deallocate(cur);

	/* one parent forking short-lived children, both sides writing */
	vm_allocate(parent, &pv, PG, VM_FLAGS_FIXED);
	poke(parent, pv, 0);
	for (int i = 1; i <= 50; i++) {
		struct vm_map *child = vm_map_fork(parent);
		poke(child, pv, 1000 + (uint64_t)i);
		poke(parent, pv, (uint64_t)i);
		KEXPECT_EQ(peek(child, pv), 1000 + (uint64_t)i);
		vm_map_deallocate(child);
		worst_parent = MAX(worst_parent, chain_at(parent, pv));
	}
	KEXPECT_EQ(peek(parent, pv), 50);
	KEXPECT(worst_parent <= 2);
	vm_map_deallocate(parent);
}

KTEST(vm_read_write_copy)
{
	struct vm_map *a = vm_map_create(), *b = vm_map_create();
	vm_address_t src = 0x70000000, dst = 0, w = 0x71000000;
	char text[40] = "the quick brown fox jumps over the dog", out[40];

	vm_allocate(a, &src, 3 * PG, VM_FLAGS_FIXED);
	vm_map_copyout_kernel(a, src + PG - 10, text, sizeof(text), false);
	KEXPECT_EQ(vm_read(a, src + PG - 10, sizeof(text), b, &dst), KERN_SUCCESS);
	KEXPECT_EQ(dst & PAGE_MASK, (PG - 10) & PAGE_MASK);
	KEXPECT_EQ(vm_map_copyin_kernel(b, dst, out, sizeof(out)), KERN_SUCCESS);
	KEXPECT(memcmp(out, text, sizeof(text)) == 0);
	poke(a, src + PG, 0);		/* the copy does not change */
	KEXPECT_EQ(vm_map_copyin_kernel(b, dst, out, sizeof(out)), KERN_SUCCESS);
	KEXPECT(memcmp(out, text, sizeof(text)) == 0);
	KEXPECT_EQ(vm_read(a, 0x7f000000, 10, b, &dst), KERN_INVALID_ADDRESS);

	/* vm_write: unaligned, across pages, from another map */
	vm_allocate(b, &w, 2 * PG, VM_FLAGS_FIXED);
	KEXPECT_EQ(vm_write(b, w + PG - 3, a, src + PG - 10, 10), KERN_SUCCESS);
	KEXPECT_EQ(vm_map_copyin_kernel(b, w + PG - 3, out, 10), KERN_SUCCESS);
	KEXPECT(memcmp(out, text, 10) == 0);
	KEXPECT_EQ(vm_write(b, w + 2 * PG - 4, a, src, 8), KERN_INVALID_ADDRESS);

	/* vm_copy: overlapping, destination above the source */
	vm_map_copyout_kernel(b, w, "0123456789", 10, false);
	KEXPECT_EQ(vm_copy(b, w, 10, w + 2), KERN_SUCCESS);
	vm_map_copyin_kernel(b, w, out, 12);
	KEXPECT(memcmp(out, "010123456789", 12) == 0);
	vm_protect(b, w, PG, FALSE, VM_PROT_READ);
	KEXPECT_EQ(vm_copy(b, w + PG, 4, w), KERN_PROTECTION_FAILURE);
	vm_map_deallocate(a);
	vm_map_deallocate(b);
}

/* Boot modules and devices: fixed frames, shared by fork. */
KTEST(vm_map_physical_frames)
{
	struct vm_map *m = vm_map_create(), *c;
	paddr_t frame = vm_page_alloc();
	vm_address_t va = 0;
	uint64_t v;

	*(uint64_t *)PHYS_TO_KVA(frame) = 0xabcdef;
	KEXPECT_EQ(vm_map_physical(m, &va, frame, PG, VM_PROT_READ,
	    VM_FLAGS_ANYWHERE), KERN_SUCCESS);
	KEXPECT_EQ(peek(m, va), 0xabcdef);
	KEXPECT_EQ(poke(m, va, 1), KERN_PROTECTION_FAILURE);
	c = vm_map_fork(m);
	KEXPECT_EQ(peek(c, va), 0xabcdef);
	KEXPECT_EQ(vm_map_physical(m, &va, frame + 1, PG, VM_PROT_READ,
	    VM_FLAGS_ANYWHERE), KERN_INVALID_ARGUMENT);
	vm_map_deallocate(m);
	vm_map_deallocate(c);
	v = *(uint64_t *)PHYS_TO_KVA(frame);	/* the VM never frees it */
	KEXPECT_EQ(v, 0xabcdef);
	vm_page_free(frame);
}
