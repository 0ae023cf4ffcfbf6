/*
 * What the user test files share (usertest.c, ipctest.c, rpctest.c):
 * the checks, the test table entries, and helpers that start tasks and
 * threads through the kernel's RPCs.
 */
#ifndef USERTEST_H
#define USERTEST_H

#include "libmach.h"
#include "ulib.h"

#define PG		4096ull

extern int failures;
/* Our information page: host_priv and the other ports we started with. */
extern const struct bootstrap_info *boot_info;

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		failures++;						\
		u_printf("# user FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
	}								\
} while (0)

#define CHECK_EQ(a, b) do {						\
	uint64_t a_ = (uint64_t)(a), b_ = (uint64_t)(b);		\
	if (a_ != b_) {							\
		failures++;						\
		u_printf("# user FAIL %s:%d: %s == %s: got %lx, expected %lx\n", \
		    __FILE__, __LINE__, #a, #b, a_, b_);		\
	}								\
} while (0)

struct test {
	const char *name;
	void (*fn)(void);
};

extern const struct test ipc_tests[];
extern const unsigned ipc_ntests;
extern const struct test rpc_tests[];
extern const unsigned rpc_ntests;
extern const struct test bench_tests[];
extern const unsigned bench_ntests;
extern const struct test exc_tests[];		/* exctest.c */
extern const unsigned exc_ntests;
extern const struct test ipcfuzz_tests[];	/* ipcfuzz.c */
extern const unsigned ipcfuzz_ntests;
extern const struct test stress_ipc_tests[];	/* stress_ipc.c */
extern const unsigned stress_ipc_ntests;
extern const struct test dev_tests[];		/* devtest.c */
extern const unsigned dev_ntests;
extern const struct test exit_tests[];		/* exittest.c */
extern const unsigned exit_ntests;

/*
 * A thread in `task` (MACH_PORT_NULL: our own) running fn(arg) on the
 * stack ending at sp; its port in *thread.  In another task, fn runs
 * after mach_init().
 */
kern_return_t u_thread_start(mach_port_t task, void (*fn)(uint64_t),
    uint64_t sp, uint64_t arg, mach_port_t *thread);

/*
 * Wait for a thread to end (a dead-name notification on its port) for at
 * most timeout_ms; on success the name is released.
 */
kern_return_t u_thread_join(mach_port_t thread, uint64_t timeout_ms);

/*
 * A child task inheriting our memory, running fn(arg) in one thread.
 * Returns its kernel id (for u_task_wait); its port in *port if port is
 * not NULL (else released).
 */
uint64_t spawn_child(void (*fn)(uint64_t), uint64_t arg, uint64_t stack_top,
    mach_port_t *port);

/* Its exit status, waiting at most 20 s. */
int wait_child(uint64_t id);

/* The kernel's id of a task (task_info). */
uint64_t task_id_of(mach_port_t task);

/* Free pages now (host_info). */
uint64_t free_pages(void);

/* The monotonic clock in ns (host_get_time). */
uint64_t clock_ns(void);

/* A receive right with a send right under the same name. */
mach_port_t new_port(void);

/* urefs of `right` under `name` in our space, or ~0 on error. */
uint32_t refs_of(mach_port_t name, mach_port_right_t right);
/* The type bits of a name, or 0 on error. */
mach_port_type_t type_of(mach_port_t name);
/* Messages queued on a receive right, or ~0 on error. */
unsigned msgcount(mach_port_t port);

#endif
