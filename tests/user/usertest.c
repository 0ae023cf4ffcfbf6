/*
 * The user test tasks.  The kernel self-test user_<name> (tests/kern/
 * user.c) starts this module with the argument string "<name>"; main
 * runs that one test and exits with status 0 if it passed.  Diagnostics
 * go to the kernel log as TAP comments ("# ...").  See README.md.
 */
#include "usertest.h"
#include "x86_64/thread_state.h"

#define EXIT_EXCEPTION	0x100		/* kern/task.h TASK_EXIT_EXCEPTION */
#define VEC_UD		6
#define VEC_PF		14

int failures;

/* --- helpers shared with ipctest.c and rpctest.c (usertest.h) --- */

/* A child task's first thread: forget the parent's port names first. */
static void
child_start(uint64_t fn, uint64_t arg)
{
	mach_init();
	((void (*)(uint64_t))fn)(arg);
	u_exit(0);
}

kern_return_t
u_thread_start(mach_port_t task, void (*fn)(uint64_t), uint64_t sp,
    uint64_t arg, mach_port_t *thread)
{
	struct x86_thread_state64 st;
	bool other = task != MACH_PORT_NULL && task != mach_task_self();

	memset(&st, 0, sizeof(st));
	st.rip = other ? (uint64_t)child_start : (uint64_t)fn;
	st.rdi = other ? (uint64_t)fn : arg;
	st.rsi = arg;
	if (!other) {
		/* its control block sits at the top of its stack */
		struct mach_tls *t = (struct mach_tls *)(sp - 64);
		mach_tls_init(t);
		st.fs_base = (uint64_t)t;
		sp -= 64;
	}
	st.rsp = sp - 8;	/* the SysV ABI: rsp + 8 aligned at entry */
	return thread_create_running(other ? task : mach_task_self(),
	    X86_THREAD_STATE64, (thread_state_t)&st,
	    sizeof(st) / sizeof(natural_t), thread);
}

kern_return_t
u_thread_join(mach_port_t thread, uint64_t timeout_ms)
{
	mach_port_t notify = MACH_PORT_NULL, prev = MACH_PORT_NULL;
	struct {
		mach_dead_name_notification_t n;
		mach_msg_max_trailer_t t;
	} m;
	kern_return_t kr;

	kr = mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &notify);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = mach_port_request_notification(mach_task_self(), thread,
	    MACH_NOTIFY_DEAD_NAME, 0, notify, &prev);
	if (kr == KERN_SUCCESS)
		kr = mach_msg(&m.n.not_header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
		    sizeof(m), notify, (mach_msg_timeout_t)timeout_ms, MACH_PORT_NULL);
	if (kr == KERN_SUCCESS && m.n.not_header.msgh_id == MACH_NOTIFY_DEAD_NAME) {
		/* the notification's uref and the one we held */
		mach_port_deallocate(mach_task_self(), thread);
		mach_port_deallocate(mach_task_self(), thread);
	}
	mach_port_mod_refs(mach_task_self(), notify, MACH_PORT_RIGHT_RECEIVE, -1);
	return kr;
}

uint64_t
task_id_of(mach_port_t task)
{
	struct task_basic_info info;
	mach_msg_type_number_t count = TASK_BASIC_INFO_COUNT;

	if (task_info(task, TASK_BASIC_INFO, (task_info_t)&info, &count) !=
	    KERN_SUCCESS)
		return 0;
	return info.task_id;
}

uint64_t
spawn_child(void (*fn)(uint64_t), uint64_t arg, uint64_t stack_top,
    mach_port_t *port)
{
	mach_port_t child = MACH_PORT_NULL, th = MACH_PORT_NULL;
	uint64_t id;

	CHECK_EQ(task_create(mach_task_self(), TRUE, &child), KERN_SUCCESS);
	id = task_id_of(child);
	CHECK_EQ(u_thread_start(child, fn, stack_top, arg, &th), KERN_SUCCESS);
	mach_port_deallocate(mach_task_self(), th);
	if (port)
		*port = child;
	else
		mach_port_deallocate(mach_task_self(), child);
	return id;
}

int
wait_child(uint64_t id)
{
	int status = -1;

	CHECK_EQ(u_task_wait(id, 20000 * MSEC, &status), KERN_SUCCESS);
	return status;
}

uint64_t free_pages(void) { return u_free_pages(); }
uint64_t clock_ns(void) { return u_clock(); }

mach_port_t
new_port(void)
{
	mach_port_t p = MACH_PORT_NULL;

	CHECK_EQ(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &p),
	    KERN_SUCCESS);
	CHECK_EQ(mach_port_insert_right(mach_task_self(), p, p,
	    MACH_MSG_TYPE_MAKE_SEND), KERN_SUCCESS);
	return p;
}

uint32_t
refs_of(mach_port_t name, mach_port_right_t right)
{
	mach_port_urefs_t r = 0;

	if (mach_port_get_refs(mach_task_self(), name, right, &r) != KERN_SUCCESS)
		return ~0u;
	return r;
}

mach_port_type_t
type_of(mach_port_t name)
{
	mach_port_type_t t = 0;

	if (mach_port_type(mach_task_self(), name, &t) != KERN_SUCCESS)
		return 0;
	return t;
}

unsigned
msgcount(mach_port_t port)
{
	mach_port_status_t st;
	mach_msg_type_number_t n = MACH_PORT_RECEIVE_STATUS_COUNT;

	if (mach_port_get_attributes(mach_task_self(), port, MACH_PORT_RECEIVE_STATUS,
	    (mach_port_info_t)&st, &n) != KERN_SUCCESS)
		return ~0u;
	return st.mps_msgcount;
}

/* --- demand-zero faults --- */

static void
test_demand_zero(void)
{
	uint64_t a = 0, n = 64;

	CHECK_EQ(u_vm_allocate(&a, n * PG, VM_FLAGS_ANYWHERE), KERN_SUCCESS);
	for (uint64_t i = 0; i < n; i++) {
		volatile uint64_t *p = (volatile uint64_t *)(a + i * PG);
		CHECK_EQ(p[0], 0);
		CHECK_EQ(p[PG / 8 - 1], 0);
		p[0] = i + 1;
		p[PG / 8 - 1] = ~i;
	}
	for (uint64_t i = 0; i < n; i++) {
		volatile uint64_t *p = (volatile uint64_t *)(a + i * PG);
		CHECK_EQ(p[0], i + 1);
		CHECK_EQ(p[PG / 8 - 1], ~i);
	}
	CHECK_EQ(u_vm_deallocate(a, n * PG), KERN_SUCCESS);
	/* a fixed allocation where asked, zero too */
	uint64_t f = 0x50000000;
	CHECK_EQ(u_vm_allocate(&f, 4 * PG, VM_FLAGS_FIXED), KERN_SUCCESS);
	CHECK_EQ(f, 0x50000000);
	CHECK_EQ(*(volatile uint64_t *)(f + 3 * PG), 0);
	CHECK_EQ(u_vm_allocate(&f, PG, VM_FLAGS_FIXED), KERN_NO_SPACE);
	CHECK_EQ(u_vm_deallocate(0x50000000, 4 * PG), KERN_SUCCESS);
}

/* --- copy-on-write after task_create with inherited memory --- */

static volatile uint64_t *cow_pages;
#define COW_NPAGES	4

static void
cow_child(uint64_t arg)
{
	int bad = 0;

	(void)arg;
	/* we see the memory as it was at task_create, not the parent's later write */
	for (int i = 0; i < COW_NPAGES; i++)
		bad |= cow_pages[i * PG / 8] != 0xa0 + (uint64_t)i;
	for (int i = 0; i < COW_NPAGES; i++)
		cow_pages[i * PG / 8] = 0xb0 + (uint64_t)i;
	for (int i = 0; i < COW_NPAGES; i++)
		bad |= cow_pages[i * PG / 8] != 0xb0 + (uint64_t)i;
	u_exit(bad ? 1 : 0x42);
}

static void
test_cow_fork(void)
{
	uint64_t a = 0, stack = u_stack(16 * PG), child;

	CHECK_EQ(u_vm_allocate(&a, COW_NPAGES * PG, VM_FLAGS_ANYWHERE), KERN_SUCCESS);
	cow_pages = (volatile uint64_t *)a;
	for (int i = 0; i < COW_NPAGES; i++)
		cow_pages[i * PG / 8] = 0xa0 + (uint64_t)i;
	mach_port_t th = MACH_PORT_NULL, port = MACH_PORT_NULL;
	CHECK_EQ(task_create(mach_task_self(), TRUE, &port), KERN_SUCCESS);
	child = task_id_of(port);
	cow_pages[0] = 0xc0;		/* after the copy: the child must not see it */
	CHECK_EQ(u_thread_start(port, cow_child, stack, 0, &th), KERN_SUCCESS);
	CHECK_EQ(wait_child(child), 0x42);
	mach_port_deallocate(mach_task_self(), th);
	mach_port_deallocate(mach_task_self(), port);
	CHECK_EQ(cow_pages[0], 0xc0);
	for (int i = 1; i < COW_NPAGES; i++)
		CHECK_EQ(cow_pages[i * PG / 8], 0xa0 + (uint64_t)i);
	/* VM_INHERIT_SHARE: the child's write is seen */
	CHECK_EQ(u_vm_inherit(a, PG, VM_INHERIT_SHARE), KERN_SUCCESS);
	cow_pages[0] = 0xa0;
	child = spawn_child(cow_child, 0, stack, NULL);
	CHECK_EQ(wait_child(child), 0x42);
	CHECK_EQ(cow_pages[0], 0xb0);
	CHECK_EQ(cow_pages[PG / 8], 0xa1);
}

/* --- protection faults are reported, not fatal --- */

static volatile uint64_t *ro_page;

static void write_ro(uint64_t arg) { (void)arg; *ro_page = 1; u_exit(0); }
static volatile uintptr_t null_addr = 0x10;	/* volatile: keep gcc from judging it */
static void read_null(uint64_t arg) { (void)arg; (void)*(volatile uint64_t *)null_addr; u_exit(0); }
static void bad_opcode(uint64_t arg) { (void)arg; __asm__ volatile("ud2"); u_exit(0); }
static void jump_kernel(uint64_t arg) { (void)arg; ((void (*)(void))0xffffffff80100000ull)(); u_exit(0); }
/* Claims "killed by a page fault": an exit status keeps only its low 8 bits. */
static void forge_status(uint64_t arg) { (void)arg; u_exit(EXIT_EXCEPTION + VEC_PF); }

static void
test_protection_fault(void)
{
	uint64_t a = 0, stack = u_stack(16 * PG);

	CHECK_EQ(u_vm_allocate(&a, PG, VM_FLAGS_ANYWHERE), KERN_SUCCESS);
	ro_page = (volatile uint64_t *)a;
	*ro_page = 7;
	CHECK_EQ(u_vm_protect(a, PG, 0, VM_PROT_READ), KERN_SUCCESS);
	CHECK_EQ(wait_child(spawn_child(write_ro, 0, stack, NULL)), EXIT_EXCEPTION + VEC_PF);
	CHECK_EQ(wait_child(spawn_child(read_null, 0, stack, NULL)), EXIT_EXCEPTION + VEC_PF);
	CHECK_EQ(wait_child(spawn_child(bad_opcode, 0, stack, NULL)), EXIT_EXCEPTION + VEC_UD);
	CHECK_EQ(wait_child(spawn_child(jump_kernel, 0, stack, NULL)), EXIT_EXCEPTION + VEC_PF);
	CHECK_EQ(wait_child(spawn_child(forge_status, 0, stack, NULL)), VEC_PF);
	CHECK_EQ(*ro_page, 7);
	/* bad pointers given to the kernel are errors, not crashes */
	CHECK_EQ(SYS2(SYS_LOG, 0x10, 5), KERN_INVALID_ADDRESS);
	CHECK_EQ(SYS2(SYS_LOG, 0xffff800000000000ull, 5), KERN_INVALID_ADDRESS);
	CHECK_EQ(SYS2(SYS_LOG, 0x00007ffffffff000ull, 0x2000), KERN_INVALID_ADDRESS);
	CHECK_EQ(mach_msg_trap((mach_msg_header_t *)0x20, MACH_SEND_MSG, 24, 0, 0, 0),
	    MACH_SEND_INVALID_DATA);
	CHECK_EQ(mach_msg_trap((mach_msg_header_t *)0xffff800000000000ull,
	    MACH_SEND_MSG, 24, 0, 0, 0), MACH_SEND_INVALID_DATA);
	CHECK_EQ(SYS1(0x9999, 0), KERN_INVALID_ARGUMENT);
	CHECK_EQ(SYS1(5, 0), KERN_INVALID_ARGUMENT);	/* no such Mach trap */
	CHECK_EQ(u_task_wait(12345, 0, 0), KERN_INVALID_TASK);
}

/* --- thread creation and termination --- */

static volatile int thread_hits;

static void
counting_thread(uint64_t arg)
{
	__atomic_add_fetch(&thread_hits, (int)arg, __ATOMIC_SEQ_CST);
	u_thread_exit();
}

static volatile int sleeper_result = -1;

static void
sleeping_thread(uint64_t arg)
{
	(void)arg;
	sleeper_result = u_sleep(10000 * MSEC);
	u_thread_exit();
}

static void
test_threads(void)
{
	mach_port_t ids[8];

	thread_hits = 0;
	for (int i = 0; i < 8; i++)
		CHECK_EQ(u_thread_start(MACH_PORT_NULL, counting_thread, u_stack(4 * PG), 1,
		    &ids[i]), KERN_SUCCESS);
	/* a thread already gone: the request fires at once */
	for (int i = 0; i < 8; i++)
		CHECK_EQ(u_thread_join(ids[i], 5000), KERN_SUCCESS);
	CHECK_EQ(thread_hits, 8);
	/* terminate a thread blocked in a sleep: it ends promptly */
	mach_port_t s;
	uint64_t t0 = u_clock();
	CHECK_EQ(u_thread_start(MACH_PORT_NULL, sleeping_thread, u_stack(4 * PG), 0, &s),
	    KERN_SUCCESS);
	u_sleep(2 * MSEC);
	CHECK_EQ(thread_terminate(s), KERN_SUCCESS);
	CHECK_EQ(u_thread_join(s, 2000), KERN_SUCCESS);
	CHECK(u_clock() - t0 < 1000 * MSEC);
	CHECK_EQ(sleeper_result, -1);		/* it never got back to user mode */
	/* thread_abort interrupts the sleep instead: the call fails with ABORTED */
	CHECK_EQ(u_thread_start(MACH_PORT_NULL, sleeping_thread, u_stack(4 * PG), 0, &s),
	    KERN_SUCCESS);
	u_sleep(2 * MSEC);
	CHECK_EQ(thread_abort(s), KERN_SUCCESS);
	u_sleep(5 * MSEC);
	CHECK_EQ(sleeper_result, KERN_ABORTED);
	CHECK_EQ(u_thread_join(s, 2000), KERN_SUCCESS);
}

/* --- preemption of a busy loop --- */

static volatile uint64_t spin_count;
static volatile int spin_stop;

static void
spinner(uint64_t arg)
{
	(void)arg;
	while (!spin_stop)
		spin_count++;
	u_thread_exit();
}

static void
test_preempt(void)
{
	uint64_t start;
	mach_port_t id;

	spin_count = 0;
	CHECK_EQ(u_thread_start(MACH_PORT_NULL, spinner, u_stack(4 * PG), 0, &id),
	    KERN_SUCCESS);
	/*
	 * Spin without any system call from here: the spinner's count can
	 * only move by 1000 past what we read first if preemption takes the
	 * CPU from us.  (Whether we get round our loop even once first
	 * depends on when the first quantum ends: not tested.)
	 */
	start = spin_count;
	uint64_t t0 = u_rdtsc();
	while (spin_count - start < 1000 && u_rdtsc() - t0 < 40000000000ull)
		;
	CHECK(spin_count - start >= 1000);
	/* and the other way round: it spins, we get the CPU back to see it move */
	uint64_t before = spin_count;
	t0 = u_rdtsc();
	while (spin_count == before && u_rdtsc() - t0 < 40000000000ull)
		;
	CHECK(spin_count != before);
	spin_stop = 1;
	CHECK_EQ(u_thread_join(id, 5000), KERN_SUCCESS);
}

/* --- sleeps and timeouts --- */

static void
sleep_forever(uint64_t arg)
{
	(void)arg;
	for (;;)
		u_sleep(1000 * MSEC);
}

static void
test_sleep_timeout(void)
{
	uint64_t t0 = u_clock(), stack = u_stack(16 * PG);
	int status = 0;

	CHECK_EQ(u_sleep(20 * MSEC), KERN_SUCCESS);
	CHECK(u_clock() - t0 >= 20 * MSEC);
	CHECK(u_clock() - t0 < 2000 * MSEC);
	mach_port_t port;
	uint64_t child = spawn_child(sleep_forever, 0, stack, &port);
	t0 = u_clock();
	CHECK_EQ(u_task_wait(child, 10 * MSEC, &status), KERN_OPERATION_TIMED_OUT);
	CHECK(u_clock() - t0 >= 10 * MSEC);
	CHECK_EQ(task_terminate(port), KERN_SUCCESS);
	CHECK_EQ(u_task_wait(child, 2000 * MSEC, &status), KERN_SUCCESS);
	CHECK_EQ(status, TASK_EXIT_TERMINATED);
	/* its port is dead now: a request gets an error, not a crash */
	CHECK_EQ(task_suspend(port), MACH_SEND_INVALID_DEST);
	CHECK_EQ(type_of(port), MACH_PORT_TYPE_DEAD_NAME);
	mach_port_deallocate(mach_task_self(), port);
	/* the wall clock is after 2020 */
	mach_time_ns_t wall = 0;
	CHECK_EQ(host_get_time(mach_host_self(), HOST_CLOCK_WALL, &wall), KERN_SUCCESS);
	CHECK(wall / 1000000000ull > 1577836800ull);
}

/* --- FPU/SSE state kept across switches --- */

#define FPU_THREADS	3
#define FPU_ROUNDS	30
static volatile int fpu_bad, fpu_done;

/*
 * Load xmm0-15, an x87 value and MXCSR from `in`, yield to the other
 * threads and spin long enough to be preempted, then store them to `out`.
 * One asm statement, so the compiler cannot touch the registers between.
 */
static void
fpu_round(const uint64_t *in, uint64_t *out, const double *x87_in, double *x87_out,
    const uint32_t *mxcsr_in, uint32_t *mxcsr_out)
{
	__asm__ volatile(
	    "ldmxcsr (%[mi])\n\t"
	    "fldl (%[xi])\n\t"
	    "movdqu 0(%[in]), %%xmm0\n\t movdqu 16(%[in]), %%xmm1\n\t"
	    "movdqu 32(%[in]), %%xmm2\n\t movdqu 48(%[in]), %%xmm3\n\t"
	    "movdqu 64(%[in]), %%xmm4\n\t movdqu 80(%[in]), %%xmm5\n\t"
	    "movdqu 96(%[in]), %%xmm6\n\t movdqu 112(%[in]), %%xmm7\n\t"
	    "movdqu 128(%[in]), %%xmm8\n\t movdqu 144(%[in]), %%xmm9\n\t"
	    "movdqu 160(%[in]), %%xmm10\n\t movdqu 176(%[in]), %%xmm11\n\t"
	    "movdqu 192(%[in]), %%xmm12\n\t movdqu 208(%[in]), %%xmm13\n\t"
	    "movdqu 224(%[in]), %%xmm14\n\t movdqu 240(%[in]), %%xmm15\n\t"
	    "movl %[nr], %%eax\n\t xorl %%edi, %%edi\n\t xorl %%esi, %%esi\n\t"
	    "xorl %%edx, %%edx\n\t syscall\n\t"
	    "movl $400000, %%ecx\n"
	    "1:\n\t decl %%ecx\n\t jnz 1b\n\t"
	    "movdqu %%xmm0, 0(%[out])\n\t movdqu %%xmm1, 16(%[out])\n\t"
	    "movdqu %%xmm2, 32(%[out])\n\t movdqu %%xmm3, 48(%[out])\n\t"
	    "movdqu %%xmm4, 64(%[out])\n\t movdqu %%xmm5, 80(%[out])\n\t"
	    "movdqu %%xmm6, 96(%[out])\n\t movdqu %%xmm7, 112(%[out])\n\t"
	    "movdqu %%xmm8, 128(%[out])\n\t movdqu %%xmm9, 144(%[out])\n\t"
	    "movdqu %%xmm10, 160(%[out])\n\t movdqu %%xmm11, 176(%[out])\n\t"
	    "movdqu %%xmm12, 192(%[out])\n\t movdqu %%xmm13, 208(%[out])\n\t"
	    "movdqu %%xmm14, 224(%[out])\n\t movdqu %%xmm15, 240(%[out])\n\t"
	    "fstpl (%[xo])\n\t"
	    "stmxcsr (%[mo])"
	    :
	    : [in] "r"(in), [out] "r"(out), [xi] "r"(x87_in), [xo] "r"(x87_out),
	      [mi] "r"(mxcsr_in), [mo] "r"(mxcsr_out), [nr] "i"(MACH_TRAP_THREAD_SWITCH)
	    : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "memory",
	      "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
	      "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15",
	      "st");
}

static void
fpu_worker(uint64_t me)
{
	uint64_t in[32], out[32];
	double xin = 1.5 + (double)me * 1000.25, xout;
	/* rounding control differs per thread: bits 13-14 of MXCSR */
	uint32_t min = 0x1f80 | ((uint32_t)(me & 3) << 13), mout;

	for (int r = 0; r < FPU_ROUNDS; r++) {
		for (int i = 0; i < 32; i++)
			in[i] = (me << 56) ^ ((uint64_t)r << 32) ^ (uint64_t)i * 0x9e3779b97f4a7c15ull;
		fpu_round(in, out, &xin, &xout, &min, &mout);
		if (memcmp(in, out, sizeof(in)) != 0 || xout != xin || mout != min) {
			__atomic_add_fetch(&fpu_bad, 1, __ATOMIC_SEQ_CST);
			u_printf("# user: thread %lu lost its FPU state in round %d\n", me, r);
			break;
		}
		xin += 0.5;
	}
	__atomic_add_fetch(&fpu_done, 1, __ATOMIC_SEQ_CST);
}

static void
fpu_thread(uint64_t me)
{
	fpu_worker(me);
	u_thread_exit();
}

static void
test_fpu(void)
{
	mach_port_t ids[FPU_THREADS];

	fpu_bad = fpu_done = 0;
	for (int i = 0; i < FPU_THREADS; i++)
		CHECK_EQ(u_thread_start(MACH_PORT_NULL, fpu_thread, u_stack(8 * PG),
		    (uint64_t)i + 1, &ids[i]), KERN_SUCCESS);
	fpu_worker(0);
	while (fpu_done < FPU_THREADS + 1)
		u_sleep(MSEC);
	CHECK_EQ(fpu_bad, 0);
	for (int i = 0; i < FPU_THREADS; i++)
		CHECK_EQ(u_thread_join(ids[i], 5000), KERN_SUCCESS);
}

/* --- thread_get_state / thread_set_state, TLS base --- */

static volatile int state_spin, landed;
/* A control block (libmach.h: self pointer first) with a marker after it. */
static uint64_t tls_block[4] = { 0, 0, 0x7157, 0 };

static void
state_spinner(uint64_t arg)
{
	(void)arg;
	while (!state_spin)
		;
	u_thread_exit();
}

static void
state_landing(uint64_t arg)
{
	uint64_t fs0;

	__asm__ volatile("movq %%fs:16, %0" : "=r"(fs0));
	landed = (arg == 0x1234 && fs0 == 0x7157) ? 1 : 2;
	u_thread_exit();
}

static void
test_thread_state(void)
{
	struct x86_thread_state64 st;
	mach_msg_type_number_t count = sizeof(st) / sizeof(natural_t);
	const mach_msg_type_number_t n = sizeof(st) / sizeof(natural_t);
	mach_port_t id;

	CHECK_EQ(u_thread_start(MACH_PORT_NULL, state_spinner, u_stack(4 * PG), 0, &id),
	    KERN_SUCCESS);
	u_sleep(2 * MSEC);
	CHECK_EQ(thread_suspend(id), KERN_SUCCESS);
	u_sleep(2 * MSEC);	/* it parks at its next safe point */
	CHECK_EQ(thread_get_state(id, X86_THREAD_STATE64, (thread_state_t)&st, &count),
	    KERN_SUCCESS);
	CHECK_EQ(count, n);
	CHECK(st.rip >= (uint64_t)state_spinner && st.rip < (uint64_t)state_spinner + 64);
	st.rip = (uint64_t)state_landing;
	st.rdi = 0x1234;
	tls_block[0] = (uint64_t)tls_block;
	st.fs_base = (uint64_t)tls_block;
	st.rsp &= ~15ull;
	st.rsp -= 8;
	CHECK_EQ(thread_set_state(id, X86_THREAD_STATE64, (thread_state_t)&st, n),
	    KERN_SUCCESS);
	st.rip = 0xffff800000000000ull;		/* a kernel address: refused */
	CHECK_EQ(thread_set_state(id, X86_THREAD_STATE64, (thread_state_t)&st, n),
	    KERN_INVALID_ARGUMENT);
	CHECK_EQ(thread_resume(id), KERN_SUCCESS);
	for (int i = 0; i < 1000 && !landed; i++)
		u_sleep(MSEC);
	CHECK_EQ(landed, 1);
	state_spin = 1;
	CHECK_EQ(u_thread_join(id, 2000), KERN_SUCCESS);
}

/* --- stress: many tasks, threads and mappings; no page leaks --- */

static volatile uint64_t *stress_mem;
#define STRESS_PAGES	16

static void
stress_child_thread(uint64_t arg)
{
	stress_mem[arg * PG / 8] += 1;
	u_thread_exit();
}

static void
stress_child(uint64_t arg)
{
	mach_port_t ids[2];

	for (int i = 0; i < STRESS_PAGES; i++)
		stress_mem[i * PG / 8] += arg;		/* copy-on-write breaks */
	for (int i = 0; i < 2; i++)
		u_thread_start(MACH_PORT_NULL, stress_child_thread, u_stack(4 * PG),
		    (uint64_t)i, &ids[i]);
	for (int i = 0; i < 2; i++)
		u_thread_join(ids[i], 1000);
	uint64_t a = 0;
	if (u_vm_allocate(&a, 8 * PG, VM_FLAGS_ANYWHERE) == KERN_SUCCESS)
		*(volatile uint64_t *)(a + 7 * PG) = 1;	/* left for the exit to free */
	u_exit(0);
}

static void
stress_round(uint64_t stack, int round)
{
	uint64_t children[4], a = 0;
	mach_port_t th;

	for (int i = 0; i < 4; i++)
		children[i] = spawn_child(stress_child, (uint64_t)round, stack, NULL);
	for (int i = 0; i < 4; i++)
		CHECK_EQ(wait_child(children[i]), 0);
	for (int i = 0; i < 4; i++) {
		CHECK_EQ(u_thread_start(MACH_PORT_NULL, counting_thread, stack, 0, &th),
		    KERN_SUCCESS);
		CHECK_EQ(u_thread_join(th, 1000), KERN_SUCCESS);
	}
	CHECK_EQ(u_vm_allocate(&a, 32 * PG, VM_FLAGS_ANYWHERE), KERN_SUCCESS);
	for (int p = 0; p < 32; p++)
		((volatile uint64_t *)a)[p * PG / 8] = (uint64_t)p;
	CHECK_EQ(u_vm_protect(a, 8 * PG, 0, VM_PROT_READ), KERN_SUCCESS);
	CHECK_EQ(u_vm_deallocate(a + 4 * PG, 8 * PG), KERN_SUCCESS);
	CHECK_EQ(u_vm_deallocate(a, 32 * PG), KERN_SUCCESS);
}

static void
test_stress(void)
{
	uint64_t a = 0, stack = u_stack(16 * PG);
	uint64_t before, after, rounds = 25;

	CHECK_EQ(u_vm_allocate(&a, STRESS_PAGES * PG, VM_FLAGS_ANYWHERE), KERN_SUCCESS);
	stress_mem = (volatile uint64_t *)a;
	for (int i = 0; i < STRESS_PAGES; i++)
		stress_mem[i * PG / 8] = 1;
	stress_round(stack, 0);		/* caches reach their working size */
	before = u_free_pages();
	for (uint64_t r = 1; r <= rounds; r++)
		stress_round(stack, (int)r);
	after = u_free_pages();
	u_printf("# user stress: %lu rounds (%lu tasks, %lu threads), free pages %lu -> %lu\n",
	    rounds, rounds * 4, rounds * 16, before, after);
	CHECK_EQ(after, before);
	CHECK_EQ(stress_mem[0], 1);	/* the children's writes stayed theirs */
}

/*
 * Not a test on its own: three threads that spin until killed, for the
 * kernel test task_suspend_resume_info (tests/kern/task.c), which
 * suspends, inspects and resumes this task from outside.
 */
static void
spin_thread(uint64_t arg)
{
	volatile uint64_t n = arg;

	for (;;)
		n++;
}

static void
test_spin(void)
{
	mach_port_t id;

	for (int i = 0; i < 2; i++)
		CHECK_EQ(u_thread_start(MACH_PORT_NULL, spin_thread, u_stack(4 * PG), 0, &id),
		    KERN_SUCCESS);
	spin_thread(0);
}

/* --- the native runtime's printf (mach/user/ulib.c) --- */

static int
fmt_is(const char *want, const char *fmt, ...)
{
	char buf[64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = u_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n != (int)strlen(want) || strcmp(buf, want) != 0) {
		u_printf("# user FAIL: \"%s\" gave \"%s\", want \"%s\"\n", fmt, buf, want);
		return 0;
	}
	return 1;
}

static void
test_runtime_printf(void)
{
	char small[4];

	CHECK(fmt_is("7|-7|42|ff", "%d|%d|%u|%x", 7, -7, 42u, 255u));
	CHECK(fmt_is("007|  7|7  |-07", "%03u|%3d|%-3d|%03d", 7u, 7, 7, -7));
	CHECK(fmt_is("18446744073709551615|-9223372036854775808",
	    "%lu|%ld", ~0ul, (long)(-9223372036854775807L - 1)));
	CHECK(fmt_is("0x1f|0x00001f", "%p|%08p", (void *)0x1f, (void *)0x1f));
	CHECK(fmt_is("[ ab][ab ][c]", "[%3s][%-3s][%c]", "ab", "ab", 'c'));
	CHECK(fmt_is("12|%|?", "%zu|%%|%q", (size_t)12));
	/* truncation: the length it would have had, and a terminated prefix */
	CHECK_EQ(u_snprintf(small, sizeof(small), "%s", "abcdef"), 6);
	CHECK_EQ(strcmp(small, "abc"), 0);
}

static const struct test tests[] = {
	{ "runtime_printf", test_runtime_printf },
	{ "demand_zero", test_demand_zero },
	{ "cow_fork", test_cow_fork },
	{ "protection_fault", test_protection_fault },
	{ "threads", test_threads },
	{ "preempt", test_preempt },
	{ "sleep_timeout", test_sleep_timeout },
	{ "fpu", test_fpu },
	{ "thread_state", test_thread_state },
	{ "stress", test_stress },
	{ "spin", test_spin },
};

__attribute__((noreturn)) void ustart(const struct bootstrap_info *info);

const struct bootstrap_info *boot_info;

/* Run one test; no reply port may be left out afterwards. */
__attribute__((noreturn)) static void
run(const struct test *t)
{
	t->fn();
	u_exit(failures ? 1 : 0);
}

void
ustart(const struct bootstrap_info *info)
{
	if (info->magic != BOOTSTRAP_INFO_MAGIC) {
		u_printf("# user: bad information page\n");
		u_exit(2);
	}
	mach_init();
	boot_info = info;
	for (unsigned i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
		if (strcmp(info->args, tests[i].name) == 0)
			run(&tests[i]);
	for (unsigned i = 0; i < ipc_ntests; i++)
		if (strcmp(info->args, ipc_tests[i].name) == 0)
			run(&ipc_tests[i]);
	for (unsigned i = 0; i < rpc_ntests; i++)
		if (strcmp(info->args, rpc_tests[i].name) == 0)
			run(&rpc_tests[i]);
	for (unsigned i = 0; i < bench_ntests; i++)
		if (strcmp(info->args, bench_tests[i].name) == 0)
			run(&bench_tests[i]);
	for (unsigned i = 0; i < exc_ntests; i++)
		if (strcmp(info->args, exc_tests[i].name) == 0)
			run(&exc_tests[i]);
	for (unsigned i = 0; i < ipcfuzz_ntests; i++)
		if (strcmp(info->args, ipcfuzz_tests[i].name) == 0)
			run(&ipcfuzz_tests[i]);
	for (unsigned i = 0; i < stress_ipc_ntests; i++)
		if (strcmp(info->args, stress_ipc_tests[i].name) == 0)
			run(&stress_ipc_tests[i]);
	for (unsigned i = 0; i < dev_ntests; i++)
		if (strcmp(info->args, dev_tests[i].name) == 0)
			run(&dev_tests[i]);
	for (unsigned i = 0; i < exit_ntests; i++)
		if (strcmp(info->args, exit_tests[i].name) == 0)
			run(&exit_tests[i]);
	u_printf("# user: no test named \"%s\"\n", info->args);
	u_exit(3);
}
