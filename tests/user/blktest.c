/*
 * blktest: the virtio-blk driver (servers/virtio-blk) end to end, started
 * by bootstrap after the driver (`start=virtio-blk,blktest wait=blktest
 * poweroff bootstrap.expose-tasks`) with two zeroed scratch disks:
 * BLKTEST_DISK_BYTES (disk0) and BLKTEST_DISK1_BYTES (disk1).  TAP on
 * the kernel log, one test per line; exit status 0 only if every test
 * passed.
 *
 * What it writes is deterministic (blk_pattern, the tables below), and
 * tests/system/virtio-blk computes the same on the host after power-off:
 * the image must hold exactly these writes and zeros elsewhere.  Keep the
 * two in step.
 */
#include "usertest.h"		/* CHECK, CHECK_EQ and their failure count */
#include "x86_64/thread_state.h"
#include <mach/vm_inherit.h>

#include "block.h"
#include "device_errors.h"
#include "name.h"
#include "servers_bounds.h"

#define BLKTEST_DISK_BYTES	(16ull << 20)	/* tests/system/virtio-blk: truncate -s 16M */
#define SECTOR			512u
#define LOOKUP_WAIT_MS		10000u		/* the driver may still be starting */
#define JOIN_WAIT_MS		10000u

/* Sequential writes: {first sector, sectors}.  Sizes below, at and above a page, unaligned. */
static const struct { uint32_t sector, count; } blk_writes[] = {
	{ 0, 1 },		/* one sector */
	{ 3, 7 },		/* starts and ends inside a page */
	{ 64, 8 },		/* exactly a page */
	{ 100, 129 },		/* 64.5 KiB */
	{ 1024, 2048 },		/* BLOCK_IO_MAX */
	{ 32000, 33 },
	{ 32767, 1 },		/* the last sector */
};

/* Concurrent writes: thread t, chunk k at BLK_CONC_BASE + (t * CHUNKS + k) * STRIDE, COUNT sectors. */
#define BLK_CONC_THREADS	4
#define BLK_CONC_CHUNKS		16
#define BLK_CONC_BASE		8192u
#define BLK_CONC_STRIDE		32u
#define BLK_CONC_COUNT		17u

/* The second disk (disk1): one write of BLK_DISK1_COUNT sectors at BLK_DISK1_SECTOR. */
#define BLKTEST_DISK1_BYTES	(1ull << 20)	/* tests/system/virtio-blk: truncate -s 1M */
#define BLK_DISK1_SECTOR	5u
#define BLK_DISK1_COUNT		11u

/* Never written: reads back as zeros (not a stale DMA buffer). */
#define BLK_ZERO_SECTOR		20000u

int failures;
const struct bootstrap_info *boot_info;
static mach_port_t blk_disk;

/* The byte at disk offset o: depends on the sector (so a misplaced sector shows) and the offset in it. */
static uint8_t blk_pattern(uint64_t o)
{
	uint64_t s = o / SECTOR;

	return (uint8_t)(s * 131 + (s >> 8) * 17 + (o % SECTOR) * 7 + 0x5A);
}

static void blk_fill(uint8_t *buf, uint64_t offset, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++)
		buf[i] = blk_pattern(offset + i);
}

/* Bytes of buf that differ from the pattern (zero: expect zeros instead). */
static uint32_t blk_mismatches(const uint8_t *buf, uint64_t offset, uint32_t len, int zero)
{
	uint32_t bad = 0;

	for (uint32_t i = 0; i < len; i++)
		if (buf[i] != (zero ? 0 : blk_pattern(offset + i)))
			bad++;
	return bad;
}

static uint8_t *blk_alloc(uint32_t len)
{
	vm_address_t a = 0;

	if (vm_allocate(mach_task_self(), &a, (len + PG - 1) & ~(PG - 1), VM_FLAGS_ANYWHERE) !=
	    KERN_SUCCESS)
		return NULL;
	return (uint8_t *)a;
}

static void blk_free(void *p, uint32_t len)
{
	if (p != NULL)
		vm_deallocate(mach_task_self(), (vm_address_t)p, len);
}

/* Write the pattern at sector s: the call's result. */
static kern_return_t blk_write_pattern(mach_port_t disk, uint32_t s, uint32_t count)
{
	uint32_t len = count * SECTOR;
	uint8_t *buf = blk_alloc(len);
	kern_return_t kr;

	if (buf == NULL)
		return KERN_RESOURCE_SHORTAGE;
	blk_fill(buf, (uint64_t)s * SECTOR, len);
	kr = block_write(disk, (uint64_t)s * SECTOR, (block_data_t)buf, len);
	blk_free(buf, len);
	return kr;
}

/* Read sector s.. back: the bytes that are wrong, or ~0u if the call failed. */
static uint32_t blk_read_check(mach_port_t disk, uint32_t s, uint32_t count, int zero)
{
	block_data_t data = NULL;
	mach_msg_type_number_t n = 0;
	uint32_t len = count * SECTOR, bad;

	if (block_read(disk, (uint64_t)s * SECTOR, len, &data, &n) != KERN_SUCCESS)
		return ~0u;
	bad = n != len ? ~0u : blk_mismatches((const uint8_t *)data, (uint64_t)s * SECTOR, len, zero);
	blk_free(data, n);
	return bad;
}

static void test_size(void)
{
	uint64_t size = 0;
	natural_t ss = 0;

	CHECK_EQ(block_get_size(blk_disk, &size, &ss), KERN_SUCCESS);
	CHECK_EQ(size, BLKTEST_DISK_BYTES);
	CHECK_EQ(ss, SECTOR);
}

static void test_write_read(void)
{
	unsigned n = sizeof(blk_writes) / sizeof(blk_writes[0]);

	for (unsigned i = 0; i < n; i++)
		CHECK_EQ(blk_write_pattern(blk_disk, blk_writes[i].sector, blk_writes[i].count),
			 KERN_SUCCESS);
	for (unsigned i = 0; i < n; i++)
		CHECK_EQ(blk_read_check(blk_disk, blk_writes[i].sector, blk_writes[i].count, 0), 0);
	/* Sectors around a write are untouched: the write's length is exact. */
	CHECK_EQ(blk_read_check(blk_disk, 1, 2, 1), 0);
	CHECK_EQ(blk_read_check(blk_disk, 10, 54, 1), 0);
	CHECK_EQ(blk_read_check(blk_disk, BLK_ZERO_SECTOR, 16, 1), 0);
}

static void test_flush(void)
{
	CHECK_EQ(block_flush(blk_disk), KERN_SUCCESS);
}

/* A read that must be refused with want, and must not hang. */
static void blk_read_refused(uint64_t offset, natural_t size, kern_return_t want)
{
	block_data_t data = NULL;
	mach_msg_type_number_t n = 0;

	CHECK_EQ(block_read(blk_disk, offset, size, &data, &n), want);
}

static void test_errors(void)
{
	static uint8_t junk[2 * SECTOR];
	uint8_t *big = blk_alloc(BLOCK_IO_MAX + SECTOR);
	kern_return_t kr;

	blk_read_refused(BLKTEST_DISK_BYTES, SECTOR, D_INVALID_RECNUM);
	blk_read_refused(BLKTEST_DISK_BYTES - SECTOR, 2 * SECTOR, D_INVALID_RECNUM);
	blk_read_refused(1ull << 63, SECTOR, D_INVALID_RECNUM);
	blk_read_refused(100, SECTOR, D_INVALID_RECNUM);
	blk_read_refused(0, 100, D_INVALID_SIZE);
	blk_read_refused(0, 0, D_INVALID_SIZE);
	blk_read_refused(0, BLOCK_IO_MAX + SECTOR, D_INVALID_SIZE);
	/* 0xEE: a refused write that reached the disk shows in the host's check. */
	for (unsigned i = 0; i < sizeof(junk); i++)
		junk[i] = 0xEE;
	CHECK_EQ(block_write(blk_disk, BLKTEST_DISK_BYTES, (block_data_t)junk, SECTOR),
		 D_INVALID_RECNUM);
	CHECK_EQ(block_write(blk_disk, BLKTEST_DISK_BYTES - SECTOR, (block_data_t)junk, 2 * SECTOR),
		 D_INVALID_RECNUM);
	CHECK_EQ(block_write(blk_disk, 512 + 3, (block_data_t)junk, SECTOR), D_INVALID_RECNUM);
	CHECK_EQ(block_write(blk_disk, 512, (block_data_t)junk, 100), D_INVALID_SIZE);
	CHECK(big != NULL);
	if (big != NULL) {
		/* Too large: the client stub or the driver refuses it; either way an error at once. */
		for (uint32_t i = 0; i < BLOCK_IO_MAX + SECTOR; i += PG)
			big[i] = 0xEE;
		kr = block_write(blk_disk, 0, (block_data_t)big, BLOCK_IO_MAX + SECTOR);
		CHECK(kr != KERN_SUCCESS);
		u_printf("# a write of BLOCK_IO_MAX + 512 bytes: %d\n", kr);
		blk_free(big, BLOCK_IO_MAX + SECTOR);
	}
	/* The driver still works after all that. */
	CHECK_EQ(blk_read_check(blk_disk, 0, 1, 0), 0);
}

/* --- several requests in flight: threads of this task --- */

struct blk_thread {
	uint64_t arg;
	void (*fn)(struct blk_thread *t);
	volatile int done;
	int failures;
	kern_return_t last;
	unsigned calls;
};

static void blk_thread_main(uint64_t p)
{
	struct blk_thread *t = (struct blk_thread *)p;

	t->fn(t);
	__atomic_store_n(&t->done, 1, __ATOMIC_RELEASE);
	u_thread_exit();
}

/* A thread of ours running t->fn; its control block sits at the top of its stack. */
static kern_return_t blk_thread_start(struct blk_thread *t)
{
	struct x86_thread_state64 st;
	uint64_t sp = u_stack(16 * PG);
	struct mach_tls *tls = (struct mach_tls *)(sp - 64);
	mach_port_t thread;

	memset(&st, 0, sizeof(st));
	mach_tls_init(tls);
	st.fs_base = (uint64_t)tls;
	st.rip = (uint64_t)blk_thread_main;
	st.rdi = (uint64_t)t;
	st.rsp = sp - 64 - 8;	/* SysV: rsp + 8 aligned at entry */
	return thread_create_running(mach_task_self(), X86_THREAD_STATE64, (thread_state_t)&st,
				     sizeof(st) / sizeof(natural_t), &thread);
}

/* 1 if the thread finished within ms. */
static int blk_thread_wait(struct blk_thread *t, unsigned ms)
{
	for (unsigned waited = 0; !__atomic_load_n(&t->done, __ATOMIC_ACQUIRE); waited++) {
		if (waited >= ms)
			return 0;
		u_sleep(MSEC);
	}
	return 1;
}

static void blk_conc_writer(struct blk_thread *t)
{
	for (unsigned k = 0; k < BLK_CONC_CHUNKS; k++) {
		uint32_t s = BLK_CONC_BASE + ((uint32_t)t->arg * BLK_CONC_CHUNKS + k) * BLK_CONC_STRIDE;

		if (blk_write_pattern(blk_disk, s, BLK_CONC_COUNT) != KERN_SUCCESS)
			t->failures++;
	}
	for (unsigned k = 0; k < BLK_CONC_CHUNKS; k++) {
		uint32_t s = BLK_CONC_BASE + ((uint32_t)t->arg * BLK_CONC_CHUNKS + k) * BLK_CONC_STRIDE;

		if (blk_read_check(blk_disk, s, BLK_CONC_COUNT, 0) != 0)
			t->failures++;
		/* The gap after each chunk stays zero: no chunk lands on another's sectors. */
		if (blk_read_check(blk_disk, s + BLK_CONC_COUNT, BLK_CONC_STRIDE - BLK_CONC_COUNT, 1) != 0)
			t->failures++;
	}
}

static void test_concurrent(void)
{
	static struct blk_thread threads[BLK_CONC_THREADS];

	for (unsigned i = 0; i < BLK_CONC_THREADS; i++) {
		threads[i] = (struct blk_thread){ .arg = i, .fn = blk_conc_writer };
		CHECK_EQ(blk_thread_start(&threads[i]), KERN_SUCCESS);
	}
	for (unsigned i = 0; i < BLK_CONC_THREADS; i++) {
		CHECK(blk_thread_wait(&threads[i], JOIN_WAIT_MS));
		CHECK_EQ(threads[i].failures, 0);
	}
	CHECK_EQ(block_flush(blk_disk), KERN_SUCCESS);
}

/* --- clients die under the driver --- */

#define BLK_CHILD_THREADS	8

/* Reads done by a child's threads, in a page the child shares with us (VM_INHERIT_SHARE). */
static volatile uint64_t *blk_child_reads;

/* Reads 1 MiB at a time until its task is killed. */
static void blk_child_reader(struct blk_thread *t)
{
	(void)t;
	for (;;) {
		block_data_t data = NULL;
		mach_msg_type_number_t n = 0;

		if (block_read(blk_disk, 0, BLOCK_IO_MAX, &data, &n) == KERN_SUCCESS)
			blk_free(data, n);
		__atomic_add_fetch(blk_child_reads, 1, __ATOMIC_RELEASE);
	}
}

/*
 * A child task's first thread: BLK_CHILD_THREADS readers in all, so that
 * whenever the child dies most of its requests wait in the driver.  Its
 * memory is a copy of ours: blk_disk is the name the parent gave the child
 * a send right under.
 */
static void blk_child_main(uint64_t arg)
{
	static struct blk_thread more[BLK_CHILD_THREADS - 1];

	(void)arg;
	mach_init();
	for (unsigned i = 0; i < BLK_CHILD_THREADS - 1; i++) {
		more[i] = (struct blk_thread){ .fn = blk_child_reader };
		blk_thread_start(&more[i]);
	}
	blk_child_reader(NULL);
}

/* A child reading disk0 with all its threads, killed ms after they got going: 0 if each step worked. */
static int blk_kill_readers(unsigned ms)
{
	uint64_t sp = u_stack(16 * PG);		/* before task_create: the child inherits it */
	struct x86_thread_state64 st;
	mach_port_t child = MACH_PORT_NULL, thread = MACH_PORT_NULL;
	int bad = 0;

	memset(&st, 0, sizeof(st));
	st.rip = (uint64_t)blk_child_main;
	st.rsp = sp - 8;
	*blk_child_reads = 0;
	bad |= task_create(mach_task_self(), TRUE, &child) != KERN_SUCCESS;
	bad |= mach_port_insert_right(child, blk_disk, blk_disk, MACH_MSG_TYPE_COPY_SEND) !=
	       KERN_SUCCESS;
	bad |= thread_create_running(child, X86_THREAD_STATE64, (thread_state_t)&st,
				     sizeof(st) / sizeof(natural_t), &thread) != KERN_SUCCESS;
	for (unsigned i = 0; i < JOIN_WAIT_MS &&
	     __atomic_load_n(blk_child_reads, __ATOMIC_ACQUIRE) < BLK_CHILD_THREADS; i++)
		u_sleep(MSEC);
	bad |= *blk_child_reads < BLK_CHILD_THREADS;
	u_sleep(ms * MSEC);
	bad |= task_terminate(child) != KERN_SUCCESS;
	mach_port_deallocate(mach_task_self(), thread);
	mach_port_deallocate(mach_task_self(), child);
	return bad;
}

/*
 * Readers killed with requests in the driver: its replies find dead
 * ports, and it must go on serving.  A kill leaves one or two requests
 * behind on average (measured: 35 in 20 kills), so 60 kills leave more
 * than the driver's 64 request slots: a slot kept for a dead client would
 * show as D_NO_MEMORY in the reads after.
 */
static void test_clients_killed(void)
{
	blk_child_reads = (volatile uint64_t *)blk_alloc(PG);
	CHECK(blk_child_reads != NULL);
	if (blk_child_reads == NULL)
		return;
	CHECK_EQ(u_vm_inherit((uint64_t)blk_child_reads, PG, VM_INHERIT_SHARE), KERN_SUCCESS);
	for (unsigned i = 0; i < 60; i++)
		CHECK_EQ(blk_kill_readers(i % 4), 0);
	CHECK_EQ(blk_read_check(blk_disk, 0, 1, 0), 0);
	CHECK_EQ(blk_read_check(blk_disk, 1024, 2048, 0), 0);
}

/* --- the driver dies under a client --- */

/* Read 1 MiB at a time until a call fails: then its error. */
static void blk_reader(struct blk_thread *t)
{
	for (;;) {
		block_data_t data = NULL;
		mach_msg_type_number_t n = 0;

		t->last = block_read(blk_disk, 0, BLOCK_IO_MAX, &data, &n);
		if (t->last != KERN_SUCCESS)
			return;
		t->calls++;
		blk_free(data, n);
	}
}

static void test_driver_killed(void)
{
	static struct blk_thread reader = { .fn = blk_reader };
	mach_port_t task = MACH_PORT_NULL, again = MACH_PORT_NULL;
	uint64_t size;
	natural_t ss;

	CHECK_EQ(name_lookup(boot_info->bootstrap, "task/virtio-blk", LOOKUP_WAIT_MS, &task),
		 KERN_SUCCESS);
	CHECK_EQ(blk_thread_start(&reader), KERN_SUCCESS);
	/* Let the reader get going, so that the kill finds a request in the driver. */
	for (unsigned i = 0; i < 1000 && __atomic_load_n(&reader.calls, __ATOMIC_RELAXED) < 2; i++)
		u_sleep(MSEC);
	CHECK(reader.calls >= 2);
	CHECK_EQ(task_terminate(task), KERN_SUCCESS);
	/* The pending call ends with an error: no hang. */
	CHECK(blk_thread_wait(&reader, JOIN_WAIT_MS));
	CHECK(reader.last == MIG_SERVER_DIED || reader.last == MACH_SEND_INVALID_DEST);
	u_printf("# reader: %u reads, then %d\n", reader.calls, reader.last);
	/* A new call on the dead port fails at once. */
	CHECK_EQ(block_get_size(blk_disk, &size, &ss), MACH_SEND_INVALID_DEST);
	/* The names went with their ports. */
	CHECK_EQ(name_lookup(boot_info->bootstrap, "disk0", 0, &again), KERN_INVALID_NAME);
	CHECK_EQ(name_lookup(boot_info->bootstrap, "disk1", 0, &again), KERN_INVALID_NAME);
}

/* disk1 is served by the same driver and is a disk of its own: its writes land on its image only. */
static void test_second_disk(void)
{
	mach_port_t disk1 = MACH_PORT_NULL;
	uint64_t size = 0;
	natural_t ss = 0;

	CHECK_EQ(name_lookup(boot_info->bootstrap, "disk1", LOOKUP_WAIT_MS, &disk1), KERN_SUCCESS);
	CHECK_EQ(block_get_size(disk1, &size, &ss), KERN_SUCCESS);
	CHECK_EQ(size, BLKTEST_DISK1_BYTES);
	CHECK_EQ(blk_write_pattern(disk1, BLK_DISK1_SECTOR, BLK_DISK1_COUNT), KERN_SUCCESS);
	CHECK_EQ(blk_read_check(disk1, BLK_DISK1_SECTOR, BLK_DISK1_COUNT, 0), 0);
	CHECK_EQ(blk_read_check(disk1, 0, BLK_DISK1_SECTOR, 1), 0);
	CHECK_EQ(block_read(disk1, BLKTEST_DISK1_BYTES, SECTOR, &(block_data_t){ NULL },
			    &(mach_msg_type_number_t){ 0 }), D_INVALID_RECNUM);
	CHECK_EQ(block_flush(disk1), KERN_SUCCESS);
	/* Only two disks: no disk2. */
	CHECK_EQ(name_lookup(boot_info->bootstrap, "disk2", 0, &(mach_port_t){ 0 }), KERN_INVALID_NAME);
}

static const struct {
	const char *name;
	void (*fn)(void);
} blk_tests[] = {
	{ "block_get_size: 16 MiB of 512-byte sectors", test_size },
	{ "writes of 1..2048 sectors read back; neighbours untouched", test_write_read },
	{ "block_flush", test_flush },
	{ "past the end, misaligned, empty and too large: errors, no hang", test_errors },
	{ "4 threads with requests in flight: writes and reads back", test_concurrent },
	{ "disk1: a second disk of 1 MiB, apart from disk0", test_second_disk },
	{ "60 tasks of 8 readers killed in flight: the driver serves on", test_clients_killed },
	{ "driver killed under a reader: the client gets an error", test_driver_killed },
};

__attribute__((noreturn)) void ustart(const struct bootstrap_info *info);

void ustart(const struct bootstrap_info *info)
{
	unsigned n = sizeof(blk_tests) / sizeof(blk_tests[0]), failed = 0;
	kern_return_t kr;

	mach_init();
	boot_info = info;
	u_printf("1..%u\n", n + 1);
	kr = name_lookup(info->bootstrap, "disk0", LOOKUP_WAIT_MS, &blk_disk);
	u_printf("%s 1 - disk0 found in the name service (%d)\n", kr == KERN_SUCCESS ? "ok" : "not ok",
		 kr);
	if (kr != KERN_SUCCESS)
		u_exit(1);
	for (unsigned i = 0; i < n; i++) {
		int before = failures;

		blk_tests[i].fn();
		if (failures != before)
			failed++;
		u_printf("%s %u - %s\n", failures == before ? "ok" : "not ok", i + 2,
			 blk_tests[i].name);
	}
	u_exit(failed == 0 ? 0 : 1);
}
