/*
 * User tests of exceptions as messages (mach/kern/exception.h,
 * idl/defs/mach/exc.defs): this task is the handler, its children are
 * the victims.  Each fault kind reaches the handler with its codes; a
 * handler's KERN_SUCCESS resumes the victim (for the state behaviours
 * with the registers it sends back), an error kills it; the thread's
 * port comes before the task's; without a handler the task is
 * terminated; a handler that dies, a victim terminated or aborted while
 * it waits for the reply: no hang.  The kernel test that runs these
 * checks that no page, port or message leaks (tests/kern/user.c).
 */
#include <x86_64/thread_state.h>

#include "excServer.h"
#include "usertest.h"

/* Where a victim finds its send right to the handler (given before it starts). */
#define VICTIM_EXC_NAME		0x7103u

/* What the victim does (the child's argument). */
enum fault {
	F_PAGE, F_UD2, F_DIVIDE, F_INT3, F_GP,
	F_NKINDS,
	F_THREAD_STATE = 0x10,	/* + fault: its own thread port, STATE */
	F_THREAD_IDENT = 0x20,	/* + fault: its own thread port, STATE_IDENTITY */
	F_CHAIN = 0x40,		/* thread port for breakpoints; int3, then divide */
};

#define RESUMED_STATUS	7	/* a victim that went on after its int3 */
#define LANDED_MAGIC	0x5eedull
#define LANDED_STATUS	42	/* a victim redirected to exc_landing */

static const struct {
	exception_type_t exc;
	int64_t code;		/* code[0]; page faults: checked apart */
	int vector;
} kinds[F_NKINDS] = {
	[F_PAGE] = { EXC_BAD_ACCESS, 0, 14 },
	[F_UD2] = { EXC_BAD_INSTRUCTION, EXC_X86_INVALID_OPCODE, 6 },
	[F_DIVIDE] = { EXC_ARITHMETIC, EXC_X86_DIVIDE, 0 },
	[F_INT3] = { EXC_BREAKPOINT, EXC_X86_BREAKPOINT, 3 },
	[F_GP] = { EXC_BAD_INSTRUCTION, EXC_X86_GENERAL_PROTECTION, 13 },
};

static void
do_fault(int f)
{
	switch (f) {
	case F_PAGE: {
		volatile int *volatile p = (volatile int *)0x10;

		(void)*p;
		break;
	}
	case F_UD2:
		__asm__ volatile("ud2");
		break;
	case F_DIVIDE:
		__asm__ volatile("xor %%ecx, %%ecx; div %%ecx" ::: "eax", "ecx",
		    "edx", "cc");
		break;
	case F_INT3:
		__asm__ volatile("int3");
		break;
	case F_GP:
		__asm__ volatile("hlt");	/* privileged: #GP in user mode */
		break;
	}
}

/* Where a handler sends a victim with new registers. */
static __attribute__((noreturn, used)) void
exc_landing(uint64_t magic)
{
	u_exit(magic == LANDED_MAGIC ? LANDED_STATUS : 1);
}

static void
victim(uint64_t arg)
{
	int f = (int)(arg & 0xf);

	if (arg & (F_THREAD_STATE | F_THREAD_IDENT)) {
		mach_port_t self = mach_thread_self();
		exception_behavior_t b = (arg & F_THREAD_STATE) ?
		    EXCEPTION_STATE : EXCEPTION_STATE_IDENTITY;

		if (thread_set_exception_ports(self, EXC_MASK_ALL,
		    VICTIM_EXC_NAME, b, X86_THREAD_STATE64) != KERN_SUCCESS)
			u_exit(2);
	}
	if (arg & F_CHAIN) {
		if (thread_set_exception_ports(mach_thread_self(),
		    EXC_MASK_BREAKPOINT, VICTIM_EXC_NAME, EXCEPTION_DEFAULT,
		    0) != KERN_SUCCESS)
			u_exit(2);
		do_fault(F_INT3);	/* the thread's port: resumed */
		do_fault(F_DIVIDE);	/* the task's port: killed */
		u_exit(3);
	}
	do_fault(f);
	u_exit(RESUMED_STATUS);
}

/* --- the handler --- */

static struct {
	unsigned count;
	mach_port_t port[4];
	exception_type_t exc[4];
	int64_t code[4], subcode[4];
	kern_return_t answer;	/* what catch_* replies */
	bool redirect;		/* state behaviours: go to exc_landing */
	bool had_identity;	/* thread and task ports arrived */
} seen;

static void
note(mach_port_t port, exception_type_t exc, const int64_t *code,
    mach_msg_type_number_t n)
{
	unsigned i = seen.count++;

	if (i >= 4)
		return;
	seen.port[i] = port;
	seen.exc[i] = exc;
	seen.code[i] = n > 0 ? code[0] : -1;
	seen.subcode[i] = n > 1 ? code[1] : -1;
}

/* On success the request's rights are ours: the thread and task ports. */
static void
drop_identity(mach_port_t thread, mach_port_t task)
{
	seen.had_identity = thread != MACH_PORT_NULL && task != MACH_PORT_NULL;
	if (seen.answer == KERN_SUCCESS) {
		mach_port_deallocate(mach_task_self(), thread);
		mach_port_deallocate(mach_task_self(), task);
	}
}

kern_return_t
catch_exception_raise(mach_port_t port, mach_port_t thread, mach_port_t task,
    exception_type_t exc, exception_data_t code, mach_msg_type_number_t n)
{
	note(port, exc, code, n);
	drop_identity(thread, task);
	return seen.answer;
}

/* The new state: unchanged, or redirected to exc_landing(LANDED_MAGIC). */
static kern_return_t
new_state(int flavor, const natural_t *old, mach_msg_type_number_t old_n,
    natural_t *out, mach_msg_type_number_t *out_n)
{
	struct x86_thread_state64 s;

	if (flavor != X86_THREAD_STATE64 || old_n * 4 != sizeof(s))
		return KERN_INVALID_ARGUMENT;
	memcpy(&s, old, sizeof(s));
	if (seen.redirect) {
		s.rip = (uint64_t)exc_landing;
		s.rdi = LANDED_MAGIC;
		s.rsp = (s.rsp & ~15ull) - 8;	/* as if called */
	}
	memcpy(out, &s, sizeof(s));
	*out_n = old_n;
	return seen.answer;
}

kern_return_t
catch_exception_raise_state(mach_port_t port, exception_type_t exc,
    exception_data_t code, mach_msg_type_number_t n, int *flavor,
    thread_state_t old, mach_msg_type_number_t old_n, thread_state_t out,
    mach_msg_type_number_t *out_n)
{
	note(port, exc, code, n);
	return new_state(*flavor, old, old_n, out, out_n);
}

kern_return_t
catch_exception_raise_state_identity(mach_port_t port, mach_port_t thread,
    mach_port_t task, exception_type_t exc, exception_data_t code,
    mach_msg_type_number_t n, int *flavor, thread_state_t old,
    mach_msg_type_number_t old_n, thread_state_t out,
    mach_msg_type_number_t *out_n)
{
	note(port, exc, code, n);
	drop_identity(thread, task);
	return new_state(*flavor, old, old_n, out, out_n);
}

union exc_buf {
	mach_msg_header_t h;
	_Alignas(8) char buf[exc_MAX_MSG_SIZE];
};

/* Receive one exception on `port` (or set) and answer it (docs/idl.md). */
static mach_msg_return_t
exc_serve_one(mach_port_t port, mach_msg_timeout_t ms)
{
	static union exc_buf in, out;
	mach_msg_return_t mr = mach_msg(&in.h, MACH_RCV_MSG | MACH_RCV_TIMEOUT,
	    0, sizeof(in), port, ms, MACH_PORT_NULL);

	if (mr != MACH_MSG_SUCCESS)
		return mr;
	exc_server(&in.h, &out.h);
	if (!(out.h.msgh_bits & MACH_MSGH_BITS_COMPLEX) &&
	    ((mig_reply_error_t *)&out.h)->RetCode != KERN_SUCCESS) {
		in.h.msgh_remote_port = MACH_PORT_NULL;
		mach_msg_destroy(&in.h);
	}
	if (mach_msg(&out.h, MACH_SEND_MSG, out.h.msgh_size, 0, MACH_PORT_NULL,
	    0, MACH_PORT_NULL) != MACH_MSG_SUCCESS)
		mach_msg_destroy(&out.h);
	return MACH_MSG_SUCCESS;
}

/*
 * A victim child running victim(arg): its task's exception port for
 * every kind is `task_port` (MACH_PORT_NULL: none), and it holds a send
 * right to `own_port` under VICTIM_EXC_NAME (if not null).  Its thread
 * port in *thread if asked.
 */
static uint64_t
start_victim(uint64_t arg, mach_port_t task_port, exception_behavior_t b,
    mach_port_t own_port, mach_port_t *task, mach_port_t *thread)
{
	mach_port_t child = MACH_PORT_NULL, th = MACH_PORT_NULL;
	uint64_t id, stack = u_stack(16 * PG);

	CHECK_EQ(task_create(mach_task_self(), TRUE, &child), KERN_SUCCESS);
	id = task_id_of(child);
	if (task_port)
		CHECK_EQ(task_set_exception_ports(child, EXC_MASK_ALL, task_port,
		    b, X86_THREAD_STATE64), KERN_SUCCESS);
	if (own_port)
		CHECK_EQ(mach_port_insert_right(child, VICTIM_EXC_NAME, own_port,
		    MACH_MSG_TYPE_MAKE_SEND), KERN_SUCCESS);
	CHECK_EQ(u_thread_start(child, victim, stack, arg, &th), KERN_SUCCESS);
	if (thread)
		*thread = th;
	else
		mach_port_deallocate(mach_task_self(), th);
	if (task)
		*task = child;
	else
		mach_port_deallocate(mach_task_self(), child);
	return id;
}

static void
reset(kern_return_t answer, bool redirect)
{
	memset(&seen, 0, sizeof(seen));
	seen.answer = answer;
	seen.redirect = redirect;
}

/*
 * Every kind reaches the task's port with its codes: the handler kills
 * the page fault, ud2, divide and GP victims by answering an error and
 * resumes the int3 one, which goes on after the int3.
 */
static void
test_exc_kinds(void)
{
	mach_port_t port = new_port();

	for (int f = 0; f < F_NKINDS; f++) {
		bool resume = f == F_INT3;
		uint64_t id;

		reset(resume ? KERN_SUCCESS : KERN_FAILURE, false);
		id = start_victim((uint64_t)f, port, EXCEPTION_DEFAULT, 0, NULL,
		    NULL);
		CHECK_EQ(exc_serve_one(port, 5000), MACH_MSG_SUCCESS);
		CHECK_EQ(seen.count, 1);
		CHECK_EQ(seen.port[0], port);
		CHECK_EQ(seen.exc[0], kinds[f].exc);
		CHECK(seen.had_identity);
		if (f == F_PAGE) {
			CHECK(seen.code[0] != KERN_SUCCESS);
			CHECK_EQ(seen.subcode[0], 0x10);	/* the address */
		} else {
			CHECK_EQ(seen.code[0], kinds[f].code);
		}
		CHECK_EQ(wait_child(id), resume ? RESUMED_STATUS :
		    0x100 + kinds[f].vector);
	}
	CHECK_EQ(mach_port_destroy(mach_task_self(), port), KERN_SUCCESS);
}

/*
 * The state behaviours: the handler sends back registers that move the
 * victim to exc_landing(LANDED_MAGIC); it reports that by its status.
 * A state the kernel refuses (a kernel rip) is not a resume: killed.
 */
static void
test_exc_resume_state(void)
{
	mach_port_t port = new_port();
	uint64_t id;

	reset(KERN_SUCCESS, true);
	id = start_victim(F_THREAD_STATE | F_UD2, 0, 0, port, NULL, NULL);
	CHECK_EQ(exc_serve_one(port, 5000), MACH_MSG_SUCCESS);
	CHECK_EQ(seen.exc[0], EXC_BAD_INSTRUCTION);
	CHECK_EQ(wait_child(id), LANDED_STATUS);

	reset(KERN_SUCCESS, true);
	id = start_victim(F_THREAD_IDENT | F_GP, 0, 0, port, NULL, NULL);
	CHECK_EQ(exc_serve_one(port, 5000), MACH_MSG_SUCCESS);
	CHECK_EQ(seen.exc[0], EXC_BAD_INSTRUCTION);
	CHECK_EQ(seen.code[0], EXC_X86_GENERAL_PROTECTION);
	CHECK(seen.had_identity);
	CHECK_EQ(wait_child(id), LANDED_STATUS);

	/* a task port with the state behaviour, unchanged registers: int3 goes on */
	reset(KERN_SUCCESS, false);
	id = start_victim(F_INT3, port, EXCEPTION_STATE, 0, NULL, NULL);
	CHECK_EQ(exc_serve_one(port, 5000), MACH_MSG_SUCCESS);
	CHECK_EQ(seen.exc[0], EXC_BREAKPOINT);
	CHECK_EQ(wait_child(id), RESUMED_STATUS);
	CHECK_EQ(mach_port_destroy(mach_task_self(), port), KERN_SUCCESS);
}

/*
 * The thread's port comes first, for the kinds it has; the task's port
 * catches the rest.  Both ports in one set, so one loop serves both.
 */
static void
test_exc_chain(void)
{
	mach_port_t tport = new_port(), kport = new_port(), set;
	uint64_t id;

	CHECK_EQ(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_PORT_SET,
	    &set), KERN_SUCCESS);
	CHECK_EQ(mach_port_move_member(mach_task_self(), tport, set), KERN_SUCCESS);
	CHECK_EQ(mach_port_move_member(mach_task_self(), kport, set), KERN_SUCCESS);
	reset(KERN_SUCCESS, false);
	id = start_victim(F_CHAIN, kport, EXCEPTION_DEFAULT, tport, NULL, NULL);
	CHECK_EQ(exc_serve_one(set, 5000), MACH_MSG_SUCCESS);
	CHECK_EQ(seen.port[0], tport);
	CHECK_EQ(seen.exc[0], EXC_BREAKPOINT);
	seen.answer = KERN_FAILURE;
	CHECK_EQ(exc_serve_one(set, 5000), MACH_MSG_SUCCESS);
	CHECK_EQ(seen.port[1], kport);
	CHECK_EQ(seen.exc[1], EXC_ARITHMETIC);
	CHECK_EQ(wait_child(id), 0x100 + 0);
	CHECK_EQ(seen.count, 2);
	CHECK_EQ(mach_port_destroy(mach_task_self(), set), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(mach_task_self(), tport), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(mach_task_self(), kport), KERN_SUCCESS);
}

/* No handler: the task ends with the vector in its status (and a log line). */
static void
test_exc_unhandled(void)
{
	uint64_t id = start_victim(F_UD2, 0, 0, 0, NULL, NULL);

	CHECK_EQ(wait_child(id), 0x106);
	/* a handler port that is already dead counts as none */
	mach_port_t port = new_port();
	id = start_victim(F_DIVIDE, port, EXCEPTION_DEFAULT, 0, NULL, NULL);
	CHECK_EQ(mach_port_destroy(mach_task_self(), port), KERN_SUCCESS);
	CHECK_EQ(wait_child(id), 0x100);
}

static union exc_buf handler_buf;

/* A handler task that takes one exception and dies without answering. */
static void
dying_handler(uint64_t name)
{
	mach_msg_return_t mr = mach_msg(&handler_buf.h,
	    MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(handler_buf),
	    (mach_port_t)name, 10000, MACH_PORT_NULL);

	u_exit(mr == MACH_MSG_SUCCESS ? 0 : 1);
}

/*
 * The handler dies while the victim waits for its answer: the reply's
 * send-once right dies with it, the kernel sees its notification, and
 * with no other handler the victim is terminated.  No hang.
 */
static void
test_exc_handler_dies(void)
{
	mach_port_t htask = MACH_PORT_NULL, hname = MACH_PORT_NULL;
	mach_port_t sright = MACH_PORT_NULL, th = MACH_PORT_NULL;
	mach_msg_type_name_t t;
	uint64_t hid, vid, stack = u_stack(16 * PG);

	CHECK_EQ(task_create(mach_task_self(), TRUE, &htask), KERN_SUCCESS);
	hid = task_id_of(htask);
	CHECK_EQ(mach_port_allocate(htask, MACH_PORT_RIGHT_RECEIVE, &hname),
	    KERN_SUCCESS);
	CHECK_EQ(mach_port_extract_right(htask, hname, MACH_MSG_TYPE_MAKE_SEND,
	    &sright, &t), KERN_SUCCESS);
	CHECK_EQ(u_thread_start(htask, dying_handler, stack, hname, &th),
	    KERN_SUCCESS);
	mach_port_deallocate(mach_task_self(), th);
	vid = start_victim(F_UD2, sright, EXCEPTION_DEFAULT, 0, NULL, NULL);
	CHECK_EQ(wait_child(hid), 0);
	CHECK_EQ(wait_child(vid), 0x106);
	mach_port_deallocate(mach_task_self(), sright);
	mach_port_deallocate(mach_task_self(), htask);
}

/*
 * A victim waiting for the answer is aborted (it faults again: a second
 * request) and then its task is terminated while it waits: it ends, and
 * the late answer goes nowhere.
 */
static void
test_exc_abort_terminate(void)
{
	static union exc_buf req;
	mach_port_t port = new_port(), vtask = MACH_PORT_NULL, vth = MACH_PORT_NULL;
	uint64_t id;

	id = start_victim(F_UD2, port, EXCEPTION_DEFAULT, 0, &vtask, &vth);
	CHECK_EQ(mach_msg(&req.h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(req),
	    port, 5000, MACH_PORT_NULL), MACH_MSG_SUCCESS);
	CHECK_EQ(thread_abort(vth), KERN_SUCCESS);
	/* the first request's reply right is dead now: drop that request */
	mach_msg_destroy(&req.h);
	CHECK_EQ(mach_msg(&req.h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(req),
	    port, 5000, MACH_PORT_NULL), MACH_MSG_SUCCESS);
	CHECK_EQ(req.h.msgh_id, EXC_MSGID_RAISE);
	CHECK_EQ(task_terminate(vtask), KERN_SUCCESS);
	CHECK(wait_child(id) != 0);
	mach_msg_destroy(&req.h);
	mach_port_deallocate(mach_task_self(), vth);
	mach_port_deallocate(mach_task_self(), vtask);
	CHECK_EQ(mach_port_destroy(mach_task_self(), port), KERN_SUCCESS);
}

const struct test exc_tests[] = {
	{ "exc_kinds", test_exc_kinds },
	{ "exc_resume_state", test_exc_resume_state },
	{ "exc_chain", test_exc_chain },
	{ "exc_unhandled", test_exc_unhandled },
	{ "exc_handler_dies", test_exc_handler_dies },
	{ "exc_abort_terminate", test_exc_abort_terminate },
};
const unsigned exc_ntests = sizeof(exc_tests) / sizeof(exc_tests[0]);
