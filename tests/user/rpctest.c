/*
 * User tests of the kernel objects' RPCs, through harbor-mig's client
 * stubs of idl/defs/mach: mach_port_*, vm_*, task_*, thread_*, host_*,
 * host_priv; and bad requests (unknown ids, malformed messages, the
 * wrong kind of port, dead ports, no privilege) getting errors.
 */
#include "usertest.h"
#include "x86_64/thread_state.h"

static void
test_rpc_mach_port(void)
{
	mach_port_t p = MACH_PORT_NULL, named = 0x7707;
	mach_port_status_t st;
	mach_msg_type_number_t n = MACH_PORT_RECEIVE_STATUS_COUNT;
	integer_t limit[1] = { 0 };

	CHECK_EQ(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &p),
	    KERN_SUCCESS);
	CHECK_EQ(mach_port_allocate(mach_task_self(), 99, &p), KERN_INVALID_VALUE);
	CHECK_EQ(mach_port_allocate_name(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
	    named), KERN_SUCCESS);
	CHECK_EQ(mach_port_allocate_name(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
	    named), KERN_NAME_EXISTS);
	CHECK_EQ(type_of(named), MACH_PORT_TYPE_RECEIVE);
	CHECK_EQ(mach_port_set_mscount(mach_task_self(), p, 7), KERN_SUCCESS);
	CHECK_EQ(mach_port_get_attributes(mach_task_self(), p, MACH_PORT_RECEIVE_STATUS,
	    (mach_port_info_t)&st, &n), KERN_SUCCESS);
	CHECK_EQ(n, MACH_PORT_RECEIVE_STATUS_COUNT);
	CHECK_EQ(st.mps_mscount, 7);
	CHECK_EQ(st.mps_qlimit, MACH_PORT_QLIMIT_DEFAULT);
	CHECK_EQ(st.mps_srights, 0);
	n = 1;
	CHECK_EQ(mach_port_get_attributes(mach_task_self(), p, MACH_PORT_LIMITS_INFO,
	    limit, &n), KERN_SUCCESS);
	CHECK_EQ(limit[0], MACH_PORT_QLIMIT_DEFAULT);
	limit[0] = MACH_PORT_QLIMIT_MAX + 1;
	CHECK_EQ(mach_port_set_attributes(mach_task_self(), p, MACH_PORT_LIMITS_INFO,
	    limit, 1), KERN_INVALID_VALUE);
	CHECK_EQ(mach_port_get_attributes(mach_task_self(), p, 77, limit, &n),
	    KERN_INVALID_ARGUMENT);
	/* a dead name made on purpose, and urefs to the bound */
	mach_port_t dn = MACH_PORT_NULL;
	CHECK_EQ(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_DEAD_NAME, &dn),
	    KERN_SUCCESS);
	CHECK_EQ(mach_port_mod_refs(mach_task_self(), dn, MACH_PORT_RIGHT_DEAD_NAME,
	    (mach_port_delta_t)MACH_PORT_UREFS_MAX - 1), KERN_SUCCESS);
	CHECK_EQ(refs_of(dn, MACH_PORT_RIGHT_DEAD_NAME), MACH_PORT_UREFS_MAX);
	CHECK_EQ(mach_port_mod_refs(mach_task_self(), dn, MACH_PORT_RIGHT_DEAD_NAME, 1),
	    KERN_UREFS_OVERFLOW);
	CHECK_EQ(mach_port_destroy(mach_task_self(), dn), KERN_SUCCESS);
	/* names that denote nothing */
	CHECK_EQ(mach_port_deallocate(mach_task_self(), 0x12345), KERN_INVALID_NAME);
	CHECK_EQ(mach_port_type(mach_task_self(), MACH_PORT_DEAD, &n), KERN_INVALID_NAME);
	CHECK_EQ(mach_port_destroy(mach_task_self(), p), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(mach_task_self(), named), KERN_SUCCESS);
	CHECK_EQ(type_of(p), 0);
}

static void
test_rpc_vm(void)
{
	vm_address_t a = 0, r;
	vm_size_t size = 0;
	struct vm_region_basic_info info;
	mach_msg_type_number_t n = VM_REGION_BASIC_INFO_COUNT;
	mach_port_t obj = 1;
	vm_offset_t data = 0;
	mach_msg_type_number_t cnt = 0;

	CHECK_EQ(vm_allocate(mach_task_self(), &a, 4 * PG, VM_FLAGS_ANYWHERE), KERN_SUCCESS);
	((volatile char *)a)[0] = 5;
	r = a;
	CHECK_EQ(vm_region(mach_task_self(), &r, &size, VM_REGION_BASIC_INFO,
	    (vm_region_info_t)&info, &n, &obj), KERN_SUCCESS);
	CHECK_EQ(r, a);
	CHECK(size >= 4 * PG);
	CHECK_EQ(info.protection, VM_PROT_READ | VM_PROT_WRITE);
	CHECK_EQ(obj, MACH_PORT_NULL);
	CHECK_EQ(vm_protect(mach_task_self(), a + PG, PG, FALSE, VM_PROT_READ), KERN_SUCCESS);
	CHECK_EQ(vm_inherit(mach_task_self(), a, PG, VM_INHERIT_SHARE), KERN_SUCCESS);
	CHECK_EQ(vm_copy(mach_task_self(), a, PG, a + 2 * PG), KERN_SUCCESS);
	CHECK_EQ(((volatile char *)a)[2 * PG], 5);
	CHECK_EQ(vm_read(mach_task_self(), a, PG, &data, &cnt), KERN_SUCCESS);
	CHECK_EQ(cnt, PG);
	CHECK_EQ(((volatile char *)data)[0], 5);
	CHECK_EQ(vm_deallocate(mach_task_self(), data, PG), KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(mach_task_self(), a, 4 * PG), KERN_SUCCESS);
	CHECK_EQ(vm_allocate(mach_task_self(), &a, PG, 0x80), KERN_INVALID_ARGUMENT);
	/* vm_map of anonymous memory, aligned by the mask */
	a = 0;
	CHECK_EQ(vm_map(mach_task_self(), &a, 2 * PG, 0xffff, VM_FLAGS_ANYWHERE,
	    MACH_PORT_NULL, 0, FALSE, VM_PROT_READ | VM_PROT_WRITE, VM_PROT_ALL,
	    VM_INHERIT_COPY), KERN_SUCCESS);
	CHECK_EQ(a & 0xffff, 0);
	CHECK_EQ(vm_map(mach_task_self(), &a, PG, 0, VM_FLAGS_ANYWHERE,
	    mach_task_self(), 0, FALSE, VM_PROT_READ, VM_PROT_ALL, VM_INHERIT_COPY),
	    KERN_INVALID_ARGUMENT);
	CHECK_EQ(vm_deallocate(mach_task_self(), a, 2 * PG), KERN_SUCCESS);
	/* another task's address space, through its port */
	mach_port_t child;
	CHECK_EQ(task_create(mach_task_self(), FALSE, &child), KERN_SUCCESS);
	a = 0x40000000;
	CHECK_EQ(vm_allocate(child, &a, PG, VM_FLAGS_FIXED), KERN_SUCCESS);
	CHECK_EQ(vm_allocate(child, &a, PG, VM_FLAGS_FIXED), KERN_NO_SPACE);
	CHECK_EQ(task_terminate(child), KERN_SUCCESS);
	CHECK_EQ(vm_allocate(child, &a, PG, VM_FLAGS_ANYWHERE), MACH_SEND_INVALID_DEST);
	mach_port_deallocate(mach_task_self(), child);
}

/*
 * Out-of-line data through vm_read / vm_write on a child task's memory:
 * 1 byte, 1 page, 1 MiB, unaligned ranges, copy-on-write independence
 * of what was read, and bad ranges.
 */
#define OOL_MIB		(1024 * 1024)
#define OOL_CHILD_AT	0x40000000ul

static unsigned char
ool_pattern(vm_size_t i)
{
	return (unsigned char)(i * 7 + (i >> 12) + 1);
}

static void
vm_ool_reads(mach_port_t child, const unsigned char *src)
{
	vm_offset_t d = 0;
	mach_msg_type_number_t cnt = 0;

	CHECK_EQ(vm_read(child, OOL_CHILD_AT + 5, 1, &d, &cnt), KERN_SUCCESS);
	CHECK_EQ(cnt, 1);
	CHECK_EQ(*(unsigned char *)d, src[5]);
	CHECK_EQ(vm_deallocate(mach_task_self(), d, 1), KERN_SUCCESS);
	CHECK_EQ(vm_read(child, OOL_CHILD_AT + PG, PG, &d, &cnt), KERN_SUCCESS);
	CHECK_EQ(cnt, PG);
	CHECK(memcmp((void *)d, src + PG, PG) == 0);
	CHECK_EQ(vm_deallocate(mach_task_self(), d, PG), KERN_SUCCESS);
	/* unaligned at both ends, over three pages */
	CHECK_EQ(vm_read(child, OOL_CHILD_AT + 100, 2 * PG, &d, &cnt), KERN_SUCCESS);
	CHECK_EQ(cnt, 2 * PG);
	CHECK(memcmp((void *)d, src + 100, 2 * PG) == 0);
	CHECK_EQ(vm_deallocate(mach_task_self(), d & ~(vm_offset_t)(PG - 1), 3 * PG),
	    KERN_SUCCESS);
	/* 1 MiB; then each side changes its copy: the other does not see it */
	CHECK_EQ(vm_read(child, OOL_CHILD_AT, OOL_MIB, &d, &cnt), KERN_SUCCESS);
	CHECK_EQ(cnt, OOL_MIB);
	CHECK(memcmp((void *)d, src, OOL_MIB) == 0);
	((unsigned char *)d)[3 * PG] ^= 0xff;
	unsigned char b = (unsigned char)~src[7 * PG];
	CHECK_EQ(vm_write(child, OOL_CHILD_AT + 7 * PG, (vm_offset_t)&b, 1), KERN_SUCCESS);
	CHECK_EQ(((unsigned char *)d)[7 * PG], src[7 * PG]);
	vm_offset_t d2 = 0;
	CHECK_EQ(vm_read(child, OOL_CHILD_AT + 3 * PG, 1, &d2, &cnt), KERN_SUCCESS);
	CHECK_EQ(*(unsigned char *)d2, src[3 * PG]);
	CHECK_EQ(vm_deallocate(mach_task_self(), d2, 1), KERN_SUCCESS);
	CHECK_EQ(vm_read(child, OOL_CHILD_AT + 7 * PG, 1, &d2, &cnt), KERN_SUCCESS);
	CHECK_EQ(*(unsigned char *)d2, b);
	CHECK_EQ(vm_deallocate(mach_task_self(), d2, 1), KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(mach_task_self(), d, OOL_MIB), KERN_SUCCESS);
}

static void
vm_ool_bad_ranges(mach_port_t child, const unsigned char *src)
{
	vm_offset_t d = 0;
	mach_msg_type_number_t cnt = 0;
	vm_address_t end = OOL_CHILD_AT + OOL_MIB;

	CHECK_EQ(vm_read(child, 0x10000000, PG, &d, &cnt), KERN_INVALID_ADDRESS);
	CHECK_EQ(vm_read(child, end - 10, 20, &d, &cnt), KERN_INVALID_ADDRESS);
	CHECK_EQ(vm_read(child, OOL_CHILD_AT, 0, &d, &cnt), KERN_INVALID_ARGUMENT);
	CHECK_EQ(vm_read(child, OOL_CHILD_AT, 1ul << 40, &d, &cnt),
	    KERN_INVALID_ARGUMENT);
	CHECK(vm_read(child, ~0ul - 10, 100, &d, &cnt) != KERN_SUCCESS);
	CHECK_EQ(vm_write(child, 0x10000000, (vm_offset_t)src, 8), KERN_INVALID_ADDRESS);
	/* partly past the end: refused before any byte is written */
	CHECK_EQ(vm_write(child, end - 10, (vm_offset_t)src, 20), KERN_INVALID_ADDRESS);
	CHECK_EQ(vm_read(child, end - 10, 10, &d, &cnt), KERN_SUCCESS);
	CHECK(memcmp((void *)d, src + OOL_MIB - 10, 10) == 0);
	CHECK_EQ(vm_deallocate(mach_task_self(), d, 10), KERN_SUCCESS);
	CHECK_EQ(vm_protect(child, OOL_CHILD_AT, PG, FALSE, VM_PROT_READ), KERN_SUCCESS);
	CHECK_EQ(vm_write(child, OOL_CHILD_AT, (vm_offset_t)src, 8),
	    KERN_PROTECTION_FAILURE);
	CHECK_EQ(vm_protect(child, OOL_CHILD_AT, PG, FALSE, VM_PROT_NONE), KERN_SUCCESS);
	CHECK_EQ(vm_read(child, OOL_CHILD_AT, 8, &d, &cnt), KERN_PROTECTION_FAILURE);
	CHECK_EQ(vm_read(mach_host_self(), OOL_CHILD_AT, 8, &d, &cnt), KERN_INVALID_TASK);
	CHECK_EQ(vm_write(mach_host_self(), OOL_CHILD_AT, (vm_offset_t)src, 8),
	    KERN_INVALID_TASK);
}

static void
vm_ool_round(void)
{
	mach_port_t child = MACH_PORT_NULL;
	vm_address_t a = OOL_CHILD_AT, src = 0;
	unsigned char *p;

	CHECK_EQ(vm_allocate(mach_task_self(), &src, OOL_MIB, VM_FLAGS_ANYWHERE),
	    KERN_SUCCESS);
	p = (unsigned char *)src;
	for (vm_size_t i = 0; i < OOL_MIB; i++)
		p[i] = ool_pattern(i);
	CHECK_EQ(task_create(mach_task_self(), FALSE, &child), KERN_SUCCESS);
	CHECK_EQ(vm_allocate(child, &a, OOL_MIB, VM_FLAGS_FIXED), KERN_SUCCESS);
	CHECK_EQ(vm_write(child, a, src, OOL_MIB), KERN_SUCCESS);
	/* a small unaligned write over a page boundary, read back */
	unsigned char three[3] = { 0xa1, 0xb2, 0xc3 };
	CHECK_EQ(vm_write(child, a + 2 * PG - 1, (vm_offset_t)three, 3), KERN_SUCCESS);
	memcpy(p + 2 * PG - 1, three, 3);
	vm_ool_reads(child, p);
	vm_ool_bad_ranges(child, p);
	CHECK_EQ(task_terminate(child), KERN_SUCCESS);
	mach_port_deallocate(mach_task_self(), child);
	CHECK_EQ(vm_deallocate(mach_task_self(), src, OOL_MIB), KERN_SUCCESS);
}

/* How many names our space has (mach_port_names). */
static mach_msg_type_number_t
name_count(void)
{
	vm_offset_t names = 0, types = 0;
	mach_msg_type_number_t n = 0, t = 0;

	CHECK_EQ(mach_port_names(mach_task_self(), &names, &n, &types, &t),
	    KERN_SUCCESS);
	CHECK_EQ(n, t);
	vm_deallocate(mach_task_self(), names, n * sizeof(mach_port_name_t));
	vm_deallocate(mach_task_self(), types, t * sizeof(mach_port_type_t));
	return n;
}

static void
test_rpc_vm_ool(void)
{
	uint64_t before;
	mach_msg_type_number_t names;

	vm_ool_round();		/* tables and caches reach their size */
	names = name_count();
	before = u_free_pages();
	vm_ool_round();
	CHECK_EQ(u_free_pages(), before);
	CHECK_EQ(name_count(), names);
}

/* The type mach_port_names gives `name`, or 0 if it is not listed. */
static mach_port_type_t
listed_type(const mach_port_name_t *names, const mach_port_type_t *types,
    mach_msg_type_number_t n, mach_port_name_t name)
{
	for (mach_msg_type_number_t i = 0; i < n; i++)
		if (names[i] == name)
			return types[i];
	return 0;
}

static int
set_has(const mach_port_name_t *m, mach_msg_type_number_t n, mach_port_name_t x)
{
	for (mach_msg_type_number_t i = 0; i < n; i++)
		if (m[i] == x)
			return 1;
	return 0;
}

static void
port_names_round(void)
{
	mach_msg_type_number_t n = 0, t = 0, m = 0, base = name_count();
	mach_port_t r = MACH_PORT_NULL, s = MACH_PORT_NULL, dn = MACH_PORT_NULL;
	mach_port_t both = new_port();
	vm_offset_t na = 0, ta = 0, ma = 0;

	CHECK_EQ(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &r),
	    KERN_SUCCESS);
	CHECK_EQ(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_PORT_SET, &s),
	    KERN_SUCCESS);
	CHECK_EQ(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_DEAD_NAME, &dn),
	    KERN_SUCCESS);
	CHECK_EQ(mach_port_names(mach_task_self(), &na, &n, &ta, &t), KERN_SUCCESS);
	CHECK_EQ(n, base + 4);
	CHECK_EQ(t, n);
	const mach_port_name_t *names = (const mach_port_name_t *)na;
	const mach_port_type_t *types = (const mach_port_type_t *)ta;
	CHECK_EQ(listed_type(names, types, n, r), MACH_PORT_TYPE_RECEIVE);
	CHECK_EQ(listed_type(names, types, n, both),
	    MACH_PORT_TYPE_RECEIVE | MACH_PORT_TYPE_SEND);
	CHECK_EQ(listed_type(names, types, n, s), MACH_PORT_TYPE_PORT_SET);
	CHECK_EQ(listed_type(names, types, n, dn), MACH_PORT_TYPE_DEAD_NAME);
	CHECK_EQ(listed_type(names, types, n, mach_task_self()), MACH_PORT_TYPE_SEND);
	CHECK_EQ(vm_deallocate(mach_task_self(), na, n * sizeof(*names)), KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(mach_task_self(), ta, t * sizeof(*types)), KERN_SUCCESS);
	/* a set's members: none, then the two we move in */
	CHECK_EQ(mach_port_get_set_status(mach_task_self(), s, &ma, &m), KERN_SUCCESS);
	CHECK_EQ(m, 0);
	CHECK_EQ(mach_port_move_member(mach_task_self(), r, s), KERN_SUCCESS);
	CHECK_EQ(mach_port_move_member(mach_task_self(), both, s), KERN_SUCCESS);
	CHECK_EQ(mach_port_get_set_status(mach_task_self(), s, &ma, &m), KERN_SUCCESS);
	CHECK_EQ(m, 2);
	CHECK(set_has((const mach_port_name_t *)ma, m, r));
	CHECK(set_has((const mach_port_name_t *)ma, m, both));
	CHECK_EQ(vm_deallocate(mach_task_self(), ma, m * sizeof(mach_port_name_t)),
	    KERN_SUCCESS);
	CHECK_EQ(mach_port_get_set_status(mach_task_self(), r, &ma, &m),
	    KERN_INVALID_RIGHT);
	CHECK_EQ(mach_port_get_set_status(mach_task_self(), 0x5432, &ma, &m),
	    KERN_INVALID_NAME);
	CHECK_EQ(mach_port_names(mach_host_self(), &na, &n, &ta, &t), KERN_INVALID_TASK);
	CHECK_EQ(mach_port_destroy(mach_task_self(), r), KERN_SUCCESS);
	CHECK_EQ(mach_port_get_set_status(mach_task_self(), s, &ma, &m), KERN_SUCCESS);
	CHECK_EQ(m, 1);
	CHECK_EQ(*(const mach_port_name_t *)ma, both);
	CHECK_EQ(vm_deallocate(mach_task_self(), ma, sizeof(mach_port_name_t)),
	    KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(mach_task_self(), both), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(mach_task_self(), s), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(mach_task_self(), dn), KERN_SUCCESS);
	CHECK_EQ(name_count(), base);
}

static void
test_rpc_port_names(void)
{
	uint64_t before;

	port_names_round();
	before = u_free_pages();
	port_names_round();
	CHECK_EQ(u_free_pages(), before);
}

/* task_threads beyond the old inline bound of 32: 40 threads in a child. */
#define MANY_THREADS	40

static void
task_threads_round(void)
{
	mach_port_t child = MACH_PORT_NULL, th[MANY_THREADS];
	thread_act_array_t list = NULL;
	mach_msg_type_number_t n = 0, base = name_count();

	CHECK_EQ(task_create(mach_task_self(), FALSE, &child), KERN_SUCCESS);
	CHECK_EQ(task_threads(child, &list, &n), KERN_SUCCESS);
	CHECK_EQ(n, 0);
	for (unsigned i = 0; i < MANY_THREADS; i++)
		CHECK_EQ(thread_create(child, &th[i]), KERN_SUCCESS);
	CHECK_EQ(task_threads(child, &list, &n), KERN_SUCCESS);
	CHECK_EQ(n, MANY_THREADS);
	/* each is a send right to a thread we made: the same names */
	for (unsigned i = 0; i < MANY_THREADS; i++) {
		CHECK(set_has(list, n, th[i]));
		CHECK_EQ(refs_of(th[i], MACH_PORT_RIGHT_SEND), 2);
		mach_port_deallocate(mach_task_self(), list[i]);
	}
	CHECK_EQ(vm_deallocate(mach_task_self(), (vm_address_t)list,
	    n * sizeof(*list)), KERN_SUCCESS);
	CHECK_EQ(task_threads(mach_host_self(), &list, &n), KERN_INVALID_TASK);
	CHECK_EQ(task_terminate(child), KERN_SUCCESS);
	for (unsigned i = 0; i < MANY_THREADS; i++)
		CHECK_EQ(u_thread_join(th[i], 2000), KERN_SUCCESS);
	mach_port_deallocate(mach_task_self(), child);
	CHECK_EQ(name_count(), base);
}

static void
test_rpc_task_threads_ool(void)
{
	uint64_t before;

	task_threads_round();
	before = u_free_pages();
	task_threads_round();
	CHECK_EQ(u_free_pages(), before);
}

static volatile int worker_go;

static void
worker(uint64_t arg)
{
	(void)arg;
	while (!worker_go)
		u_yield();
	u_thread_exit();
}

static void
test_rpc_task_thread(void)
{
	struct task_basic_info ti;
	struct thread_basic_info thi;
	mach_msg_type_number_t n = TASK_BASIC_INFO_COUNT;
	thread_act_array_t threads = NULL;
	mach_port_t th, sp, boot;
	mach_msg_type_number_t count = 0;

	worker_go = 0;
	CHECK_EQ(u_thread_start(MACH_PORT_NULL, worker, u_stack(4 * PG), 0, &th),
	    KERN_SUCCESS);
	CHECK_EQ(task_info(mach_task_self(), TASK_BASIC_INFO, (task_info_t)&ti, &n),
	    KERN_SUCCESS);
	CHECK_EQ(ti.thread_count, 2);
	CHECK_EQ(task_info(mach_task_self(), 999, (task_info_t)&ti, &n),
	    KERN_INVALID_ARGUMENT);
	CHECK_EQ(task_threads(mach_task_self(), &threads, &count), KERN_SUCCESS);
	CHECK_EQ(count, 2);
	mach_port_t me = mach_thread_self();
	CHECK(threads[0] == me || threads[1] == me);
	CHECK(threads[0] == th || threads[1] == th);
	for (unsigned i = 0; i < count; i++)
		mach_port_deallocate(mach_task_self(), threads[i]);
	CHECK_EQ(vm_deallocate(mach_task_self(), (vm_address_t)threads,
	    count * sizeof(*threads)), KERN_SUCCESS);
	n = THREAD_BASIC_INFO_COUNT;
	CHECK_EQ(thread_suspend(th), KERN_SUCCESS);
	CHECK_EQ(thread_info(th, THREAD_BASIC_INFO, (thread_info_t)&thi, &n), KERN_SUCCESS);
	CHECK_EQ(thi.suspend_count, 1);
	CHECK_EQ(thi.run_state, TH_STATE_STOPPED);
	CHECK_EQ(thread_resume(th), KERN_SUCCESS);
	CHECK_EQ(thread_resume(th), KERN_FAILURE);
	CHECK_EQ(thread_get_special_port(th, THREAD_KERNEL_PORT, &sp), KERN_SUCCESS);
	CHECK_EQ(sp, th);
	mach_port_deallocate(mach_task_self(), sp);
	CHECK_EQ(thread_set_state(me, X86_THREAD_STATE64, (thread_state_t)&thi, 4),
	    KERN_INVALID_ARGUMENT);
	mach_port_deallocate(mach_task_self(), me);
	/* special ports: our own, the host, the bootstrap port (inherited) */
	CHECK_EQ(task_get_special_port(mach_task_self(), TASK_KERNEL_PORT, &sp), KERN_SUCCESS);
	CHECK_EQ(sp, mach_task_self());
	mach_port_deallocate(mach_task_self(), sp);
	CHECK_EQ(task_get_special_port(mach_task_self(), TASK_BOOTSTRAP_PORT, &boot),
	    KERN_SUCCESS);
	CHECK_EQ(boot, boot_info->bootstrap);	/* the same port: the same name */
	mach_port_t child;
	CHECK_EQ(task_create(mach_task_self(), FALSE, &child), KERN_SUCCESS);
	CHECK_EQ(task_get_special_port(child, TASK_BOOTSTRAP_PORT, &sp), KERN_SUCCESS);
	CHECK_EQ(sp, boot);
	mach_port_deallocate(mach_task_self(), sp);
	CHECK_EQ(task_set_special_port(child, TASK_BOOTSTRAP_PORT, MACH_PORT_NULL),
	    KERN_SUCCESS);
	CHECK_EQ(task_get_special_port(child, TASK_BOOTSTRAP_PORT, &sp), KERN_SUCCESS);
	CHECK_EQ(sp, MACH_PORT_NULL);
	CHECK_EQ(task_suspend(child), KERN_SUCCESS);
	CHECK_EQ(task_resume(child), KERN_SUCCESS);
	CHECK_EQ(task_resume(child), KERN_FAILURE);
	/* exception ports: stored and given back, per kind */
	exception_mask_t masks[EXC_TYPES_COUNT];
	mach_port_t handlers[EXC_TYPES_COUNT];
	exception_behavior_t behaviors[EXC_TYPES_COUNT];
	thread_state_flavor_t flavors[EXC_TYPES_COUNT];
	mach_port_t h = new_port();
	count = EXC_TYPES_COUNT;
	CHECK_EQ(task_set_exception_ports(child, EXC_MASK_BAD_ACCESS | EXC_MASK_ARITHMETIC,
	    h, EXCEPTION_DEFAULT, X86_THREAD_STATE64), KERN_SUCCESS);
	CHECK_EQ(task_get_exception_ports(child, EXC_MASK_ALL, masks, &count, handlers,
	    behaviors, flavors), KERN_SUCCESS);
	CHECK_EQ(count, 2);	/* the handler, and "none" for the other kinds */
	for (unsigned i = 0; i < count; i++) {
		if (handlers[i] == h) {
			CHECK_EQ(masks[i], EXC_MASK_BAD_ACCESS | EXC_MASK_ARITHMETIC);
			CHECK_EQ(behaviors[i], EXCEPTION_DEFAULT);
		}
		if (handlers[i] != MACH_PORT_NULL)
			mach_port_deallocate(mach_task_self(), handlers[i]);
	}
	CHECK_EQ(task_set_exception_ports(child, 0x10000, h, EXCEPTION_DEFAULT, 0),
	    KERN_INVALID_ARGUMENT);
	CHECK_EQ(thread_set_exception_ports(th, EXC_MASK_BREAKPOINT, h, EXCEPTION_STATE,
	    X86_THREAD_STATE64), KERN_SUCCESS);
	CHECK_EQ(task_terminate(child), KERN_SUCCESS);
	mach_port_deallocate(mach_task_self(), child);
	worker_go = 1;
	CHECK_EQ(u_thread_join(th, 2000), KERN_SUCCESS);
	/* the handler's send rights went with the task and the thread */
	CHECK_EQ(refs_of(h, MACH_PORT_RIGHT_SEND), 1);
	CHECK_EQ(mach_port_destroy(mach_task_self(), h), KERN_SUCCESS);
	/* thread_create: suspended, no state until we give it one */
	CHECK_EQ(thread_create(mach_task_self(), &th), KERN_SUCCESS);
	struct x86_thread_state64 st;
	memset(&st, 0, sizeof(st));
	uint64_t top = u_stack(4 * PG) - 64;
	mach_tls_init((struct mach_tls *)top);
	st.rip = (uint64_t)worker;
	st.fs_base = top;
	st.rsp = top - 8;
	CHECK_EQ(thread_set_state(th, X86_THREAD_STATE64, (thread_state_t)&st,
	    sizeof(st) / sizeof(natural_t)), KERN_SUCCESS);
	CHECK_EQ(thread_resume(th), KERN_SUCCESS);
	CHECK_EQ(u_thread_join(th, 2000), KERN_SUCCESS);
}

static void
test_rpc_host(void)
{
	struct host_basic_info hi;
	mach_msg_type_number_t n = HOST_BASIC_INFO_COUNT;
	char version[HOST_KERNEL_VERSION_MAX];
	vm_size_t ps = 0;
	mach_time_ns_t t1 = 0, t2 = 0;

	CHECK_EQ(host_info(mach_host_self(), HOST_BASIC_INFO, (host_info_t)&hi, &n),
	    KERN_SUCCESS);
	CHECK_EQ(hi.max_cpus, 1);
	CHECK_EQ(hi.page_size, PG);
	CHECK(hi.free_pages > 0 && hi.memory_size > hi.free_pages * PG / 2);
	CHECK_EQ(host_kernel_version(mach_host_self(), version), KERN_SUCCESS);
	CHECK(memcmp(version, "Harbor", 6) == 0);
	CHECK_EQ(host_page_size(mach_host_self(), &ps), KERN_SUCCESS);
	CHECK_EQ(ps, PG);
	CHECK_EQ(host_get_time(mach_host_self(), HOST_CLOCK_MONOTONIC, &t1), KERN_SUCCESS);
	CHECK_EQ(host_get_time(mach_host_self(), HOST_CLOCK_MONOTONIC, &t2), KERN_SUCCESS);
	CHECK(t2 > t1);
	CHECK_EQ(host_get_time(mach_host_self(), 9, &t1), KERN_INVALID_ARGUMENT);
	/* host_priv: only with the privileged port */
	security_token_t tok = { { 7, 8 } }, seen;
	n = TASK_SECURITY_TOKEN_COUNT;
	CHECK_EQ(task_set_security_token(mach_host_self(), mach_task_self(), tok),
	    KERN_INVALID_HOST);
	CHECK_EQ(task_set_security_token(boot_info->host_priv, mach_task_self(), tok),
	    KERN_SUCCESS);
	CHECK_EQ(task_info(mach_task_self(), TASK_SECURITY_TOKEN, (task_info_t)&seen, &n),
	    KERN_SUCCESS);
	CHECK_EQ(seen.val[0], 7);
	CHECK_EQ(seen.val[1], 8);
	n = HOST_BASIC_INFO_COUNT;
	CHECK_EQ(host_info(boot_info->host_priv, HOST_BASIC_INFO, (host_info_t)&hi, &n),
	    KERN_SUCCESS);	/* host_priv is a host port too */
	exception_mask_t masks[EXC_TYPES_COUNT];
	mach_port_t handlers[EXC_TYPES_COUNT];
	exception_behavior_t behaviors[EXC_TYPES_COUNT];
	thread_state_flavor_t flavors[EXC_TYPES_COUNT];
	n = EXC_TYPES_COUNT;
	CHECK_EQ(host_get_exception_ports(mach_host_self(), EXC_MASK_ALL, masks, &n,
	    handlers, behaviors, flavors), KERN_INVALID_HOST);
	CHECK_EQ(host_get_exception_ports(boot_info->host_priv, EXC_MASK_ALL, masks, &n,
	    handlers, behaviors, flavors), KERN_SUCCESS);
}

/* A child holds no host_priv and cannot get it. */
static void
nonpriv_child(uint64_t arg)
{
	security_token_t tok = { { 1, 1 } };
	mach_port_t host = MACH_PORT_NULL;
	int bad = 0;

	(void)arg;
	bad |= task_set_security_token(mach_host_self(), mach_task_self(), tok) !=
	    KERN_INVALID_HOST;
	bad |= task_get_special_port(mach_task_self(), TASK_HOST_PORT, &host) != 0;
	bad |= host != mach_host_self();
	/* the parent's host_priv name means nothing here */
	bad |= task_set_security_token(boot_info->host_priv, mach_task_self(), tok) !=
	    MACH_SEND_INVALID_DEST;
	u_exit(bad ? 1 : 0);
}

/* A request by hand: the kernel must answer malformed ones with errors. */
struct raw_request {
	mach_msg_header_t h;
	char body[64];
	mach_msg_max_trailer_t t;
};

static mach_msg_return_t
raw_rpc(struct raw_request *m, mach_port_t dest, mach_msg_id_t id,
    mach_msg_size_t size, kern_return_t *retcode)
{
	mach_port_t reply = mig_get_reply_port();
	mach_msg_return_t mr;

	m->h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
	    MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m->h.msgh_size = size;
	m->h.msgh_remote_port = dest;
	m->h.msgh_local_port = reply;
	m->h.msgh_voucher_port = 0;
	m->h.msgh_id = id;
	mr = mach_msg(&m->h, MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT, size,
	    sizeof(*m), reply, 1000, MACH_PORT_NULL);
	if (mr == MACH_MSG_SUCCESS) {
		*retcode = ((mig_reply_error_t *)&m->h)->RetCode;
		CHECK_EQ(m->h.msgh_id, id + 100);
	}
	mig_put_reply_port(reply);
	return mr;
}

static void
bad_requests_round(void)
{
	static struct raw_request m;
	kern_return_t rc = 0;
	mach_port_t child = MACH_PORT_NULL, th = MACH_PORT_NULL;
	kern_return_t kr;

	memset(&m, 0, sizeof(m));
	CHECK_EQ(raw_rpc(&m, mach_task_self(), 12345, 24, &rc), MACH_MSG_SUCCESS);
	CHECK_EQ(rc, MIG_BAD_ID);
	/* mach_port_allocate with its body cut short, or too long */
	CHECK_EQ(raw_rpc(&m, mach_task_self(), 3204, 24, &rc), MACH_MSG_SUCCESS);
	CHECK_EQ(rc, MIG_BAD_ARGUMENTS);
	CHECK_EQ(raw_rpc(&m, mach_task_self(), 3204, 64, &rc), MACH_MSG_SUCCESS);
	CHECK_EQ(rc, MIG_BAD_ARGUMENTS);
	/* the wrong kind of port */
	CHECK_EQ(thread_suspend(mach_task_self()), KERN_INVALID_ARGUMENT);
	CHECK_EQ(task_suspend(mach_host_self()), KERN_INVALID_TASK);
	CHECK_EQ(vm_deallocate(mach_host_self(), 0, PG), KERN_INVALID_TASK);
	CHECK_EQ(host_page_size(mach_task_self(), &(vm_size_t){ 0 }), KERN_INVALID_HOST);
	/* a reply port that is a kernel port: the answer is dropped, no loop */
	m.h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_COPY_SEND);
	m.h.msgh_size = 24;
	m.h.msgh_remote_port = mach_task_self();
	m.h.msgh_local_port = mach_task_self();
	m.h.msgh_id = 3204;
	for (int i = 0; i < 100; i++)
		CHECK_EQ(mach_msg(&m.h, MACH_SEND_MSG, 24, 0, 0, 0, MACH_PORT_NULL),
		    MACH_MSG_SUCCESS);
	/* no privilege in a child, and names mean nothing across tasks */
	CHECK_EQ(wait_child(spawn_child(nonpriv_child, 0, u_stack(16 * PG), NULL)), 0);
	/* a task being terminated, then dead: errors, never a crash */
	CHECK_EQ(task_create(mach_task_self(), FALSE, &child), KERN_SUCCESS);
	CHECK_EQ(thread_create(child, &th), KERN_SUCCESS);
	CHECK_EQ(task_terminate(child), KERN_SUCCESS);
	kr = task_resume(child);
	CHECK(kr == MACH_SEND_INVALID_DEST || kr == KERN_INVALID_TASK);
	CHECK_EQ(u_thread_join(th, 2000), KERN_SUCCESS);
	CHECK_EQ(task_resume(child), MACH_SEND_INVALID_DEST);
	CHECK_EQ(type_of(child), MACH_PORT_TYPE_DEAD_NAME);
	mach_port_deallocate(mach_task_self(), child);
}

static void
test_rpc_bad_requests(void)
{
	uint64_t before;

	bad_requests_round();		/* tables and caches reach their size */
	before = u_free_pages();
	bad_requests_round();
	/* nothing above leaked */
	CHECK_EQ(u_free_pages(), before);
}

/*
 * A hostile client of the kernel's RPCs: requests to our own task port
 * whose reply right we make from a port we never receive from.  The
 * kernel serves each one, but queues replies only up to a bound (the
 * port's queue limit through a send right, MACH_PORT_QLIMIT_KERNEL
 * through a send-once right) and destroys the rest, so the memory the
 * replies hold stops growing once the queue is full and all comes back
 * when the port is destroyed.  A client of the stubs is served
 * meanwhile, and the queued replies are whole.
 */
#define FLOOD_REQUESTS	100000u

/* n requests to our task port, the reply right made from `reply`. */
static unsigned
flood(mach_port_t reply, mach_msg_type_name_t disp, mach_msg_id_t id,
    unsigned n)
{
	task_task_info_request_t m;	/* mach_port_names: the header only */
	mach_msg_size_t size = id == task_task_info_MSGID ?
	    task_task_info_request_t_SIZE : sizeof(m.Head);
	unsigned failed = 0;

	for (unsigned i = 0; i < n; i++) {
		memset(&m, 0, sizeof(m));
		m.Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, disp);
		m.Head.msgh_size = size;
		m.Head.msgh_remote_port = mach_task_self();
		m.Head.msgh_local_port = reply;
		m.Head.msgh_id = id;
		m.flavor = TASK_BASIC_INFO;
		m.task_info_outCnt = TASK_BASIC_INFO_COUNT;
		if (mach_msg(&m.Head, MACH_SEND_MSG, size, 0, MACH_PORT_NULL,
		    MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL) != MACH_MSG_SUCCESS)
			failed++;
	}
	return failed;
}

/* The oldest queued reply must be task_info's, successful. */
static void
expect_task_info_reply(mach_port_t port)
{
	struct {
		task_task_info_reply_t r;
		mach_msg_max_trailer_t trailer;
	} m;

	CHECK_EQ(mach_msg(&m.r.Head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
	    sizeof(m), port, 0, MACH_PORT_NULL), MACH_MSG_SUCCESS);
	CHECK_EQ(m.r.Head.msgh_id, task_task_info_MSGID + 100);
	CHECK_EQ(m.r.RetCode, KERN_SUCCESS);
	CHECK_EQ(m.r.task_info_outCnt, TASK_BASIC_INFO_COUNT);
}

static void
flood_round(mach_msg_type_name_t disp, mach_msg_id_t id,
    mach_port_msgcount_t bound)
{
	mach_port_t p = new_port();
	uint64_t before = u_free_pages(), full;

	CHECK_EQ(flood(p, disp, id, 2 * bound), 0);
	CHECK_EQ(msgcount(p), bound);
	full = u_free_pages();
	CHECK_EQ(flood(p, disp, id, FLOOD_REQUESTS - 2 * bound), 0);
	CHECK_EQ(msgcount(p), bound);
	CHECK_EQ(u_free_pages(), full);
	CHECK(name_count() > 0);	/* the stubs' own reply port works */
	if (id == task_task_info_MSGID)
		expect_task_info_reply(p);
	u_printf("# %u unreceived replies to request %d pin %lu pages\n",
	    (unsigned)bound, id, before - full);
	CHECK_EQ(mach_port_destroy(mach_task_self(), p), KERN_SUCCESS);
	CHECK_EQ(u_free_pages(), before);
}

static void
test_rpc_reply_flood(void)
{
	name_count();		/* its first call sizes tables and caches */
	flood_round(MACH_MSG_TYPE_MAKE_SEND, task_task_info_MSGID,
	    MACH_PORT_QLIMIT_DEFAULT);
	flood_round(MACH_MSG_TYPE_MAKE_SEND_ONCE, task_task_info_MSGID,
	    MACH_PORT_QLIMIT_KERNEL);
	flood_round(MACH_MSG_TYPE_MAKE_SEND_ONCE, mach_port_mach_port_names_MSGID,
	    MACH_PORT_QLIMIT_KERNEL);
}

const struct test rpc_tests[] = {
	{ "rpc_mach_port", test_rpc_mach_port },
	{ "rpc_vm", test_rpc_vm },
	{ "rpc_vm_ool", test_rpc_vm_ool },
	{ "rpc_port_names", test_rpc_port_names },
	{ "rpc_task_threads_ool", test_rpc_task_threads_ool },
	{ "rpc_task_thread", test_rpc_task_thread },
	{ "rpc_host", test_rpc_host },
	{ "rpc_bad_requests", test_rpc_bad_requests },
	{ "rpc_reply_flood", test_rpc_reply_flood },
};
const unsigned rpc_ntests = sizeof(rpc_tests) / sizeof(rpc_tests[0]);
