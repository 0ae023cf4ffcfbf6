/*
 * dispatch_test: host unit test of the personality's dispatcher, log and
 * handlers, linked with a fake backend that records what the handlers
 * asked of Harbor.  Fails if a Linux number has no name, if an
 * unimplemented call does not return -ENOSYS, or if its log line is not
 * exactly "harbor: <prog>: syscall <name> (<nr>) not implemented",
 * printed once per process for each call.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dispatch.h"
#include "harbor.h"
#include "linux_abi.h"
#include "linux_syscall.h"
#include "startup.h"
#include "syscall_names.h"

/* --- the fake backend: a console that records, memory from malloc --- */
static char console[65536];
static size_t console_len;
static int vm_allocations;

long harbor_console_write(const void *buf, size_t len)
{
	if (console_len + len > sizeof console)
		len = sizeof console - console_len;
	memcpy(console + console_len, buf, len);
	console_len += len;
	return (long)len;
}

long harbor_console_read(void *buf, size_t len)
{
	(void)buf;
	(void)len;
	return 0;
}

int harbor_vm_allocate(uintptr_t *addr, size_t size, bool anywhere)
{
	void *p;

	if (!anywhere)
		return -LINUX_ENOMEM;	/* nothing is free at fixed places here */
	p = aligned_alloc(4096, size);
	if (!p)
		return -LINUX_ENOMEM;
	memset(p, 0, size);
	*addr = (uintptr_t)p;
	vm_allocations++;
	return 0;
}

int harbor_vm_deallocate(uintptr_t addr, size_t size)
{
	(void)size;
	free((void *)addr);
	return 0;
}

int harbor_vm_protect(uintptr_t addr, size_t size, int prot)
{
	(void)addr;
	(void)size;
	(void)prot;
	return 0;
}

int harbor_clock_read(int clock, uint64_t *ns)
{
	*ns = clock == HARBOR_CLOCK_REALTIME ? 1700000000123456789ULL : 5000000001ULL;
	return 0;
}

int harbor_clock_sleep(uint64_t ns)
{
	(void)ns;
	return 0;
}

int harbor_thread_set_tls(uintptr_t base)
{
	(void)base;
	return -LINUX_ENOSYS;
}

int harbor_task_exit(int status)
{
	(void)status;
	return -LINUX_ENOSYS;
}

int harbor_random(void *buf, size_t len)
{
	(void)buf;
	(void)len;
	return -LINUX_ENOSYS;
}

/* --- TAP --- */
static int test_number, test_failed;

static void check(int ok, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", ok ? "" : "not ", ++test_number);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!ok)
		test_failed = 1;
}

static long sys(long nr, long a, long b, long c, long d, long e, long f)
{
	return __harbor_syscall(nr, a, b, c, d, e, f);
}

static size_t count_lines(const char *needle)
{
	size_t n = 0;

	console[console_len] = 0;
	for (const char *p = console; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

/* A start-up stack: argc, argv, envp, auxv with a Harbor block. */
static void start_process(void)
{
	static struct {
		struct harbor_startup b;
		struct harbor_startup_fd fds[3];
	} block = {
		.b = {
			.magic = HARBOR_STARTUP_MAGIC,
			.version = HARBOR_STARTUP_VERSION,
			.size = sizeof block,
			.nfds = 3,
			.pid = 42,
			.ppid = 7,
		},
		.fds = {
			{ .fd = 0, .kind = HARBOR_FD_KIND_CONSOLE },
			{ .fd = 1, .kind = HARBOR_FD_KIND_CONSOLE },
			{ .fd = 2, .kind = HARBOR_FD_KIND_CONSOLE },
		},
	};
	static long stack[] = {
		1, (long)"/bin/dispatch_test", 0,
		(long)"HOME=/", 0,
		LINUX_AT_PAGESZ, 4096,
		(long)AT_HARBOR_STARTUP, (long)&block,
		LINUX_AT_NULL, 0,
	};

	posix_startup(stack);
}

int main(void)
{
	int unnamed = 0, wrong = 0, implemented = 0;
	char line[160];

	start_process();
	check(posix_process()->pid == 42 && posix_process()->ppid == 7,
		"start-up block gives pid and ppid");
	check(!strcmp(posix_process()->prog, "dispatch_test"),
		"program name is argv[0]'s basename");

	/* Every number the Linux list has is named, the table agrees. */
	for (long nr = 0; nr < LINUX_SYSCALL_COUNT; nr++) {
		if (!posix_syscall_names[nr])
			continue;
		if (strcmp(posix_syscall_name(nr), posix_syscall_names[nr]))
			unnamed++;
	}
	check(unnamed == 0, "every Linux x86_64 call has its name");
	check(!strcmp(posix_syscall_name(LINUX_SYS_write), "write") &&
		!strcmp(posix_syscall_name(LINUX_SYS_set_mempolicy_home_node),
			"set_mempolicy_home_node") &&
		!strcmp(posix_syscall_name(-1), "unknown") &&
		!strcmp(posix_syscall_name(100000), "unknown"),
		"names by number, unknown outside the table");

	/* Every unimplemented call: -ENOSYS twice, one line with its name. */
	for (long nr = 0; nr < LINUX_SYSCALL_COUNT; nr++) {
		if (!posix_syscall_names[nr])
			continue;
		if (posix_syscall_handler(nr)) {
			implemented++;
			continue;
		}
		if (sys(nr, 0, 0, 0, 0, 0, 0) != -LINUX_ENOSYS ||
		    sys(nr, 1, 2, 3, 4, 5, 6) != -LINUX_ENOSYS)
			wrong++;
		snprintf(line, sizeof line,
			"harbor: dispatch_test: syscall %s (%ld) not implemented\n",
			posix_syscall_names[nr], nr);
		if (count_lines(line) != 1)
			wrong++;
	}
	check(wrong == 0, "every unimplemented call returns -ENOSYS and is logged once");
	check(implemented >= 20, "%d calls are implemented", implemented);
	check(sys(-5, 0, 0, 0, 0, 0, 0) == -LINUX_ENOSYS &&
		sys(5000, 0, 0, 0, 0, 0, 0) == -LINUX_ENOSYS &&
		count_lines("syscall unknown (-5) not implemented") == 1 &&
		count_lines("syscall unknown (5000)") == 0,
		"numbers outside the table: -ENOSYS, one line for all");

	/* A few handlers through the fake backend. */
	console_len = 0;
	check(sys(LINUX_SYS_write, 1, (long)"hi\n", 3, 0, 0, 0) == 3 &&
		console_len == 3 && !memcmp(console, "hi\n", 3),
		"write to fd 1 reaches the console");
	check(sys(LINUX_SYS_write, 5, (long)"x", 1, 0, 0, 0) == -LINUX_EBADF,
		"write to a descriptor that does not exist is EBADF");
	struct linux_iovec iov[2] = { { "ab", 2 }, { "cde", 3 } };
	check(sys(LINUX_SYS_writev, 2, (long)iov, 2, 0, 0, 0) == 5 &&
		!memcmp(console + 3, "abcde", 5), "writev gathers in order");
	long m = sys(LINUX_SYS_mmap, 0, 10000, LINUX_PROT_READ | LINUX_PROT_WRITE,
		LINUX_MAP_PRIVATE | LINUX_MAP_ANONYMOUS, -1, 0);
	check(m > 0 && m % 4096 == 0 && vm_allocations == 1 &&
		((char *)m)[9999] == 0, "anonymous mmap through vm_allocate");
	check(sys(LINUX_SYS_mmap, 0, 4096, LINUX_PROT_READ, LINUX_MAP_PRIVATE, 3, 0) ==
		-LINUX_ENODEV && count_lines("syscall mmap (9) file mappings not implemented") == 1,
		"file mmap is ENODEV and says why");
	struct linux_timespec ts;
	check(sys(LINUX_SYS_clock_gettime, LINUX_CLOCK_REALTIME, (long)&ts, 0, 0, 0, 0) == 0 &&
		ts.tv_sec == 1700000000 && ts.tv_nsec == 123456789, "clock_gettime splits nanoseconds");
	check(sys(LINUX_SYS_nanosleep, (long)&(struct linux_timespec){ 0, 1000000000 }, 0, 0, 0, 0, 0) ==
		-LINUX_EINVAL, "nanosleep rejects tv_nsec >= 1e9");
	struct linux_utsname u;
	check(sys(LINUX_SYS_uname, (long)&u, 0, 0, 0, 0, 0) == 0 &&
		!strcmp(u.sysname, "Harbor") && !strcmp(u.machine, "x86_64"), "uname says Harbor");
	check(sys(LINUX_SYS_getpid, 0, 0, 0, 0, 0, 0) == 42, "getpid from the start-up block");
	unsigned char r1[32] = { 0 }, r2[32] = { 0 };
	check(sys(LINUX_SYS_getrandom, (long)r1, 32, 0, 0, 0, 0) == 32 &&
		sys(LINUX_SYS_getrandom, (long)r2, 32, 0, 0, 0, 0) == 32 &&
		memcmp(r1, r2, 32) != 0 && count_lines("not for cryptography") == 1,
		"getrandom falls back to the seeded generator and says so once");
	check(sys(LINUX_SYS_arch_prctl, LINUX_ARCH_SET_FS, 0x1000, 0, 0, 0, 0) == -LINUX_ENOSYS,
		"arch_prctl passes the backend's ENOSYS through, never pretends");

	printf("1..%d\n", test_number);
	return test_failed;
}
