/*
 * Self-tests of copy objects (vm/vm_map_copy.h): a range of one map
 * copied or moved into another, contents verified byte for byte, the two
 * sides independent afterwards (copy-on-write both ways), whole pages
 * never copied (free page count and the copy-on-write counter), the
 * bounds and bad ranges refused, and nothing leaked.
 */
#include "kern/ktest.h"
#include "kern/string.h"
#include "kern/zalloc.h"
#include "vm/vm_map_copy.h"
#include "vm/vm_map_impl.h"
#include "vm/vm_page.h"

#define PG	PAGE_SIZE
#define SRC_BASE 0x20000000ul

static uint8_t vc_page[PAGE_SIZE];

struct vc_mark {
	size_t free_pages, zone_elems, objects, copies;
};

static void
vc_mark(struct vc_mark *m)
{
	zone_gc();
	m->free_pages = vm_page_free_count();
	m->zone_elems = zone_total_in_use();
	m->objects = vm_object_count();
	m->copies = vm_map_copy_count();
}

static void
vc_expect_mark(const struct vc_mark *a)
{
	struct vc_mark b;

	vc_mark(&b);
	KEXPECT_EQ(b.free_pages, a->free_pages);
	KEXPECT_EQ(b.zone_elems, a->zone_elems);
	KEXPECT_EQ(b.objects, a->objects);
	KEXPECT_EQ(b.copies, a->copies);
}

/* The pattern byte at position i of a transfer tagged seed. */
static uint8_t
vc_byte(size_t i, unsigned seed)
{
	return (uint8_t)((i * 131 + (i >> 12) * 7 + seed) ^ (i >> 20));
}

/* Write the pattern (from index 0) to [addr, addr+size) of map. */
static bool
vc_fill(struct vm_map *map, vm_address_t addr, vm_size_t size, unsigned seed)
{
	for (size_t done = 0; done < size;) {
		size_t n = MIN(size - done, PAGE_SIZE - ((addr + done) & PAGE_MASK));
		for (size_t i = 0; i < n; i++)
			vc_page[i] = vc_byte(done + i, seed);
		if (vm_map_copyout_kernel(map, addr + done, vc_page, n, false))
			return false;
		done += n;
	}
	return true;
}

/* Does [addr, addr+size) of map hold the pattern from index first? */
static bool
vc_check_at(struct vm_map *map, vm_address_t addr, vm_size_t size,
    unsigned seed, size_t first)
{
	for (size_t done = 0; done < size;) {
		size_t n = MIN(size - done, PAGE_SIZE - ((addr + done) & PAGE_MASK));
		if (vm_map_copyin_kernel(map, addr + done, vc_page, n))
			return false;
		for (size_t i = 0; i < n; i++)
			if (vc_page[i] != vc_byte(first + done + i, seed))
				return false;
		done += n;
	}
	return true;
}

static bool
vc_check(struct vm_map *map, vm_address_t addr, vm_size_t size, unsigned seed)
{
	return vc_check_at(map, addr, size, seed, 0);
}

static uint8_t
vc_peek(struct vm_map *map, vm_address_t addr)
{
	uint8_t b = 0xee;

	KEXPECT_EQ(vm_map_copyin_kernel(map, addr, &b, 1), KERN_SUCCESS);
	return b;
}

static void
vc_poke(struct vm_map *map, vm_address_t addr, uint8_t b)
{
	KEXPECT_EQ(vm_map_copyout_kernel(map, addr, &b, 1, false), KERN_SUCCESS);
}

/*
 * One transfer of size bytes at page offset off: copied, mapped in a
 * second map, verified, then each side writes and the other must not see
 * it.  Bytes of the edge pages outside the range read as zeros.
 */
static void
vc_transfer(vm_size_t size, vm_offset_t off, unsigned seed)
{
	struct vm_map *src = vm_map_create(), *dst = vm_map_create();
	vm_address_t a = SRC_BASE, r = 0;
	vm_size_t alloc = round_page(off + size) + PG;
	struct vm_map_copy *copy = NULL;

	KEXPECT_EQ(vm_allocate(src, &a, alloc, VM_FLAGS_FIXED), KERN_SUCCESS);
	KEXPECT(vc_fill(src, a, alloc, seed + 1));	/* surroundings */
	KEXPECT(vc_fill(src, a + off, size, seed));
	KEXPECT_EQ(vm_map_copyin(src, a + off, size, false, &copy),
	    KERN_SUCCESS);
	KEXPECT_EQ(vm_map_copy_size(copy), size);
	KEXPECT_EQ(vm_map_copyout(dst, &r, copy), KERN_SUCCESS);
	KEXPECT_EQ(r & PAGE_MASK, size < PG ? 0 : off);
	KEXPECT(vc_check(dst, r, size, seed));
	if (size >= PG && off) {
		KEXPECT_EQ(vc_peek(dst, r - 1), 0);	/* not the sender's */
	}
	if ((r + size) & PAGE_MASK)
		KEXPECT_EQ(vc_peek(dst, r + size), 0);
	/* copy-on-write both ways, at the first, a middle and the last byte */
	vm_size_t at[3] = { 0, size / 2, size - 1 };
	for (int i = 0; i < 3; i++) {
		if (i > 0 && at[i] <= at[i - 1])
			continue;	/* tiny sizes: positions coincide */
		uint8_t want = vc_byte(at[i], seed);
		vc_poke(src, a + off + at[i], (uint8_t)~want);
		KEXPECT_EQ(vc_peek(dst, r + at[i]), want);
		vc_poke(dst, r + at[i], (uint8_t)(want + 1));
		KEXPECT_EQ(vc_peek(src, a + off + at[i]), (uint8_t)~want);
		KEXPECT_EQ(vc_peek(dst, r + at[i]), (uint8_t)(want + 1));
	}
	/* the receiver's copy outlives the sender */
	vm_map_deallocate(src);
	if (size > 2)
		KEXPECT(vc_check_at(dst, r + 1, size / 2 - 1, seed, 1));
	vm_map_deallocate(dst);
}

KTEST(vm_copy_sizes_and_cow)
{
	static const vm_size_t sizes[] = { 1, 4095, 4096, 4097, 64 << 10,
	    1 << 20, 16 << 20 };
	struct vc_mark m;

	vc_transfer(PG, 0, 1);		/* zones reach their working size */
	vc_mark(&m);
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		vc_transfer(sizes[i], 0, (unsigned)i);
		vc_transfer(sizes[i], 100, (unsigned)i + 50);
	}
	vc_expect_mark(&m);
}

/*
 * Whole pages are shared, not copied: a 1 MiB aligned copy and its
 * mapping take no page frames beyond bookkeeping and break no
 * copy-on-write; the receiver's reads find the sender's frames.
 */
KTEST(vm_copy_no_page_copies)
{
	struct vm_map *src = vm_map_create(), *dst = vm_map_create();
	vm_address_t a = SRC_BASE, r = 0;
	const vm_size_t size = 1 << 20;
	struct vm_map_copy *copy = NULL;
	struct vm_statistics st0, st1;
	size_t free0;

	vm_allocate(src, &a, size, VM_FLAGS_FIXED);
	KEXPECT(vc_fill(src, a, size, 7));
	vm_statistics_get(&st0);
	free0 = vm_page_free_count();
	KEXPECT_EQ(vm_map_copyin(src, a, size, false, &copy), KERN_SUCCESS);
	KEXPECT_EQ(vm_map_copyout(dst, &r, copy), KERN_SUCCESS);
	KEXPECT(vc_check(dst, r, size, 7));
	vm_statistics_get(&st1);
	KEXPECT_EQ(st1.cow_faults, st0.cow_faults);
	KEXPECT(free0 - vm_page_free_count() <= 4);	/* zone pages at most */
	vm_map_deallocate(src);
	vm_map_deallocate(dst);
}

/*
 * A slice of a larger region: the source entry is clipped, its pages are
 * split off without copying, and when both sides let go every page is
 * freed at once (not kept in the bigger object).
 */
KTEST(vm_copy_slice_split)
{
	struct vm_map *src, *dst;
	vm_address_t a = SRC_BASE, r = 0;
	struct vm_map_copy *copy = NULL;
	struct vc_mark m;
	size_t free0;

	vc_mark(&m);
	src = vm_map_create();
	dst = vm_map_create();
	vm_allocate(src, &a, 64 * PG, VM_FLAGS_FIXED);
	KEXPECT(vc_fill(src, a, 64 * PG, 3));
	/* clip first (a hole in the middle), so the object has two pieces */
	KEXPECT_EQ(vm_deallocate(src, a + 40 * PG, PG), KERN_SUCCESS);
	free0 = vm_page_free_count();
	KEXPECT_EQ(vm_map_copyin(src, a + 8 * PG, 16 * PG, true, &copy),
	    KERN_SUCCESS);
	KEXPECT(free0 - vm_page_free_count() <= 4);
	KEXPECT_EQ(vm_map_copyout(dst, &r, copy), KERN_SUCCESS);
	KEXPECT(vc_check_at(dst, r, 16 * PG, 3, 8 * PG));
	/* moved: the sender's range is gone, its neighbours are not */
	KEXPECT_EQ(vm_fault(src, a + 8 * PG, VM_PROT_READ),
	    KERN_INVALID_ADDRESS);
	KEXPECT_EQ(vc_peek(src, a + 7 * PG), vc_byte(7 * PG, 3));
	KEXPECT_EQ(vc_peek(src, a + 24 * PG), vc_byte(24 * PG, 3));
	vm_map_deallocate(dst);
	/* the 16 moved pages are free again while the source lives */
	zone_gc();
	KEXPECT(vm_page_free_count() + 4 >= free0 + 16);
	vm_map_deallocate(src);
	vc_expect_mark(&m);
}

/*
 * Memory shared with another map (VM_INHERIT_SHARE) cannot be shared
 * copy-on-write: the copy is a snapshot, and the sharer's later writes
 * do not reach it.
 */
KTEST(vm_copy_shared_snapshot)
{
	struct vm_map *src = vm_map_create(), *other, *dst = vm_map_create();
	vm_address_t a = SRC_BASE, r = 0;
	struct vm_map_copy *copy = NULL;

	vm_allocate(src, &a, 4 * PG, VM_FLAGS_FIXED);
	KEXPECT(vc_fill(src, a, 4 * PG, 9));
	vm_inherit(src, a, 4 * PG, VM_INHERIT_SHARE);
	other = vm_map_fork(src);
	KEXPECT(other != NULL);
	KEXPECT_EQ(vm_map_copyin(src, a, 4 * PG, false, &copy), KERN_SUCCESS);
	vc_poke(other, a + PG, 0x5a);
	KEXPECT_EQ(vc_peek(src, a + PG), 0x5a);		/* still shared */
	KEXPECT_EQ(vm_map_copyout(dst, &r, copy), KERN_SUCCESS);
	KEXPECT_EQ(vc_peek(dst, r + PG), vc_byte(PG, 9));
	KEXPECT(vc_check_at(dst, r + 2 * PG, 2 * PG, 9, 2 * PG));
	vm_map_deallocate(other);
	vm_map_deallocate(src);
	vm_map_deallocate(dst);
}

/* Bad ranges and sizes are refused; nothing is left behind. */
KTEST(vm_copy_errors)
{
	struct vm_map *src = vm_map_create();
	vm_address_t a = SRC_BASE;
	struct vm_map_copy *copy = (struct vm_map_copy *)1;
	struct vc_mark m;

	vm_allocate(src, &a, 4 * PG, VM_FLAGS_FIXED);
	vc_mark(&m);
	KEXPECT_EQ(vm_map_copyin(src, a, 0, false, &copy), KERN_SUCCESS);
	KEXPECT(copy == NULL);
	KEXPECT_EQ(vm_map_copyin(src, a + 8 * PG, PG, false, &copy),
	    KERN_INVALID_ADDRESS);				/* unmapped */
	KEXPECT_EQ(vm_map_copyin(src, a + 2 * PG, 4 * PG, false, &copy),
	    KERN_INVALID_ADDRESS);				/* runs past */
	KEXPECT_EQ(vm_map_copyin(src, a + 2 * PG, 10, false, &copy),
	    KERN_SUCCESS);	/* small: a buffer */
	vm_map_copy_discard(copy);
	KEXPECT_EQ(vm_map_copyin(src, 0xffff800000100000ul, PG, false, &copy),
	    KERN_INVALID_ADDRESS);				/* kernel */
	KEXPECT_EQ(vm_map_copyin(src, ~0ul - 10, 100, false, &copy),
	    KERN_INVALID_ADDRESS);				/* wraps */
	KEXPECT_EQ(vm_map_copyin(src, a, VM_MAP_COPY_MAX_SIZE + 1, false,
	    &copy), KERN_INVALID_ARGUMENT);			/* too big */
	KEXPECT_EQ(vm_protect(src, a + PG, PG, FALSE, VM_PROT_NONE),
	    KERN_SUCCESS);
	KEXPECT_EQ(vm_map_copyin(src, a, 3 * PG, false, &copy),
	    KERN_PROTECTION_FAILURE);
	KEXPECT_EQ(vm_map_copyin(src, a + PG + 5, 20, false, &copy),
	    KERN_PROTECTION_FAILURE);
	KEXPECT_EQ(vm_map_copyin(src, a + 2 * PG, 2 * PG, true, &copy),
	    KERN_SUCCESS);
	KEXPECT_EQ(vm_fault(src, a + 2 * PG, VM_PROT_READ),
	    KERN_INVALID_ADDRESS);				/* moved */
	vm_map_copy_discard(copy);
	vm_map_deallocate(src);
	KEXPECT_EQ(vm_map_copy_count(), m.copies);
}

/* The kernel's side: a copy from a kernel buffer, read back in pieces. */
KTEST(vm_copy_kernel_side)
{
	static uint8_t buf[3 * PAGE_SIZE + 100], back[3 * PAGE_SIZE + 100];
	static const vm_size_t sizes[] = { 1, 100, PAGE_SIZE - 1, PAGE_SIZE,
	    sizeof(buf) };
	struct vm_map *dst;
	struct vc_mark m;

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = vc_byte(i, 5);
	vc_mark(&m);
	dst = vm_map_create();
	for (size_t k = 0; k < ARRAY_SIZE(sizes); k++) {
		struct vm_map_copy *copy = NULL;
		vm_address_t r = 0;
		vm_size_t n = sizes[k];

		KEXPECT_EQ(vm_map_copy_from_kernel(buf, n, &copy), KERN_SUCCESS);
		memset(back, 0, sizeof(back));
		KEXPECT_EQ(vm_map_copy_to_kernel(copy, 0, back, n), KERN_SUCCESS);
		KEXPECT(memcmp(back, buf, n) == 0);
		KEXPECT_EQ(vm_map_copy_to_kernel(copy, n / 2, back, n - n / 2),
		    KERN_SUCCESS);
		KEXPECT(memcmp(back, buf + n / 2, n - n / 2) == 0);
		KEXPECT_EQ(vm_map_copy_to_kernel(copy, 1, back, n),
		    KERN_INVALID_ARGUMENT);
		KEXPECT_EQ(vm_map_copyout(dst, &r, copy), KERN_SUCCESS);
		KEXPECT(vc_check(dst, r, n, 5));
		KEXPECT_EQ(vm_deallocate(dst, r, n), KERN_SUCCESS);
	}
	vm_map_deallocate(dst);
	vc_expect_mark(&m);
}
