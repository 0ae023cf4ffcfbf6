/*
 * contest: the console driver (servers/console) tested from a client task.
 * Booted by tests/system/console with
 *
 *     start=console,contest wait=contest poweroff
 *
 * and the harness typing text on the serial line once this task says it
 * is ready for it (harbor-test --send-after MARKER TEXT).  The markers and
 * texts below must be the ones tests/system/console passes.  TAP goes to
 * the kernel log (u_printf), one plan; the exit status is the number of
 * failed points, so `wait=contest poweroff` turns it into QEMU's exit code.
 *
 * Input: a nonblocking read of nothing; console_interrupt ending a waiting
 * read; readers that die while waiting (more of them than the driver has
 * slots for waiting calls) neither wedge the driver nor swallow input;
 * typed bytes reach a waiting reader task exactly; console_wait_input.
 *
 * Output: eight child tasks write many long, distinctive lines at once;
 * the driver must keep each write whole.  This program checks only that
 * every write was accepted whole; tests/system/console reads the serial
 * log and checks that every line arrived intact and exactly once.
 *
 * Last, the driver is killed (its task port from bootstrap's task/console,
 * under bootstrap.expose-tasks): a reader waiting in it gets an error, not
 * a hang, and so does a call made afterwards.
 */
#include "console.h"
#include "device_errors.h"
#include "libmach.h"
#include "name.h"
#include "ulib.h"
#include "x86_64/thread_state.h"

#define PG		4096ull
#define TAP_PLAN	11

/* Keep these in step with tests/system/console. */
#define TYPED_1		"typed-to-a-waiting-reader: 0123456789 !#$%&()*+-./:;<=>?@[]^_{|}~"
#define MARKER_1	"contest: ready for input 1"
#define TYPED_2		"second line, seen by console_wait_input first"
#define MARKER_2	"contest: ready for input 2"
#define MARKER_3	"contest: writers done"	/* written through the driver */
#define TYPED_3		"drained"

/* The writers: WRITERS tasks, each WRITES writes of 1, 9, 17 or 25 lines. */
#define WRITERS		8
#define WRITES		16
#define LINE_PAYLOAD	120
#define LINE_MAX	(LINE_PAYLOAD + 64)

/* Dead readers: ROUNDS of DEAD_PER_ROUND, more in all than the driver's
 * CONS_READERS_MAX (32) slots for waiting calls. */
#define DEAD_ROUNDS	3
#define DEAD_PER_ROUND	16

__attribute__((noreturn)) void ustart(const struct bootstrap_info *info);

static mach_port_t console;	/* a send right; children get it at the same name */
static uint64_t child_stack;	/* each child runs on its copy of this region */
static unsigned tap_n, tap_failed;

static void tap(int ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void tap(int ok, const char *fmt, ...)
{
	char text[160];
	va_list ap;

	va_start(ap, fmt);
	u_vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	tap_n++;
	tap_failed += !ok;
	u_printf("%s %u - %s\n", ok ? "ok" : "not ok", tap_n, text);
}

/* ---- child tasks ---- */

struct child {
	mach_port_t task;
	uint64_t id;
};

static void child_entry(uint64_t fn, uint64_t arg)
{
	mach_init();
	u_exit(((int (*)(uint64_t))fn)(arg));
}

/* A child task sharing nothing but a copy of our memory and the console right. */
static int child_spawn(struct child *c, int (*fn)(uint64_t), uint64_t arg)
{
	struct x86_thread_state64 st;
	struct task_basic_info info;
	mach_msg_type_number_t count = TASK_BASIC_INFO_COUNT;
	mach_port_t thread = MACH_PORT_NULL;

	if (task_create(mach_task_self(), TRUE, &c->task) != KERN_SUCCESS)
		return 0;
	if (task_info(c->task, TASK_BASIC_INFO, (task_info_t)&info, &count) != KERN_SUCCESS ||
	    mach_port_insert_right(c->task, console, console, MACH_MSG_TYPE_COPY_SEND) != KERN_SUCCESS)
		return 0;
	c->id = info.task_id;
	memset(&st, 0, sizeof(st));
	st.rip = (uint64_t)child_entry;
	st.rdi = (uint64_t)fn;
	st.rsi = arg;
	st.rsp = child_stack - 8;	/* the SysV ABI: rsp + 8 aligned at entry */
	if (thread_create_running(c->task, X86_THREAD_STATE64, (thread_state_t)&st,
				  sizeof(st) / sizeof(natural_t), &thread) != KERN_SUCCESS)
		return 0;
	mach_port_deallocate(mach_task_self(), thread);
	return 1;
}

/* The child's exit status, or -1 if it has not ended within ms. */
static int child_wait(struct child *c, uint64_t ms)
{
	int status = -1;

	/* A timeout of 0 would mean "forever" to the kernel: 1 ns is "now". */
	if (u_task_wait(c->id, ms ? ms * MSEC : 1, &status) != KERN_SUCCESS)
		return -1;
	mach_port_deallocate(mach_task_self(), c->task);
	return status;
}

static void child_kill(struct child *c)
{
	task_terminate(c->task);
	(void)child_wait(c, 5000);
}

/* Read exactly len bytes with blocking reads: 0 if they are `want`. */
static int read_exactly(const char *want, uint32_t len)
{
	char buf[CONSOLE_IO_MAX];
	uint32_t got = 0;

	while (got < len) {
		mach_msg_type_number_t n = sizeof(buf);

		if (console_read(console, 0, len - got, buf + got, &n) != KERN_SUCCESS)
			return 1;
		got += n;
	}
	return memcmp(buf, want, len) == 0 ? 0 : 2;
}

static int reader_task(uint64_t len)
{
	return read_exactly(TYPED_1, (uint32_t)len);
}

/* Status 0 only if the read ended with D_INTERRUPTED. */
static int interrupted_reader_task(uint64_t unused)
{
	char buf[16];
	mach_msg_type_number_t n = sizeof(buf);

	(void)unused;
	return console_read(console, 0, sizeof(buf), buf, &n) == D_INTERRUPTED ? 0 : 1;
}

/* Waits in a read until it is killed; any answer is a failure. */
static int doomed_reader_task(uint64_t unused)
{
	char buf[16];
	mach_msg_type_number_t n = sizeof(buf);

	(void)unused;
	return 10 + (console_read(console, 0, sizeof(buf), buf, &n) != KERN_SUCCESS);
}

/* Status 0 if the read failed (the driver died under it), 1 if it was answered. */
static int orphaned_reader_task(uint64_t unused)
{
	char buf[16];
	mach_msg_type_number_t n = sizeof(buf);
	kern_return_t kr = console_read(console, 0, sizeof(buf), buf, &n);

	(void)unused;
	u_printf("# the reader's console_read ended with %d\n", kr);
	return kr == KERN_SUCCESS;
}

/* ---- input ---- */

static void test_nonblocking_read(void)
{
	char buf[16];
	mach_msg_type_number_t n = sizeof(buf);
	kern_return_t kr = console_read(console, CONSOLE_READ_NONBLOCK, sizeof(buf), buf, &n);

	tap(kr == D_WOULD_BLOCK, "a nonblocking read with nothing typed: D_WOULD_BLOCK (%d)", kr);
}

static void test_interrupt(void)
{
	struct child c;
	int status = -1;

	if (child_spawn(&c, interrupted_reader_task, 0)) {
		/* The child's read may not wait yet: interrupt until it has ended. */
		for (int i = 0; i < 500 && status < 0; i++) {
			console_interrupt(console);
			status = child_wait(&c, 10);
		}
		if (status < 0)
			child_kill(&c);
	}
	tap(status == 0, "console_interrupt ends a waiting read with D_INTERRUPTED (child status %d)",
	    status);
}

static void test_dead_readers(void)
{
	struct child c[DEAD_PER_ROUND];
	unsigned spawned = 0, waiting = 0;

	for (int round = 0; round < DEAD_ROUNDS; round++) {
		for (int i = 0; i < DEAD_PER_ROUND; i++)
			spawned += child_spawn(&c[i], doomed_reader_task, 0);
		u_sleep(300 * MSEC);
		/* Still in their reads: the driver found a slot for each. */
		for (int i = 0; i < DEAD_PER_ROUND; i++)
			waiting += child_wait(&c[i], 0) < 0;
		for (int i = 0; i < DEAD_PER_ROUND; i++)
			child_kill(&c[i]);
	}
	tap(spawned == DEAD_ROUNDS * DEAD_PER_ROUND && waiting == spawned,
	    "%u readers killed while waiting, in rounds of %u: each found a slot (%u waited)",
	    spawned, DEAD_PER_ROUND, waiting);
}

static void test_typed_input(void)
{
	struct child c;
	int status = -1;

	if (child_spawn(&c, reader_task, sizeof(TYPED_1) - 1)) {
		u_sleep(200 * MSEC);
		u_printf("%s\n", MARKER_1);
		status = child_wait(&c, 20000);
		if (status < 0)
			child_kill(&c);
	}
	tap(status == 0, "typed bytes reach a waiting reader task exactly, past the dead readers"
	    " (status %d)", status);
}

static void test_wait_input(void)
{
	char buf[16];
	mach_msg_type_number_t n = sizeof(buf);
	natural_t available = 0;
	kern_return_t kr;

	u_printf("%s\n", MARKER_2);
	kr = console_wait_input(console, &available);
	tap(kr == KERN_SUCCESS && available > 0 && available <= sizeof(TYPED_2) - 1,
	    "console_wait_input returns once input is there (%d, %u bytes)", kr, available);
	tap(read_exactly(TYPED_2, sizeof(TYPED_2) - 1) == 0,
	    "console_wait_input took nothing: the read gets all the bytes");
	kr = console_read(console, CONSOLE_READ_NONBLOCK, sizeof(buf), buf, &n);
	tap(kr == D_WOULD_BLOCK, "and nothing more was typed (%d)", kr);
}

/* ---- output ---- */

/* One line: "conline w=W n=NNN <payload> end\n"; tests/system/console
 * computes the same payload from W and N. */
static uint32_t line_format(char *p, unsigned w, unsigned n)
{
	char payload[LINE_PAYLOAD + 1];

	for (unsigned i = 0; i < LINE_PAYLOAD; i++)
		payload[i] = (char)('a' + (w * 7 + n * 3 + i) % 26);
	payload[LINE_PAYLOAD] = '\0';
	return (uint32_t)u_snprintf(p, LINE_MAX, "conline w=%u n=%03u %s end\n", w, n, payload);
}

/* Status: how many writes were not accepted whole. */
static int writer_task(uint64_t w)
{
	static char buf[CONSOLE_IO_MAX];
	unsigned line = 0;
	int bad = 0;

	for (unsigned k = 0; k < WRITES; k++) {
		uint32_t len = 0;
		natural_t written = 0;

		for (unsigned i = 0; i < 1 + (k % 4) * 8; i++)
			len += line_format(buf + len, (unsigned)w, line++);
		bad += console_write(console, buf, len, &written) != KERN_SUCCESS || written != len;
	}
	return bad;
}

static void test_concurrent_writes(void)
{
	struct child c[WRITERS];
	unsigned spawned = 0, whole = 0;
	natural_t written = 0;
	int drained;

	for (unsigned w = 0; w < WRITERS; w++)
		spawned += child_spawn(&c[w], writer_task, w);
	for (unsigned w = 0; w < spawned; w++)
		whole += child_wait(&c[w], 60000) == 0;
	/*
	 * Say nothing until the driver has sent everything: the kernel's log
	 * shares the line and could fall between two writes' chunks
	 * (DESIGN.md).  Our own last write queues behind the writers' bytes;
	 * the harness answers it once it has read it, so when the answer is
	 * here, all of the writers' output has left the machine.
	 */
	drained = console_write(console, MARKER_3 "\n", sizeof(MARKER_3), &written) == KERN_SUCCESS &&
		  read_exactly(TYPED_3, sizeof(TYPED_3) - 1) == 0;
	tap(spawned == WRITERS && whole == WRITERS && drained,
	    "%u writer tasks each had %u writes accepted whole (%u of them; drained: %d)", WRITERS,
	    WRITES, whole, drained);
}

/* ---- the driver's death ---- */

static void test_driver_killed(mach_port_t bootstrap)
{
	mach_port_t driver = MACH_PORT_NULL;
	char buf[16];
	mach_msg_type_number_t n = sizeof(buf);
	struct child c;
	int status = -1;
	kern_return_t kr;

	kr = name_lookup(bootstrap, "task/console", 1000, &driver);
	if (kr == KERN_SUCCESS && child_spawn(&c, orphaned_reader_task, 0)) {
		u_sleep(200 * MSEC);	/* let it wait in its read */
		kr = task_terminate(driver);
		status = child_wait(&c, 10000);
		if (status < 0)
			child_kill(&c);
	}
	tap(kr == KERN_SUCCESS && status == 0,
	    "a reader waiting in a killed driver gets an error, not a hang (%d, status %d)", kr, status);
	kr = console_read(console, CONSOLE_READ_NONBLOCK, sizeof(buf), buf, &n);
	tap(kr != KERN_SUCCESS, "a call to the dead driver fails at once (%d)", kr);
}

void ustart(const struct bootstrap_info *info)
{
	kern_return_t kr;

	mach_init();
	u_printf("1..%d\n", TAP_PLAN);
	kr = name_lookup(info->bootstrap, "console", 10000, &console);
	tap(kr == KERN_SUCCESS, "the console driver is registered as \"console\" (%d)", kr);
	child_stack = u_stack(16 * PG);
	/* Without either nothing else can run: the short plan fails the boot. */
	if (kr != KERN_SUCCESS || child_stack == 0)
		u_exit(1);
	test_nonblocking_read();
	test_interrupt();
	test_dead_readers();
	test_typed_input();
	test_wait_input();
	test_concurrent_writes();
	test_driver_killed(info->bootstrap);
	u_exit((int)tap_failed);
}
