/*
 * The way back to user mode (mach/x86_64/trap_entry.S; the AST word in
 * kern/thread.h): what a thread returning from a system call must still
 * see — a suspension that came while it was blocked in mach_msg, a
 * frame that thread_set_state rewrote — and the tasks the kernel tests
 * of tests/kern/ast.c drive from outside.
 */
#include "usertest.h"
#include "x86_64/thread_state.h"

#define EXIT_EXCEPTION	0x100		/* kern/task.h TASK_EXIT_EXCEPTION */
#define VEC_PF		14

/* Port names the kernel tests of tests/kern/ast.c know (table indices 0x4a-0x4c). */
#define AST_WAIT_NAME	0x4a03
#define AST_KICK_NAME	0x4b03
#define AST_DONE_NAME	0x4c03

struct exit_msg {
	mach_msg_header_t h;
	mach_msg_max_trailer_t t;
};

/* A simple message to `port` through a send right we make (no reply). */
static kern_return_t
send_simple(mach_port_t port, mach_msg_type_name_t disposition, mach_msg_id_t id)
{
	mach_msg_header_t h = {
		.msgh_bits = MACH_MSGH_BITS(disposition, 0),
		.msgh_size = sizeof(h),
		.msgh_remote_port = port,
		.msgh_id = id,
	};

	return mach_msg(&h, MACH_SEND_MSG, sizeof(h), 0, MACH_PORT_NULL, 0,
	    MACH_PORT_NULL);
}

static kern_return_t
receive_on(mach_port_t port, struct exit_msg *m)
{
	return mach_msg(&m->h, MACH_RCV_MSG, 0, sizeof(*m), port, 0, MACH_PORT_NULL);
}

/* Poll (1 ms steps, at most ms) until *v == want. */
static int
wait_for(volatile int *v, int want, int ms)
{
	for (int i = 0; i < ms && *v != want; i++)
		u_sleep(MSEC);
	return *v;
}

/* --- a suspension that comes while the thread waits in mach_msg --- */

static mach_port_t srv_port;
static volatile int srv_got, rpc_done;
static volatile kern_return_t rpc_result;

/* Receives requests and answers each one (MIG's server loop, by hand). */
static void
exit_server(uint64_t arg)
{
	struct exit_msg m;

	(void)arg;
	while (receive_on(srv_port, &m) == MACH_MSG_SUCCESS) {
		srv_got++;
		if (m.h.msgh_remote_port != MACH_PORT_NULL)
			send_simple(m.h.msgh_remote_port, MACH_MSG_TYPE_MOVE_SEND_ONCE,
			    m.h.msgh_id + 100);
	}
	u_thread_exit();
}

/* One RPC to srv_port: request and reply in one mach_msg (the fast path's shape). */
static kern_return_t
rpc_once(void)
{
	mach_port_t reply = MACH_PORT_NULL;
	struct exit_msg m;
	kern_return_t kr;

	CHECK_EQ(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &reply),
	    KERN_SUCCESS);
	memset(&m, 0, sizeof(m));
	m.h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m.h.msgh_size = sizeof(m.h);
	m.h.msgh_remote_port = srv_port;
	m.h.msgh_local_port = reply;
	m.h.msgh_id = 7;
	kr = mach_msg(&m.h, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m.h), sizeof(m),
	    reply, 0, MACH_PORT_NULL);
	if (kr == MACH_MSG_SUCCESS && m.h.msgh_id != 107)
		kr = KERN_FAILURE;
	mach_port_mod_refs(mach_task_self(), reply, MACH_PORT_RIGHT_RECEIVE, -1);
	return kr;
}

static void
exit_client(uint64_t arg)
{
	(void)arg;
	rpc_result = rpc_once();
	rpc_done = 1;
	u_thread_exit();
}

/* Receives for ever, whatever mach_msg says (MACH_RCV_INTERRUPTED too). */
static void
stubborn_waiter(uint64_t arg)
{
	struct exit_msg m;

	(void)arg;
	for (;;)
		receive_on(srv_port, &m);
}

static int
suspend_count_of(mach_port_t th)
{
	struct thread_basic_info info;
	mach_msg_type_number_t n = THREAD_BASIC_INFO_COUNT;

	if (thread_info(th, THREAD_BASIC_INFO, (thread_info_t)&info, &n) != KERN_SUCCESS)
		return -1;
	return info.suspend_count;
}

/*
 * The server is suspended while it waits in mach_msg; a client's RPC
 * (the IPC fast path hands the CPU straight to the server) completes its
 * receive, but it must park on the way out of that system call, before
 * one more user instruction: it answers only once resumed.  Then a
 * thread_terminate ends it as it waits again, and ends a thread that
 * would go on waiting after an interrupted receive.
 */
static void
test_exit_suspend_in_msg(void)
{
	mach_port_t srv, cli;

	srv_port = new_port();
	srv_got = rpc_done = 0;
	CHECK_EQ(u_thread_start(MACH_PORT_NULL, exit_server, u_stack(4 * PG), 0, &srv),
	    KERN_SUCCESS);
	CHECK_EQ(rpc_once(), MACH_MSG_SUCCESS);
	CHECK_EQ(srv_got, 1);
	u_sleep(2 * MSEC);		/* it waits for the next request */
	CHECK_EQ(thread_suspend(srv), KERN_SUCCESS);
	CHECK_EQ(u_thread_start(MACH_PORT_NULL, exit_client, u_stack(4 * PG), 0, &cli),
	    KERN_SUCCESS);
	u_sleep(10 * MSEC);
	CHECK_EQ(srv_got, 1);		/* its mach_msg returned, its code did not run */
	CHECK_EQ(rpc_done, 0);
	CHECK_EQ(suspend_count_of(srv), 1);
	CHECK_EQ(thread_resume(srv), KERN_SUCCESS);
	CHECK_EQ(wait_for(&rpc_done, 1, 2000), 1);
	CHECK_EQ(rpc_result, MACH_MSG_SUCCESS);
	CHECK_EQ(srv_got, 2);
	CHECK_EQ(u_thread_join(cli, 2000), KERN_SUCCESS);
	u_sleep(2 * MSEC);		/* waiting again */
	CHECK_EQ(thread_terminate(srv), KERN_SUCCESS);
	CHECK_EQ(u_thread_join(srv, 2000), KERN_SUCCESS);
	/* one that would wait again at once: only its way out can end it */
	CHECK_EQ(u_thread_start(MACH_PORT_NULL, stubborn_waiter, u_stack(4 * PG), 0, &srv),
	    KERN_SUCCESS);
	u_sleep(2 * MSEC);
	CHECK_EQ(thread_terminate(srv), KERN_SUCCESS);
	CHECK_EQ(u_thread_join(srv, 2000), KERN_SUCCESS);
	mach_port_mod_refs(mach_task_self(), srv_port, MACH_PORT_RIGHT_RECEIVE, -1);
	mach_port_deallocate(mach_task_self(), srv_port);
}

/* --- a frame rewritten while its thread waits in a system call --- */

/* What the landing stub found in its registers (set by exit_landing). */
volatile uint64_t exit_landed_rcx, exit_landed_r11, exit_landed_rdi;
static volatile int landed;
static mach_port_t wait_port;

void exit_landing(void);
__attribute__((noreturn, used)) void exit_landed(void);

/* Records rcx, r11 and rdi before any compiled code can touch them. */
__asm__(".text\n"
	".globl exit_landing\n"
	"exit_landing:\n"
	"	movq %rcx, exit_landed_rcx(%rip)\n"
	"	movq %r11, exit_landed_r11(%rip)\n"
	"	movq %rdi, exit_landed_rdi(%rip)\n"
	"	andq $-16, %rsp\n"
	"	call exit_landed\n");

void
exit_landed(void)
{
	landed = 1;
	u_thread_exit();
}

static void
exit_waiter(uint64_t arg)
{
	struct exit_msg m;

	(void)arg;
	receive_on(wait_port, &m);
	u_thread_exit();	/* not reached when its state was set */
}

/* A thread waiting in mach_msg on wait_port, and its state. */
static mach_port_t
start_waiter(struct x86_thread_state64 *st)
{
	mach_msg_type_number_t n = sizeof(*st) / sizeof(natural_t);
	mach_port_t th = MACH_PORT_NULL;

	CHECK_EQ(u_thread_start(MACH_PORT_NULL, exit_waiter, u_stack(4 * PG), 0, &th),
	    KERN_SUCCESS);
	u_sleep(2 * MSEC);
	CHECK_EQ(thread_get_state(th, X86_THREAD_STATE64, (thread_state_t)st, &n),
	    KERN_SUCCESS);
	st->rip = (uint64_t)exit_landing;
	st->rdi = 0x1234;
	return th;
}

/* Set the state (not suspended: only AST_USER_FRAME stops the exit), wake it. */
static void
land(mach_port_t th, const struct x86_thread_state64 *st)
{
	landed = 0;
	CHECK_EQ(thread_set_state(th, X86_THREAD_STATE64, (thread_state_t)st,
	    sizeof(*st) / sizeof(natural_t)), KERN_SUCCESS);
	CHECK_EQ(send_simple(wait_port, MACH_MSG_TYPE_COPY_SEND, 1), MACH_MSG_SUCCESS);
	CHECK_EQ(wait_for(&landed, 1, 2000), 1);
	CHECK_EQ(exit_landed_rdi, 0x1234);
	CHECK_EQ(u_thread_join(th, 2000), KERN_SUCCESS);
}

/*
 * thread_set_state on a thread inside mach_msg: its system call returns
 * to the new rip with exactly the registers set.  rcx non-canonical and
 * r11 not the flags: a sysret would have jumped to rcx (a fault in ring
 * 0 on the real thing), so the exit must see the mark thread_set_state
 * leaves and use iret.  Then a frame that does look like the syscall
 * instruction's (rcx = rip, r11 = rflags) may leave by sysret.
 */
static void
test_exit_frame(void)
{
	struct x86_thread_state64 st;
	mach_port_t th;

	wait_port = new_port();
	th = start_waiter(&st);
	st.rcx = 0x0000800000000000ull;
	st.r11 = 0x5a5a5a5aull;
	land(th, &st);
	CHECK_EQ(exit_landed_rcx, 0x0000800000000000ull);
	CHECK_EQ(exit_landed_r11, 0x5a5a5a5aull);

	th = start_waiter(&st);
	st.rcx = st.rip;
	st.r11 = st.rflags;
	land(th, &st);
	CHECK_EQ(exit_landed_rcx, (uint64_t)exit_landing);
	CHECK_EQ(exit_landed_r11, st.rflags);

	/* a rip sysret could not take is refused outright */
	th = start_waiter(&st);
	st.rip = 0x0000800000000000ull;
	CHECK_EQ(thread_set_state(th, X86_THREAD_STATE64, (thread_state_t)&st,
	    sizeof(st) / sizeof(natural_t)), KERN_INVALID_ARGUMENT);
	CHECK_EQ(thread_terminate(th), KERN_SUCCESS);
	CHECK_EQ(u_thread_join(th, 2000), KERN_SUCCESS);
	mach_port_mod_refs(mach_task_self(), wait_port, MACH_PORT_RIGHT_RECEIVE, -1);
	mach_port_deallocate(mach_task_self(), wait_port);
}

/*
 * In a child task: a waiting thread's frame gets rip in the last user
 * page, above USER_CANONICAL_END, with rcx = rip and r11 = rflags as
 * after a syscall.  Nothing is mapped there, so it must leave by iret
 * and die of a user page fault: the task ends with that exception and
 * the kernel carries on.
 */
static void
top_page_child(uint64_t arg)
{
	struct x86_thread_state64 st;
	mach_port_t th;

	(void)arg;
	wait_port = new_port();
	th = start_waiter(&st);
	st.rip = st.rcx = 0x00007ffffffffff0ull;
	st.r11 = st.rflags;
	CHECK_EQ(thread_set_state(th, X86_THREAD_STATE64, (thread_state_t)&st,
	    sizeof(st) / sizeof(natural_t)), KERN_SUCCESS);
	CHECK_EQ(send_simple(wait_port, MACH_MSG_TYPE_COPY_SEND, 1), MACH_MSG_SUCCESS);
	u_sleep(5000 * MSEC);	/* the fault ends the task long before */
	u_exit(1);
}

static void
test_exit_top_page(void)
{
	CHECK_EQ(wait_child(spawn_child(top_page_child, 0, u_stack(16 * PG), NULL)),
	    EXIT_EXCEPTION + VEC_PF);
}

/* --- tasks for tests/kern/ast.c --- */

/*
 * One thread receiving on AST_WAIT_NAME.  For each message it gets it
 * sends one to AST_KICK_NAME if `kick` (a kernel thread waits there),
 * then one to AST_DONE_NAME, which the kernel test counts.  Runs until
 * the kernel test terminates the task.
 */
static void
ast_waiter(bool kick)
{
	struct exit_msg m;

	CHECK_EQ(mach_port_allocate_name(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
	    AST_WAIT_NAME), KERN_SUCCESS);
	CHECK_EQ(mach_port_allocate_name(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
	    AST_KICK_NAME), KERN_SUCCESS);
	CHECK_EQ(mach_port_allocate_name(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
	    AST_DONE_NAME), KERN_SUCCESS);
	while (receive_on(AST_WAIT_NAME, &m) == MACH_MSG_SUCCESS) {
		if (kick)
			CHECK_EQ(send_simple(AST_KICK_NAME, MACH_MSG_TYPE_MAKE_SEND, 3),
			    MACH_MSG_SUCCESS);
		CHECK_EQ(send_simple(AST_DONE_NAME, MACH_MSG_TYPE_MAKE_SEND, 2),
		    MACH_MSG_SUCCESS);
	}
	u_exit(failures ? 1 : 0);
}

static void test_ast_msg_waiter(void) { ast_waiter(false); }
static void test_ast_kicker(void) { ast_waiter(true); }

const struct test exit_tests[] = {
	{ "exit_suspend_in_msg", test_exit_suspend_in_msg },
	{ "exit_frame", test_exit_frame },
	{ "exit_top_page", test_exit_top_page },
	{ "ast_msg_waiter", test_ast_msg_waiter },
	{ "ast_kicker", test_ast_kicker },
};
const unsigned exit_ntests = sizeof(exit_tests) / sizeof(exit_tests[0]);
