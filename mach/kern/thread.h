/*
 * Threads: a kernel stack, saved machine state, a scheduling state, and
 * the task they belong to.  Kernel threads belong to kernel_task.
 *
 * Life cycle: thread_create_*() makes a thread that is suspended once
 * (user threads, as in Mach) or runnable (kernel threads).  A thread ends
 * only by running thread_exit() itself: thread_terminate() on another
 * thread marks it, interrupts its wait, and it exits at its next safe
 * point (return to user mode).  The exiting thread's stack is freed by
 * the next thread to run (sched.c switch tail); the struct when the last
 * reference is dropped.
 */
#ifndef KERN_THREAD_H
#define KERN_THREAD_H

#include "ipc/ipc_tt.h"
#include "kern/dlist.h"
#include "kern/timer.h"
#include "kern/types.h"
#include "kern/waitq.h"

struct task;
struct arch_thread;
struct ipc_kmsg;
struct ipc_fastpath_wait;

enum thread_state {
	THREAD_RUNNING,		/* on a CPU */
	THREAD_RUNNABLE,	/* on a run queue */
	THREAD_WAITING,		/* on a wait queue, or sleeping */
	THREAD_TERMINATED,	/* exited; stack being released */
};

/* thread.flags (scheduler lock) */
#define THREAD_KERNEL		0x01	/* never runs in user mode */
#define THREAD_PREEMPTIBLE	0x02	/* may be preempted in the kernel */
#define THREAD_TERMINATING	0x04	/* exit at the next safe point */
#define THREAD_IDLE		0x08	/* the idle thread */

/*
 * thread.ast: why the thread must stop on its way back to user mode.
 * The exit path (x86_64/trap_entry.S) tests this one word and calls
 * thread_ast() only when it is non-zero; thread_ast clears it and acts on
 * the real state (flags, suspend counts, need_resched), so a bit set
 * without cause costs one call and nothing else.  Every event that the
 * way out must see sets its bit, with the scheduler lock held:
 *   AST_TERMINATE  wherever THREAD_TERMINATING is set;
 *   AST_SUSPEND    wherever the thread's or its task's suspend count
 *                  rises (a task suspend marks every thread, as Mach's
 *                  task_hold does), and on a thread created suspended or
 *                  into a suspended task;
 *   AST_RESCHED    on the running thread when cpu->need_resched is set
 *                  (sched.c), and on a thread made current while a
 *                  reschedule is still pending (thread_ast_switch_in);
 *   AST_USER_FRAME wherever the kernel writes a user frame's rip, rflags,
 *                  rcx or r11 (thread_set_state, exception replies, a new
 *                  thread): the exit must check the frame before sysret
 *                  (x86_64/DESIGN.md, "The way back to user mode").
 */
#define AST_TERMINATE		0x01
#define AST_SUSPEND		0x02
#define AST_RESCHED		0x04
#define AST_USER_FRAME		0x08

#define THREAD_NAME_MAX		24
#define THREAD_KSTACK_PAGES	4

struct pmap;

struct thread {
	/* Machine state; the arch code owns these (see arch_switch). */
	uint64_t ksp;			/* saved kernel stack pointer */
	struct arch_thread *md;		/* registers, FPU area, TLS bases */
	void *kstack;			/* base of the kernel stack pages */
	vaddr_t kstack_top;		/* first byte above the usable stack */

	/* Scheduling: protected by the scheduler lock. */
	enum thread_state state;
	unsigned flags;
	/*
	 * AST_* (above); its offset is known to the exit path (trap.h).
	 * After flags, not before state: state and flags share one 8-byte
	 * word, which lets the compiler test both at once (requeue_current).
	 */
	unsigned ast;
	int base_pri, sched_pri;
	struct dlist_node sched_link;	/* run queue or wait queue */
	struct waitq *waitq;		/* what it waits on (NULL: sleep) */
	bool wait_interruptible;
	int wait_result;
	struct timer wait_timer;	/* the wait's timeout */
	struct timer depress_timer;	/* end of a thread_switch depress */
	int suspend_count;
	/* CPU time in clock ticks (arch_clock_ticks_inline), for thread_info */
	uint64_t run_ticks, last_start;

	/* Identity and ownership: set at creation, then read-only. */
	uint64_t id;
	char name[THREAD_NAME_MAX];
	struct task *task;
	struct pmap *pmap;		/* a user thread's: its task map's */

	/* Protected by the scheduler lock. */
	struct dlist_node task_link;	/* on task->threads */
	unsigned refs;			/* the struct lives while > 0 */
	struct waitq exit_waiters;	/* thread_wait() callers */

	/*
	 * IPC (ipc/ipc_tt.h): the self port of a user thread (NULL for
	 * kernel threads), its exception handlers, and the kernel RPC it is
	 * serving (ipc_kobject.c).  Touched only by the thread itself or
	 * under the IPC rules of ipc/DESIGN.md.
	 */
	struct ipc_port *ith_self;
	struct ipc_exc_ports ith_exc;
	struct ipc_kmsg *ith_kobject_request;
	/* Set while it waits in the IPC fast path's receive (ipc_fastpath.c). */
	struct ipc_fastpath_wait *ith_fastpath;
};

/* Information for thread_info (a Harbor subset of thread_basic_info). */
struct thread_basic_info_k {
	uint64_t user_time_ns;		/* CPU time (user and kernel) */
	int run_state;			/* enum thread_state */
	int suspend_count;
	int base_priority, cur_priority;
};

void thread_bootstrap(void);

/* A kernel thread, created runnable at `pri`. */
struct thread *thread_create_kernel(const char *name, void (*fn)(void *),
    void *arg, int pri, unsigned flags);

/*
 * A user thread in `task`, created suspended once (thread_resume starts
 * it) and with no registers set except what arch_thread_start_user
 * gives: pc, sp, arg.  Returns KERN_RESOURCE_SHORTAGE or
 * KERN_INVALID_ARGUMENT (task terminating).
 */
int thread_create_user(struct task *task, vaddr_t pc, vaddr_t sp,
    uint64_t arg, struct thread **out);

/* The current thread ends; never returns. */
__noreturn void thread_exit(void);

/* Terminate t (may be the current thread, then it does not return). */
int thread_terminate(struct thread *t);

/* The same, but the current thread returns and exits at its safe point. */
int thread_terminate_async(struct thread *t);

int thread_suspend(struct thread *t);
int thread_resume(struct thread *t);

/* Interrupt t's interruptible wait; it sees KERN_ABORTED. */
int thread_abort(struct thread *t);

int thread_info(struct thread *t, struct thread_basic_info_k *info);

/*
 * Wait until t has terminated or `deadline` passes.  Returns
 * KERN_SUCCESS or KERN_OPERATION_TIMED_OUT / KERN_ABORTED.
 */
int thread_wait_terminated(struct thread *t, uint64_t deadline);

void thread_reference(struct thread *t);
void thread_deallocate(struct thread *t);

/*
 * The safe point on the way back to user mode, called when t->ast is
 * non-zero: acts on termination, suspension and pending reschedules, and
 * returns with t->ast zero (AST_USER_FRAME included: the caller then
 * checks the frame).  Lock held; may block.
 */
void thread_ast(void);

/* Set THREAD_TERMINATING and its AST bit (lock held). */
void thread_mark_terminating(struct thread *t);

/* Set AST bits on t (lock held). */
static inline void
thread_ast_set(struct thread *t, unsigned bits)
{
	t->ast |= bits;
}

/* The same, taking the scheduler lock. */
void thread_ast_post(struct thread *t, unsigned bits);

/*
 * Every path that makes `to` the current thread without clearing
 * cpu->need_resched (the IPC hand-off, which leaves a pending reschedule
 * for the way back to user mode) calls this, so that `to` sees the
 * reschedule on its way out.  Lock held.
 */
static inline void
thread_ast_switch_in(struct thread *to, bool need_resched)
{
	if (need_resched)
		to->ast |= AST_RESCHED;
}

/* sched.c: release what an exited thread still holds (its stack). */
void thread_reap(struct thread *t);

/* For tests: threads alive (created, not yet reaped). */
unsigned thread_count_alive(void);

/*
 * waitq_assert_wait(wq, WAIT_FOREVER, true) for the current thread,
 * inline: the IPC fast path asserts one such wait per message.  Same
 * effect, including a terminating thread's wait ending at once with
 * WAIT_INTERRUPTED (waitq_clear_wait does that part).  Lock held.
 */
static inline void
thread_assert_wait_forever(struct thread *t, struct waitq *wq)
{
	t->state = THREAD_WAITING;
	t->waitq = wq;
	t->wait_interruptible = true;
	t->wait_result = WAIT_AWAKENED;
	dlist_push_tail(&wq->waiters, &t->sched_link);
	if (t->flags & THREAD_TERMINATING)
		waitq_clear_wait(t, WAIT_INTERRUPTED, true);
}

/*
 * waitq_end_untimed, inline (one per fast-path message): end t's wait,
 * which has no timeout armed, with WAIT_AWAKENED, without making it
 * runnable: the caller hands the CPU to it at once.  Lock held.
 */
static inline void
thread_end_wait_untimed(struct thread *t)
{
	dlist_remove(&t->sched_link);
	t->waitq = NULL;
	t->wait_result = WAIT_AWAKENED;
}

#endif
