/*
 * The way back to user mode acts on what happened while a thread was in
 * the kernel: kern/thread.h's AST word, which the exit path tests alone.
 * A missed AST is a real bug — a suspended thread that escapes to user
 * mode, a preemption that waits for the end of a quantum — so these
 * tests drive user tasks (tests/user/exittest.c) from outside:
 *
 *  - ast_suspend_in_msg: a thread suspended (task_suspend, then
 *    thread_suspend) while it waits in mach_msg gets a message; its
 *    system call completes, but it must not run user code (it would
 *    report the message) until resumed; a suspended task whose thread
 *    got its message can still be terminated.
 *  - ast_preempt_syscall: a user thread's system call (a message send)
 *    wakes this test's thread, of higher priority, which waits in the
 *    kernel for that message.  The kernel is not preemptive: only the
 *    system call's way out (AST_RESCHED) gives it the CPU before the
 *    user thread's next instruction, which it checks.
 */
#include <mach/kern_return.h>

#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_mqueue.h"
#include "ipc_testlib.h"
#include "kern/bootstrap.h"
#include "kern/clock.h"
#include "kern/ktest.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "kern/waitq.h"

/* Port names of usertest's ast_msg_waiter (tests/user/exittest.c). */
#define AST_WAIT_NAME	0x4a03
#define AST_KICK_NAME	0x4b03
#define AST_DONE_NAME	0x4c03

#define MS		NSEC_PER_MSEC

static void
sleep_ms(unsigned ms)
{
	thread_sleep_ns(ms * MS, false);
}

/* Until the task's only thread waits (not parked by a suspension): 1 s at most. */
static bool
wait_blocked(struct thread *th)
{
	for (int i = 0; i < 1000; i++) {
		struct thread_basic_info_k info;
		if (thread_info(th, &info) == KERN_SUCCESS &&
		    info.run_state == THREAD_WAITING && info.suspend_count == 0)
			return true;
		sleep_ms(1);
	}
	return false;
}

/* Messages the waiter has reported, once it reported n (or 1 s passed). */
static unsigned
wait_done(struct ipc_space *space, unsigned n)
{
	for (int i = 0; i < 1000 && t_queued(space, AST_DONE_NAME) < n; i++)
		sleep_ms(1);
	return t_queued(space, AST_DONE_NAME);
}

/* The waiter's thread, once its ports exist and it waits; NULL if not. */
static struct thread *
waiter_thread(struct task *task)
{
	struct thread *th = NULL;
	unsigned n = 0;

	for (int i = 0; i < 1000 && !t_port(task->itk_space, AST_DONE_NAME); i++)
		sleep_ms(1);
	if (task_threads(task, &th, 1, &n) != KERN_SUCCESS || n != 1)
		return NULL;
	if (!wait_blocked(th)) {
		thread_deallocate(th);
		return NULL;
	}
	return th;
}

/* usertest in `mode` (tests/user/exittest.c) and its waiting thread, or NULL. */
static struct thread *
start_waiter(const char *mode, struct task **taskp)
{
	struct thread *th;

	if (bootstrap_start_module("usertest", mode, taskp) != KERN_SUCCESS) {
		KEXPECT(!"usertest did not start");
		*taskp = NULL;
		return NULL;
	}
	th = waiter_thread(*taskp);
	KEXPECT(th != NULL);
	return th;
}

/* Terminate the task with `status` and see it end with that status. */
static void
end_task(struct task *task, int status)
{
	int got = -1;

	if (!task)
		return;
	task_terminate(task, status);
	KEXPECT_EQ(task_wait_dead(task, clock_monotonic_ns() + NSEC_PER_SEC, &got),
	    KERN_SUCCESS);
	KEXPECT_EQ(got, status);
	task_deallocate(task);
}

/*
 * A message for the waiter while it is suspended by `suspend`: it must
 * still be at `done` messages 20 ms later, and report the new one once
 * `resume` has run.
 */
static void
check_parked(struct thread *th, struct ipc_space *space, unsigned done,
    void (*suspend)(struct thread *), void (*resume)(struct thread *))
{
	KEXPECT(wait_blocked(th));
	suspend(th);
	t_send_simple(space, AST_WAIT_NAME, 1);
	sleep_ms(20);
	KEXPECT_EQ(t_queued(space, AST_DONE_NAME), done);
	resume(th);
	KEXPECT_EQ(wait_done(space, done + 1), done + 1);
}

static void suspend_task(struct thread *th) { KEXPECT_EQ(task_suspend(th->task), KERN_SUCCESS); }
static void resume_task(struct thread *th) { KEXPECT_EQ(task_resume(th->task), KERN_SUCCESS); }
static void suspend_thread(struct thread *th) { KEXPECT_EQ(thread_suspend(th), KERN_SUCCESS); }
static void resume_thread(struct thread *th) { KEXPECT_EQ(thread_resume(th), KERN_SUCCESS); }

KTEST(ast_suspend_in_msg)
{
	struct task *task;
	struct thread *th = start_waiter("ast_msg_waiter", &task);

	if (th) {
		struct ipc_space *space = task->itk_space;

		t_send_simple(space, AST_WAIT_NAME, 1);		/* it works */
		KEXPECT_EQ(wait_done(space, 1), 1);
		check_parked(th, space, 1, suspend_task, resume_task);
		check_parked(th, space, 2, suspend_thread, resume_thread);
		/* suspended with its message in: terminate still ends it */
		KEXPECT(wait_blocked(th));
		suspend_task(th);
		t_send_simple(space, AST_WAIT_NAME, 1);
		sleep_ms(5);
		KEXPECT_EQ(t_queued(space, AST_DONE_NAME), 3);
		thread_deallocate(th);
	}
	end_task(task, 7);
}

#define KICK_ROUNDS	20

/*
 * One round: the waiter gets a message and answers with a kick, which
 * this thread (higher priority) waits for in the kernel, then with a
 * "done".  The kick's send makes this thread runnable inside the
 * waiter's system call; the way out of that call must switch to it
 * before the waiter's next instruction, so its "done" is not there yet
 * when this thread runs.
 */
static void
kick_round(struct thread *th, struct ipc_space *space)
{
	struct ipc_kmsg *kmsg = NULL;
	mach_msg_size_t size = 0;
	mach_msg_return_t mr;

	KEXPECT(wait_blocked(th));
	t_send_simple(space, AST_WAIT_NAME, 1);
	mr = ipc_mqueue_receive(space, AST_KICK_NAME, MACH_RCV_TIMEOUT, 4096,
	    1000, &kmsg, &size);
	KEXPECT_EQ(mr, MACH_MSG_SUCCESS);
	KEXPECT_EQ(t_queued(space, AST_DONE_NAME), 0);
	if (mr == MACH_MSG_SUCCESS)
		ipc_kmsg_destroy(kmsg);
	/* then it goes on; its "done" is taken off (the queue limit is 5) */
	KEXPECT_EQ(wait_done(space, 1), 1);
	kmsg = t_dequeue(space, AST_DONE_NAME);
	if (kmsg)
		ipc_kmsg_destroy(kmsg);
}

KTEST(ast_preempt_syscall)
{
	struct task *task;
	struct thread *th = start_waiter("ast_kicker", &task);

	for (unsigned i = 0; th && i < KICK_ROUNDS; i++)
		kick_round(th, task->itk_space);
	if (th)
		thread_deallocate(th);
	end_task(task, 5);
}
