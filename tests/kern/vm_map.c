/*
 * Self-tests of address maps: insert (vm_allocate), lookup (vm_region,
 * the tree with thousands of entries), clip, merge, remove.
 */
#include "kern/ktest.h"
#include "kern/zalloc.h"
#include "vm/vm_map_impl.h"
#include "vm/vm_page.h"

#define PG	PAGE_SIZE

static size_t
entries(struct vm_map *map)
{
	struct vm_map_stats st;

	vm_map_get_stats(map, &st);
	return st.entries;
}

KTEST(vm_map_insert_lookup)
{
	struct vm_map *map = vm_map_create();
	vm_address_t a = 0x10000000, b = 0, c = 0x10000000;
	vm_size_t size;
	struct vm_region_basic_info info;

	KEXPECT(map != NULL);
	KEXPECT_EQ(vm_allocate(map, &a, 3 * PG, VM_FLAGS_FIXED), KERN_SUCCESS);
	KEXPECT_EQ(a, 0x10000000);
	KEXPECT_EQ(vm_allocate(map, &c, PG, VM_FLAGS_FIXED), KERN_NO_SPACE);
	c = 0x10002000;
	KEXPECT_EQ(vm_allocate(map, &c, PG, VM_FLAGS_FIXED), KERN_NO_SPACE);
	KEXPECT_EQ(vm_allocate(map, &c, PG, VM_FLAGS_FIXED | VM_FLAGS_OVERWRITE),
	    KERN_SUCCESS);
	KEXPECT_EQ(vm_allocate(map, &b, 5 * PG, VM_FLAGS_ANYWHERE), KERN_SUCCESS);
	KEXPECT(b >= VM_MIN_USER_ADDRESS && (b + 5 * PG <= a || b >= a + 3 * PG));

	vm_address_t q = a + PG + 123;
	KEXPECT_EQ(vm_region(map, &q, &size, &info), KERN_SUCCESS);
	KEXPECT_EQ(q, a);
	KEXPECT_EQ(size, 3 * PG);
	KEXPECT_EQ(info.protection, VM_PROT_DEFAULT);
	KEXPECT_EQ(info.max_protection, VM_PROT_ALL);
	KEXPECT_EQ(info.inheritance, VM_INHERIT_COPY);
	q = a + 3 * PG;		/* after the last region: nothing */
	KEXPECT_EQ(vm_region(map, &q, &size, &info), KERN_INVALID_ADDRESS);

	/* bad arguments are errors, not crashes */
	vm_address_t z = 0;
	KEXPECT_EQ(vm_allocate(map, &z, 0, VM_FLAGS_ANYWHERE), KERN_INVALID_ARGUMENT);
	z = 0;
	KEXPECT_EQ(vm_allocate(map, &z, PG, VM_FLAGS_FIXED), KERN_INVALID_ADDRESS);
	z = VM_MAX_USER_ADDRESS - PG;
	KEXPECT_EQ(vm_allocate(map, &z, 2 * PG, VM_FLAGS_FIXED), KERN_INVALID_ADDRESS);
	z = 0x1000;
	KEXPECT_EQ(vm_allocate(map, &z, ~0ul - 0x800, VM_FLAGS_ANYWHERE),
	    KERN_INVALID_ARGUMENT);
	KEXPECT_EQ(vm_allocate(map, &z, PG, 0x100), KERN_INVALID_ARGUMENT);
	KEXPECT_EQ(vm_map_anon(map, &z, PG, 0, VM_FLAGS_ANYWHERE, VM_PROT_ALL,
	    VM_PROT_READ, VM_INHERIT_COPY), KERN_INVALID_ARGUMENT);
	z = 0;
	KEXPECT_EQ(vm_map_anon(map, &z, PG, 0xfffff, VM_FLAGS_ANYWHERE,
	    VM_PROT_READ, VM_PROT_READ, VM_INHERIT_SHARE), KERN_SUCCESS);
	KEXPECT_EQ(z & 0xfffff, 0);
	vm_map_deallocate(map);
}

/* Thousands of entries: the tree stays balanced, lookups stay right. */
KTEST(vm_map_many_entries)
{
	enum { N = 3000 };
	struct vm_map *map = vm_map_create();
	const vm_address_t base = 0x20000000;
	bool ok = true;

	for (int i = 0; i < N; i++) {
		vm_address_t a = base + (vm_address_t)i * 2 * PG;	/* holes */
		ok = ok && vm_allocate(map, &a, PG, VM_FLAGS_FIXED) == KERN_SUCCESS;
	}
	KEXPECT(ok);
	KEXPECT_EQ(entries(map), N);
	KEXPECT(vm_map_tree_height(map) <= 17);	/* AVL: <= 1.44 log2(N) + 1 */
	for (int i = 0; i < N; i += 7) {
		vm_address_t in = base + (vm_address_t)i * 2 * PG + 8;
		ok = ok && vm_fault(map, in, VM_PROT_WRITE) == KERN_SUCCESS;
		ok = ok && vm_fault(map, in + PG, VM_PROT_READ) == KERN_INVALID_ADDRESS;
	}
	KEXPECT(ok);
	/* remove every other entry, in a scattered order */
	for (int i = 0; i < N; i += 2) {
		int j = (i * 7) % N & ~1;
		vm_deallocate(map, base + (vm_address_t)j * 2 * PG, PG);
	}
	KEXPECT_EQ(entries(map), N / 2);
	KEXPECT(vm_map_tree_height(map) <= 16);
	vm_map_deallocate(map);
}

/* vm_protect and vm_inherit clip entries, and merge them back. */
KTEST(vm_map_clip_merge)
{
	struct vm_map *map = vm_map_create();
	vm_address_t a = 0x30000000, q;
	vm_size_t size;
	struct vm_region_basic_info info;

	KEXPECT_EQ(vm_allocate(map, &a, 16 * PG, VM_FLAGS_FIXED), KERN_SUCCESS);
	KEXPECT_EQ(vm_fault(map, a, VM_PROT_WRITE), KERN_SUCCESS);	/* object */
	KEXPECT_EQ(entries(map), 1);
	KEXPECT_EQ(vm_protect(map, a + 4 * PG, 4 * PG, FALSE, VM_PROT_READ),
	    KERN_SUCCESS);
	KEXPECT_EQ(entries(map), 3);
	q = a + 5 * PG;
	KEXPECT_EQ(vm_region(map, &q, &size, &info), KERN_SUCCESS);
	KEXPECT_EQ(q, a + 4 * PG);
	KEXPECT_EQ(size, 4 * PG);
	KEXPECT_EQ(info.protection, VM_PROT_READ);
	KEXPECT_EQ(info.offset, 4 * PG);
	KEXPECT_EQ(vm_protect(map, a + 4 * PG, 4 * PG, FALSE, VM_PROT_DEFAULT),
	    KERN_SUCCESS);
	KEXPECT_EQ(entries(map), 1);	/* merged back */

	KEXPECT_EQ(vm_inherit(map, a + 15 * PG, PG, VM_INHERIT_SHARE), KERN_SUCCESS);
	KEXPECT_EQ(entries(map), 2);
	KEXPECT_EQ(vm_inherit(map, a, 16 * PG, VM_INHERIT_COPY), KERN_SUCCESS);
	KEXPECT_EQ(entries(map), 1);
	KEXPECT_EQ(vm_inherit(map, a, PG, 7), KERN_INVALID_ARGUMENT);

	/* holes are errors and change nothing */
	KEXPECT_EQ(vm_protect(map, a + 8 * PG, 16 * PG, FALSE, VM_PROT_READ),
	    KERN_INVALID_ADDRESS);
	KEXPECT_EQ(entries(map), 1);

	/* remove the middle: two entries, each keeping its object offset */
	KEXPECT_EQ(vm_deallocate(map, a + 6 * PG, 2 * PG), KERN_SUCCESS);
	KEXPECT_EQ(entries(map), 2);
	q = a + 6 * PG;
	KEXPECT_EQ(vm_region(map, &q, &size, &info), KERN_SUCCESS);
	KEXPECT_EQ(q, a + 8 * PG);
	KEXPECT_EQ(size, 8 * PG);
	KEXPECT_EQ(info.offset, 8 * PG);
	KEXPECT_EQ(vm_fault(map, a + 6 * PG, VM_PROT_READ), KERN_INVALID_ADDRESS);
	/* removing what is not there is fine (Mach semantics) */
	KEXPECT_EQ(vm_deallocate(map, a + 6 * PG, 2 * PG), KERN_SUCCESS);
	KEXPECT_EQ(vm_deallocate(map, a, 100 * PG), KERN_SUCCESS);
	KEXPECT_EQ(entries(map), 0);
	vm_map_deallocate(map);
}

/* Adjacent allocations merge, also after the first one was touched. */
KTEST(vm_map_merge_adjacent)
{
	struct vm_map *map = vm_map_create();
	vm_address_t a = 0x40000000, b = a + 2 * PG, c = a + 4 * PG;

	KEXPECT_EQ(vm_allocate(map, &a, 2 * PG, VM_FLAGS_FIXED), KERN_SUCCESS);
	KEXPECT_EQ(vm_allocate(map, &b, 2 * PG, VM_FLAGS_FIXED), KERN_SUCCESS);
	KEXPECT_EQ(entries(map), 1);
	KEXPECT_EQ(vm_fault(map, a, VM_PROT_WRITE), KERN_SUCCESS);
	KEXPECT_EQ(vm_allocate(map, &c, 2 * PG, VM_FLAGS_FIXED), KERN_SUCCESS);
	KEXPECT_EQ(entries(map), 1);
	KEXPECT_EQ(vm_fault(map, c + PG, VM_PROT_WRITE), KERN_SUCCESS);
	vm_map_deallocate(map);
}
