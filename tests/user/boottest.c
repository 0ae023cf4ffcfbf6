/*
 * boottest: the bootstrap server seen from a module it started
 * (servers/bootstrap/DESIGN.md; tests/system/bootstrap boots it with
 *	start=boottest-bad,boottest-none,boottest,boottest-child,boottest-victim
 *	wait=boottest bootstrap.expose-tasks poweroff).
 *
 * The same program is three modules, told apart by their arguments
 * (boot/Makefile.am):
 *  - "alpha beta": the tests, in TAP on the kernel log;
 *  - "child": waits for boottest.ready, registers boottest.late a little
 *    later (so a lookup of it must wait), then exits with status 7;
 *  - "victim": registers boottest.victim and waits to be killed.
 * boottest-bad is not an ELF file and boottest-none is no module at all:
 * bootstrap must report both and go on (the modules after them run).
 * The script checks bootstrap's log lines about each of them.
 */
#include "libmach.h"
#include "ulib.h"

#include "name.h"

#define CHILD_EXIT_STATUS	7
#define CHILD_DELAY_MS		300	/* between boottest.ready and boottest.late */
#define TIMEOUT_WAIT_MS		400	/* a lookup of a missing name */
#define DAEMON_UID		1	/* the uid of unprivileged modules (spawn.h) */
#define PLAN			25

__attribute__((noreturn)) void ustart(const struct bootstrap_info *info);

static const struct bootstrap_info *info;
static unsigned tap_n, tap_failed;

static void ok(int cond, const char *what)
{
	tap_n++;
	if (!cond)
		tap_failed++;
	u_printf("%sok %u - boottest: %s\n", cond ? "" : "not ", tap_n, what);
}

static uint64_t now_ms(void)
{
	return u_clock() / MSEC;
}

static mach_port_t port_with_send(void)
{
	mach_port_t p = MACH_PORT_NULL;

	if (mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &p) != KERN_SUCCESS ||
	    mach_port_insert_right(mach_task_self(), p, p, MACH_MSG_TYPE_MAKE_SEND) != KERN_SUCCESS)
		return MACH_PORT_NULL;
	return p;
}

/* Poll (wait 0) until name is gone, at most ms; true if it went. */
static int name_gone_within(const char *name, uint64_t ms)
{
	uint64_t end = now_ms() + ms;
	mach_port_t svc;

	do {
		if (name_lookup(info->bootstrap, (char *)name, 0, &svc) == KERN_INVALID_NAME)
			return 1;
		mach_port_deallocate(mach_task_self(), svc);
		u_sleep(20 * MSEC);
	} while (now_ms() < end);
	return 0;
}

/* --- the helper modules --- */

static __attribute__((noreturn)) void run_child(void)
{
	mach_port_t ready = MACH_PORT_NULL, p = port_with_send();
	kern_return_t kr;

	kr = name_lookup(info->bootstrap, "boottest.ready", 20000, &ready);
	u_sleep(CHILD_DELAY_MS * MSEC);
	if (kr == KERN_SUCCESS)
		kr = name_register(info->bootstrap, "boottest.late", p, 0);
	u_printf("# boottest-child: registered boottest.late (%d); exiting with %d\n", kr,
		 CHILD_EXIT_STATUS);
	/* Give boottest time to see the name before it goes with our port. */
	u_sleep(500 * MSEC);
	u_exit(CHILD_EXIT_STATUS);
}

static __attribute__((noreturn)) void run_victim(void)
{
	mach_port_t p = port_with_send();

	name_register(info->bootstrap, "boottest.victim", p, 0);
	for (;;)
		u_sleep(1000 * MSEC);
}

/* --- the tests --- */

static void test_start(void)
{
	security_token_t tok = { { 0, 0 } };
	struct task_basic_info bi;
	mach_msg_type_number_t n = TASK_SECURITY_TOKEN_COUNT;
	mach_port_t sp = MACH_PORT_NULL;

	ok(strcmp(info->args, "alpha beta") == 0, "the module's arguments arrived");
	ok(info->nmodules == 0, "no boot modules are mapped into a started module");
	ok(info->host_priv == MACH_PORT_NULL, "an unprivileged module gets no host_priv");
	ok(task_get_special_port(mach_task_self(), TASK_BOOTSTRAP_PORT, &sp) == KERN_SUCCESS &&
	   sp == info->bootstrap, "the bootstrap special port is the name service");
	task_info(mach_task_self(), TASK_SECURITY_TOKEN, (task_info_t)&tok, &n);
	n = TASK_BASIC_INFO_COUNT;
	ok(task_info(mach_task_self(), TASK_BASIC_INFO, (task_info_t)&bi, &n) == KERN_SUCCESS &&
	   tok.val[0] == DAEMON_UID && tok.val[1] == (uint32_t)bi.task_id,
	   "bootstrap set our security token to {daemon, task id}");
}

static void test_no_privilege(void)
{
	mach_port_t h = info->host, p = port_with_send();
	security_token_t tok = { { 0, 0 } };
	vm_address_t a = 0;
	vm_offset_t pa = 0;

	ok(io_port_grant(h, mach_task_self(), 0x3f8, 8) == KERN_INVALID_HOST &&
	   phys_map(h, mach_task_self(), 0xc0000, 4096, &a) == KERN_INVALID_HOST &&
	   dma_alloc(h, mach_task_self(), 4096, &a, &pa) == KERN_INVALID_HOST,
	   "I/O ports, physical memory, DMA are refused on the host port");
	ok(irq_register(h, 4, p) == KERN_INVALID_HOST && irq_ack(h, 4) == KERN_INVALID_HOST,
	   "interrupts are refused on the host port");
	ok(task_set_security_token(h, mach_task_self(), tok) == KERN_INVALID_HOST,
	   "we cannot change our own identity");
}

static void test_register(void)
{
	mach_port_t p = port_with_send(), q = port_with_send(), svc = MACH_PORT_NULL;
	char names[NAME_LIST_MAX];
	mach_msg_type_number_t count = NAME_LIST_MAX;	/* in: the room; out: the bytes */
	int listed = 0;

	ok(name_register(info->bootstrap, "boottest.svc", p, 0) == KERN_SUCCESS &&
	   name_lookup(info->bootstrap, "boottest.svc", 0, &svc) == KERN_SUCCESS && svc == p,
	   "register, then look up: the same port comes back");
	ok(name_register(info->bootstrap, "boottest.svc", q, 0) == KERN_NAME_EXISTS,
	   "a taken name is refused");
	ok(name_register(info->bootstrap, "boottest.svc", q, NAME_REGISTER_REPLACE) ==
	   KERN_SUCCESS && name_lookup(info->bootstrap, "boottest.svc", 0, &svc) == KERN_SUCCESS &&
	   svc == q, "its registrant may replace it");
	ok(name_register(info->bootstrap, "task/boottest", p, 0) == KERN_NO_ACCESS &&
	   name_unregister(info->bootstrap, "task/boottest") == KERN_NO_ACCESS,
	   "names under task/ are bootstrap's own");
	ok(name_list(info->bootstrap, names, &count) == KERN_SUCCESS && count <= NAME_LIST_MAX,
	   "name_list answers");
	for (size_t at = 0; at < count; at += strlen(names + at) + 1)
		listed |= strcmp(names + at, "boottest.svc") == 0;
	ok(listed && count > 0 && names[count - 1] == '\0', "name_list holds our name");
	ok(name_unregister(info->bootstrap, "boottest.svc") == KERN_SUCCESS &&
	   name_lookup(info->bootstrap, "boottest.svc", 0, &svc) == KERN_INVALID_NAME,
	   "unregister: the name is gone");
	/* A service port that dies takes its names with it. */
	ok(name_register(info->bootstrap, "boottest.gone", p, 0) == KERN_SUCCESS &&
	   mach_port_destroy(mach_task_self(), p) == KERN_SUCCESS &&
	   name_gone_within("boottest.gone", 2000), "a dead service's name goes away");
	mach_port_destroy(mach_task_self(), q);
}

static void test_lookup_wait(void)
{
	mach_port_t ready = port_with_send(), svc = MACH_PORT_NULL;
	uint64_t t0, waited;
	kern_return_t kr;

	t0 = now_ms();
	kr = name_lookup(info->bootstrap, "boottest.never", TIMEOUT_WAIT_MS, &svc);
	waited = now_ms() - t0;
	ok(kr == D_TIMED_OUT, "a missing name's lookup times out");
	ok(waited + 20 >= TIMEOUT_WAIT_MS && waited < TIMEOUT_WAIT_MS + 2000,
	   "... after about wait_ms");
	t0 = now_ms();
	ok(name_lookup(info->bootstrap, "boottest.never", 0, &svc) == KERN_INVALID_NAME &&
	   now_ms() - t0 < 200, "wait_ms 0 answers at once");
	ok(name_lookup(info->bootstrap, "boottest.never", NAME_LOOKUP_WAIT_MAX + 1, &svc) ==
	   KERN_INVALID_ARGUMENT, "a wait above the bound is refused");
	/* boottest-child registers boottest.late CHILD_DELAY_MS after this. */
	ok(name_register(info->bootstrap, "boottest.ready", ready, 0) == KERN_SUCCESS,
	   "register boottest.ready for the child");
	t0 = now_ms();
	kr = name_lookup(info->bootstrap, "boottest.late", 10000, &svc);
	waited = now_ms() - t0;
	ok(kr == KERN_SUCCESS && MACH_PORT_VALID(svc) && waited >= CHILD_DELAY_MS / 2,
	   "a lookup waits for a name another task registers later");
	/* The child exits with its port: the name must go (bootstrap logs the exit). */
	ok(name_gone_within("boottest.late", 5000), "a dead task's names go away");
}

static void test_expose(void)
{
	mach_port_t self = MACH_PORT_NULL, victim = MACH_PORT_NULL;

	ok(name_lookup(info->bootstrap, "task/boottest", 0, &self) == KERN_SUCCESS &&
	   self == mach_task_self(), "bootstrap.expose-tasks: task/boottest is our task port");
	ok(name_lookup(info->bootstrap, "task/boottest-victim", 5000, &victim) == KERN_SUCCESS &&
	   task_terminate(victim) == KERN_SUCCESS && name_gone_within("task/boottest-victim", 5000) &&
	   name_gone_within("boottest.victim", 5000),
	   "a task killed through task/NAME: its names go (bootstrap logs the kill)");
}

void ustart(const struct bootstrap_info *page)
{
	mach_init();
	info = page;
	if (info->magic != BOOTSTRAP_INFO_MAGIC)
		u_exit(2);
	if (strcmp(info->args, "child") == 0)
		run_child();
	if (strcmp(info->args, "victim") == 0)
		run_victim();
	u_printf("1..%d\n", PLAN);
	test_start();
	test_no_privilege();
	test_register();
	test_lookup_wait();
	test_expose();
	if (tap_n != PLAN)
		u_printf("# boottest: %u results for a plan of %d\n", tap_n, PLAN);
	u_exit(tap_failed == 0 && tap_n == PLAN ? 0 : 1);
}
