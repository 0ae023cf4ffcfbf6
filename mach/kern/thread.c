/*
 * Threads (thread.h): creation, the start of a new thread, exit and
 * reaping, termination of other threads, suspension, abort, info.
 *
 * Lock order: the scheduler lock protects every field marked so in
 * struct thread; thread creation allocates (zone, pages) before taking
 * it.  A thread's memory: the struct comes from thread_zone; its kernel
 * stack (with the arch state at the top) is THREAD_KSTACK_PAGES
 * contiguous pages reached through the direct map.
 */
#include <mach/kern_return.h>

#include "kern/arch_thread.h"
#include "kern/cpu.h"
#include "kern/panic.h"
#include "kern/sched.h"
#include "kern/string.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "kern/zalloc.h"
#include "vm/vm_map.h"
#include "vm/vm_page.h"

#define KSTACK_SIZE	(THREAD_KSTACK_PAGES * PAGE_SIZE)

void waitq_timeout(struct timer *tm, void *arg);	/* waitq.c */
void sched_thread_init(struct thread *t);		/* sched.c */

static struct zone *thread_zone;
static uint64_t next_thread_id;
static unsigned threads_alive;

/* Suspended user threads park here (scheduler lock). */
static struct waitq suspended;

extern char boot_stack_top[];

static void
thread_fields_init(struct thread *t, const char *name, struct task *task,
    int pri, unsigned flags)
{
	t->state = THREAD_RUNNABLE;
	t->flags = flags;
	t->base_pri = t->sched_pri = pri;
	dlist_init(&t->sched_link);
	dlist_init(&t->task_link);
	timer_init(&t->wait_timer, waitq_timeout, t);
	sched_thread_init(t);
	waitq_init(&t->exit_waiters);
	t->id = next_thread_id++;
	strlcpy(t->name, name, sizeof(t->name));
	t->task = task;
	t->refs = 1;
	task_reference(task);
}

/* The boot context becomes thread 0 of kernel_task, running kern_main. */
void
thread_bootstrap(void)
{
	struct thread *t;

	waitq_init(&suspended);
	thread_zone = zone_create("thread", sizeof(struct thread));
	t = thread_zone ? zalloc(thread_zone) : NULL;
	if (!t)
		panic("thread_bootstrap: no memory");
	memset(t, 0, sizeof(*t));
	thread_fields_init(t, "kmain", &kernel_task, SCHED_PRI_KERNEL, THREAD_KERNEL);
	t->kstack_top = (vaddr_t)boot_stack_top;	/* never freed: it never exits */
	t->state = THREAD_RUNNING;
	task_add_thread(&kernel_task, t);
	threads_alive++;
	cpu_self()->current = t;
}

/* A struct and a stack, not yet known to the scheduler; NULL on shortage. */
static struct thread *
thread_alloc(const char *name, struct task *task, int pri, unsigned flags)
{
	struct thread *t = zalloc(thread_zone);
	paddr_t stack;

	if (!t)
		return NULL;
	stack = vm_page_alloc_contig(THREAD_KSTACK_PAGES, 0);
	if (!stack) {
		zfree(thread_zone, t);
		return NULL;
	}
	memset(t, 0, sizeof(*t));
	t->kstack = PHYS_TO_KVA(stack);
	arch_thread_init(t, t->kstack, KSTACK_SIZE);
	thread_fields_init(t, name, task, pri, flags);
	unsigned long s = sched_lock();
	threads_alive++;
	sched_unlock(s);
	return t;
}

struct thread *
thread_create_kernel(const char *name, void (*fn)(void *), void *arg, int pri,
    unsigned flags)
{
	struct thread *t = thread_alloc(name, &kernel_task, pri, flags | THREAD_KERNEL);
	unsigned long s;

	if (!t)
		return NULL;
	arch_thread_start_kernel(t, fn, arg);
	s = sched_lock();
	task_add_thread(&kernel_task, t);
	t->state = THREAD_WAITING;	/* neither queued nor running yet */
	if (!(flags & THREAD_IDLE))
		sched_setrun(t);
	sched_unlock(s);
	return t;
}

int
thread_create_user(struct task *task, vaddr_t pc, vaddr_t sp, uint64_t arg,
    struct thread **out)
{
	struct thread *t = thread_alloc("user", task, SCHED_PRI_USER, 0);
	unsigned long s;
	int kr;

	if (!t)
		return KERN_RESOURCE_SHORTAGE;
	/* for the IPC hand-off's address-space switch (sched_handoff.h) */
	t->pmap = task->map ? vm_map_pmap(task->map) : NULL;
	if (ipc_thread_init(t) != KERN_SUCCESS) {
		t->state = THREAD_TERMINATED;
		thread_reap(t);
		return KERN_RESOURCE_SHORTAGE;
	}
	arch_thread_start_user(t, pc, sp, arg);
	t->suspend_count = 1;		/* parks at its first safe point */
	/* a frame the kernel made: its first exit checks it (thread.h) */
	thread_ast_set(t, AST_SUSPEND | AST_USER_FRAME);
	s = sched_lock();
	kr = task_add_thread(task, t);
	if (kr == KERN_SUCCESS) {
		t->state = THREAD_WAITING;
		sched_setrun(t);
		thread_reference(t);	/* the caller's */
		*out = t;
	}
	sched_unlock(s);
	if (kr != KERN_SUCCESS) {
		t->state = THREAD_TERMINATED;
		thread_reap(t);
	}
	return kr;
}

__noreturn void
thread_kernel_start(struct thread *prev, void (*fn)(void *), void *arg)
{
	thread_user_start(prev);
	sched_unlock(1);
	fn(arg);
	thread_exit();
}

void
thread_user_start(struct thread *prev)
{
	if (prev->state == THREAD_TERMINATED)
		thread_reap(prev);
}

/*
 * The current thread ends.  The last thread of a terminating task
 * releases the task's memory first, while it still has a stack to run
 * on.  The stack itself is freed by the next thread (switch tail).
 */
__noreturn void
thread_exit(void)
{
	struct thread *self = current_thread();
	struct task *task = self->task;
	unsigned long s = sched_lock();
	bool finish;

	assert(self != cpu_self()->idle);
	sched_unlock(s);
	ipc_thread_terminate(self);	/* its port dies before it does */
	s = sched_lock();
	task_remove_thread(task, self);
	finish = task->thread_count == 0 && task->state == TASK_TERMINATING;
	if (finish) {
		sched_unlock(s);
		task_finish(task);
		s = sched_lock();
	}
	self->state = THREAD_TERMINATED;
	while (!dlist_empty(&self->exit_waiters.waiters)) {
		struct thread *w = dlist_entry(self->exit_waiters.waiters.next,
		    struct thread, sched_link);
		waitq_clear_wait(w, WAIT_AWAKENED, true);
	}
	thread_block();
	panic("thread_exit: a terminated thread ran again");
}

void
thread_reap(struct thread *t)
{
	ipc_thread_terminate(t);	/* a thread that never ran still has its port */
	arch_thread_release(t);
	if (t->kstack)
		vm_page_free_contig(KVA_TO_PHYS(t->kstack), THREAD_KSTACK_PAGES);
	t->kstack = NULL;
	t->md = NULL;
	threads_alive--;
	thread_deallocate(t);
}

void
thread_reference(struct thread *t)
{
	unsigned long s = sched_lock();

	t->refs++;
	sched_unlock(s);
}

void
thread_deallocate(struct thread *t)
{
	unsigned long s = sched_lock();
	bool last = --t->refs == 0;

	sched_unlock(s);
	if (!last)
		return;
	assert(t->state == THREAD_TERMINATED);
	task_deallocate(t->task);
	zfree(thread_zone, t);
}

int
thread_terminate(struct thread *t)
{
	unsigned long s;

	if (t == current_thread())
		thread_exit();
	if (t->flags & THREAD_KERNEL)
		return KERN_INVALID_ARGUMENT;	/* kernel threads end themselves */
	s = sched_lock();
	if (t->state != THREAD_TERMINATED) {
		thread_mark_terminating(t);
		waitq_clear_wait(t, WAIT_INTERRUPTED, false);
	}
	sched_unlock(s);
	return KERN_SUCCESS;
}

int
thread_terminate_async(struct thread *t)
{
	unsigned long s;

	if (t->flags & THREAD_KERNEL)
		return KERN_INVALID_ARGUMENT;
	s = sched_lock();
	if (t->state != THREAD_TERMINATED) {
		thread_mark_terminating(t);
		if (t != current_thread())
			waitq_clear_wait(t, WAIT_INTERRUPTED, false);
	}
	sched_unlock(s);
	return KERN_SUCCESS;
}

int
thread_suspend(struct thread *t)
{
	unsigned long s;

	if (t->flags & THREAD_KERNEL)
		return KERN_INVALID_ARGUMENT;
	s = sched_lock();
	t->suspend_count++;
	thread_ast_set(t, AST_SUSPEND);
	sched_unlock(s);
	return KERN_SUCCESS;
}

/* Lock held: let t leave the suspended queue if nothing holds it there. */
static void
thread_unpark(struct thread *t)
{
	if (t->suspend_count == 0 && t->task->suspend_count == 0 &&
	    t->state == THREAD_WAITING && t->waitq == &suspended)
		waitq_clear_wait(t, WAIT_AWAKENED, true);
}

int
thread_resume(struct thread *t)
{
	unsigned long s;
	int kr = KERN_SUCCESS;

	if (t->flags & THREAD_KERNEL)
		return KERN_INVALID_ARGUMENT;
	s = sched_lock();
	if (t->suspend_count == 0)
		kr = KERN_FAILURE;
	else if (--t->suspend_count == 0)
		thread_unpark(t);
	sched_unlock(s);
	return kr;
}

void thread_unpark_locked(struct thread *t);	/* task.c */

void
thread_unpark_locked(struct thread *t)
{
	thread_unpark(t);
}

int
thread_abort(struct thread *t)
{
	unsigned long s = sched_lock();

	/* a suspended thread stays suspended: abort ends only a real wait */
	if (t->waitq != &suspended)
		waitq_clear_wait(t, WAIT_INTERRUPTED, false);
	sched_unlock(s);
	return KERN_SUCCESS;
}

int
thread_info(struct thread *t, struct thread_basic_info_k *info)
{
	unsigned long s = sched_lock();

	info->user_time_ns = arch_clock_ticks_to_ns(t->run_ticks);
	info->run_state = t->state;
	info->suspend_count = t->suspend_count;
	info->base_priority = t->base_pri;
	info->cur_priority = t->sched_pri;
	sched_unlock(s);
	return KERN_SUCCESS;
}

int
thread_wait_terminated(struct thread *t, uint64_t deadline)
{
	unsigned long s = sched_lock();
	int kr = KERN_SUCCESS;

	while (t->state != THREAD_TERMINATED) {
		waitq_assert_wait(&t->exit_waiters, deadline, true);
		int r = thread_block();
		if (r == WAIT_TIMED_OUT) {
			kr = KERN_OPERATION_TIMED_OUT;
			break;
		}
		if (r == WAIT_INTERRUPTED) {
			kr = KERN_ABORTED;
			break;
		}
	}
	sched_unlock(s);
	return kr;
}

void
thread_mark_terminating(struct thread *t)
{
	t->flags |= THREAD_TERMINATING;
	thread_ast_set(t, AST_TERMINATE);
}

void
thread_ast_post(struct thread *t, unsigned bits)
{
	unsigned long s = sched_lock();

	thread_ast_set(t, bits);
	sched_unlock(s);
}

/*
 * Each pass clears the word first, then acts on the real state, so an
 * event that comes while the thread is blocked here (a new suspension,
 * a terminate, another reschedule) sets its bit again and is seen by
 * the next pass.  Returns only with t->ast zero and the lock held: the
 * exit path leaves at once, with interrupts off.
 */
void
thread_ast(void)
{
	struct thread *t = current_thread();

	while (t->ast) {
		t->ast = 0;
		if (t->flags & THREAD_TERMINATING)
			thread_exit();
		if (t->suspend_count > 0 || t->task->suspend_count > 0) {
			waitq_assert_wait(&suspended, WAIT_FOREVER, true);
			thread_block();
			continue;
		}
		if (cpu_self()->need_resched)
			thread_block();
	}
}

unsigned
thread_count_alive(void)
{
	return threads_alive;
}
