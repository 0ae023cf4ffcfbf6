/*
 * Tasks (task.h): creation (empty or inheriting the parent's memory),
 * termination, suspension, information, and the list of children the
 * temporary system calls use to name tasks.
 *
 * Lock order: the scheduler lock protects the fields so marked in struct
 * task; it is never held across vm_map calls (which may take long), so
 * task_create and task_finish work on the map first or last.
 */
#include <mach/kern_return.h>

#include "kern/cpu.h"
#include "kern/device.h"
#include "kern/panic.h"
#include "kern/printf.h"
#include "kern/sched.h"
#include "kern/string.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "kern/zalloc.h"
#include "vm/vm_map.h"

void thread_unpark_locked(struct thread *t);	/* thread.c */

struct task kernel_task;
static struct zone *task_zone;
static uint64_t next_task_id = 1;
static unsigned tasks_alive;

static void
task_fields_init(struct task *task, const char *name, struct vm_map *map)
{
	memset(task, 0, sizeof(*task));
	task->id = next_task_id++;
	strlcpy(task->name, name, sizeof(task->name));
	task->map = map;
	task->state = TASK_ALIVE;
	dlist_init(&task->threads);
	dlist_init(&task->children);
	dlist_init(&task->child_link);
	waitq_init(&task->dead_waiters);
	task->refs = 1;		/* the "alive" reference, dropped by task_finish */
}

void
task_bootstrap(void)
{
	task_fields_init(&kernel_task, "kernel", NULL);
	kernel_task.id = 0;
	next_task_id = 1;
	task_zone = zone_create("task", sizeof(struct task));
	if (!task_zone)
		panic("task_bootstrap: no memory");
}

int
task_create(struct task *parent, bool inherit, const char *name,
    struct task **out)
{
	struct vm_map *map;
	struct task *task;
	unsigned long s;

	if (inherit && (!parent || !parent->map))
		return KERN_INVALID_ARGUMENT;
	map = inherit ? vm_map_fork(parent->map) : vm_map_create();
	if (!map)
		return KERN_RESOURCE_SHORTAGE;
	task = zalloc(task_zone);
	if (!task) {
		vm_map_deallocate(map);
		return KERN_RESOURCE_SHORTAGE;
	}
	s = sched_lock();
	task_fields_init(task, name, map);
	tasks_alive++;
	if (parent) {
		task->parent = parent;
		task->refs++;		/* the parent's children list */
		dlist_push_tail(&parent->children, &task->child_link);
	}
	task->refs++;			/* the caller's */
	sched_unlock(s);
	if (ipc_task_init(task, parent) != KERN_SUCCESS) {
		/* Nothing ran in it yet: end it the normal way. */
		task_terminate(task, 0);
		if (parent)
			task_forget_child(parent, task);
		task_deallocate(task);
		return KERN_RESOURCE_SHORTAGE;
	}
	*out = task;
	return KERN_SUCCESS;
}

/* Mark the task and its threads; finish it now if it has no threads. */
int
task_terminate_async(struct task *task, int status)
{
	struct dlist_node *n;
	unsigned long s;
	bool finish;

	if (task == &kernel_task)
		return KERN_INVALID_ARGUMENT;
	s = sched_lock();
	if (task->state != TASK_ALIVE) {
		sched_unlock(s);
		return KERN_SUCCESS;
	}
	task->state = TASK_TERMINATING;
	task->exit_status = status;
	dlist_foreach(n, &task->threads) {
		struct thread *t = dlist_entry(n, struct thread, task_link);
		thread_mark_terminating(t);
		waitq_clear_wait(t, WAIT_INTERRUPTED, false);
	}
	finish = task->thread_count == 0;
	sched_unlock(s);
	if (finish)
		task_finish(task);
	return KERN_SUCCESS;
}

int
task_terminate(struct task *task, int status)
{
	struct dlist_node *n;
	unsigned long s;
	bool self, finish;

	if (task == &kernel_task)
		return KERN_INVALID_ARGUMENT;
	s = sched_lock();
	if (task->state != TASK_ALIVE) {
		sched_unlock(s);
		return KERN_SUCCESS;
	}
	task->state = TASK_TERMINATING;
	task->exit_status = status;
	dlist_foreach(n, &task->threads) {
		struct thread *t = dlist_entry(n, struct thread, task_link);
		thread_mark_terminating(t);
		waitq_clear_wait(t, WAIT_INTERRUPTED, false);
	}
	self = current_thread()->task == task;
	finish = task->thread_count == 0;
	sched_unlock(s);
	if (finish)
		task_finish(task);
	if (self)
		thread_exit();
	return KERN_SUCCESS;
}

/* The children of a dead task are on their own: drop the list's references. */
static void
task_orphan_children(struct task *task)
{
	for (;;) {
		unsigned long s = sched_lock();
		struct task *c = NULL;
		if (!dlist_empty(&task->children)) {
			c = dlist_entry(task->children.next, struct task, child_link);
			dlist_remove(&c->child_link);
			c->parent = NULL;
		}
		sched_unlock(s);
		if (!c)
			return;
		task_deallocate(c);
	}
}

void
task_finish(struct task *task)
{
	struct vm_map *map = task->map;
	unsigned long s;

	s = sched_lock();
	if (cpu_self()->active_map == map) {
		vm_map_activate(NULL);
		cpu_self()->active_map = NULL;
	}
	task->map = NULL;
	sched_unlock(s);
	/* Rights first: messages being destroyed may still hold its memory. */
	ipc_task_terminate(task);
	if (map)
		vm_map_deallocate(map);
	device_task_release(task);
	s = sched_lock();
	task->state = TASK_DEAD;
	while (!waitq_empty(&task->dead_waiters))
		waitq_clear_wait(dlist_entry(task->dead_waiters.waiters.next,
		    struct thread, sched_link), WAIT_AWAKENED, true);
	sched_unlock(s);
	task_orphan_children(task);
	task_deallocate(task);
}

/* Every thread of the task stops at its next way out (thread.h, ast). */
int
task_suspend(struct task *task)
{
	struct dlist_node *n;
	unsigned long s;

	if (task == &kernel_task)
		return KERN_INVALID_ARGUMENT;
	s = sched_lock();
	task->suspend_count++;
	dlist_foreach(n, &task->threads)
		thread_ast_set(dlist_entry(n, struct thread, task_link), AST_SUSPEND);
	sched_unlock(s);
	return KERN_SUCCESS;
}

int
task_resume(struct task *task)
{
	struct dlist_node *n;
	unsigned long s;
	int kr = KERN_SUCCESS;

	if (task == &kernel_task)
		return KERN_INVALID_ARGUMENT;
	s = sched_lock();
	if (task->suspend_count == 0)
		kr = KERN_FAILURE;
	else if (--task->suspend_count == 0)
		dlist_foreach(n, &task->threads)
			thread_unpark_locked(dlist_entry(n, struct thread, task_link));
	sched_unlock(s);
	return kr;
}

int
task_info(struct task *task, struct task_basic_info_k *info)
{
	struct dlist_node *n;
	unsigned long s = sched_lock();

	info->suspend_count = task->suspend_count;
	info->thread_count = task->thread_count;
	info->state = task->state;
	info->user_time_ns = 0;
	dlist_foreach(n, &task->threads)	/* ticks, converted once */
		info->user_time_ns += dlist_entry(n, struct thread, task_link)->run_ticks;
	info->user_time_ns = arch_clock_ticks_to_ns(info->user_time_ns);
	sched_unlock(s);
	return KERN_SUCCESS;
}

int
task_threads(struct task *task, struct thread **out, unsigned max,
    unsigned *count)
{
	struct dlist_node *n;
	unsigned long s = sched_lock();
	unsigned i = 0;

	dlist_foreach(n, &task->threads) {
		if (i == max)
			break;
		out[i] = dlist_entry(n, struct thread, task_link);
		out[i]->refs++;
		i++;
	}
	*count = i;
	sched_unlock(s);
	return KERN_SUCCESS;
}

int
task_wait_dead(struct task *task, uint64_t deadline, int *status)
{
	unsigned long s = sched_lock();
	int kr = KERN_SUCCESS;

	while (task->state != TASK_DEAD) {
		waitq_assert_wait(&task->dead_waiters, deadline, true);
		int r = thread_block();
		if (r == WAIT_TIMED_OUT || r == WAIT_INTERRUPTED) {
			kr = r == WAIT_TIMED_OUT ? KERN_OPERATION_TIMED_OUT : KERN_ABORTED;
			break;
		}
	}
	if (kr == KERN_SUCCESS && status)
		*status = task->exit_status;
	sched_unlock(s);
	return kr;
}

struct task *
task_find_child(struct task *parent, uint64_t id)
{
	struct dlist_node *n;
	struct task *found = NULL;
	unsigned long s = sched_lock();

	dlist_foreach(n, &parent->children) {
		struct task *c = dlist_entry(n, struct task, child_link);
		if (c->id == id) {
			found = c;
			c->refs++;
			break;
		}
	}
	sched_unlock(s);
	return found;
}

void
task_forget_child(struct task *parent, struct task *child)
{
	unsigned long s = sched_lock();
	bool listed = child->parent == parent;

	if (listed) {
		dlist_remove(&child->child_link);
		child->parent = NULL;
	}
	sched_unlock(s);
	if (listed)
		task_deallocate(child);
}

void
task_reference(struct task *task)
{
	unsigned long s = sched_lock();

	task->refs++;
	sched_unlock(s);
}

void
task_deallocate(struct task *task)
{
	unsigned long s = sched_lock();
	bool last = --task->refs == 0;

	if (last)
		tasks_alive--;
	sched_unlock(s);
	if (!last)
		return;
	assert(task != &kernel_task && task->state == TASK_DEAD &&
	    task->thread_count == 0);
	zfree(task_zone, task);
}

int
task_add_thread(struct task *task, struct thread *t)
{
	if (task->state != TASK_ALIVE)
		return KERN_INVALID_ARGUMENT;
	dlist_push_tail(&task->threads, &t->task_link);
	task->thread_count++;
	if (task->suspend_count > 0)
		thread_ast_set(t, AST_SUSPEND);
	return KERN_SUCCESS;
}

void
task_remove_thread(struct task *task, struct thread *t)
{
	dlist_remove(&t->task_link);
	task->thread_count--;
}

unsigned
task_count_alive(void)
{
	return tasks_alive;
}
