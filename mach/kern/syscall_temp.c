/*
 * TEMPORARY system calls (see syscall_temp.h for the contract and why
 * they are temporary).  Each handler decodes and checks its arguments,
 * then acts; user memory is reached only by copyin/copyout.  Objects are
 * looked up with a reference that the handler drops on every path.
 */
#include <mach/kern_return.h>
#include <mach/vm_statistics.h>

#include "kern/arch_thread.h"
#include "kern/clock.h"
#include "kern/copyio.h"
#include "kern/cpu.h"
#include "kern/printf.h"
#include "kern/sched.h"
#include "kern/syscall_temp.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "kern/zalloc.h"
#include "vm/vm_map.h"
#include "vm/vm_page.h"

#define STATE_MAX	256	/* bytes: larger than any thread state flavor */

typedef uint64_t (*syscall_fn)(const uint64_t *a);

static struct task *
self_task(void)
{
	return current_thread()->task;
}

/* A task named by the caller: 0 is itself, else one of its children. */
static struct task *
task_arg(uint64_t id)
{
	if (id == 0) {
		task_reference(self_task());
		return self_task();
	}
	return task_find_child(self_task(), id);
}

/* A thread of `task` by id, referenced; NULL if none. */
static struct thread *
thread_arg(struct task *task, uint64_t id)
{
	struct thread *found = NULL;
	struct dlist_node *n;
	unsigned long s = sched_lock();

	dlist_foreach(n, &task->threads) {
		struct thread *t = dlist_entry(n, struct thread, task_link);
		if (t->id == id) {
			found = t;
			t->refs++;
			break;
		}
	}
	sched_unlock(s);
	return found;
}

static uint64_t
deadline_from(uint64_t timeout_ns)
{
	return timeout_ns ? clock_monotonic_ns() + timeout_ns : WAIT_FOREVER;
}

static uint64_t
sys_log(const uint64_t *a)
{
	char buf[SYS_LOG_MAX + 1];
	size_t len = MIN(a[1], (uint64_t)SYS_LOG_MAX);
	int kr = copyin((const void *)a[0], buf, len);

	if (kr == KERN_SUCCESS) {
		buf[len] = '\0';
		kprintf("%s", buf);
	}
	return kr;
}

static uint64_t
sys_exit(const uint64_t *a)
{
	return task_terminate(self_task(), (int)a[0]);
}

static uint64_t
sys_thread_exit(const uint64_t *a)
{
	(void)a;
	thread_exit();
}

static uint64_t
sys_vm_allocate(const uint64_t *a)
{
	vm_address_t addr;
	int kr;

	if (a[2] & ~(uint64_t)VM_FLAGS_USER_ALLOCATE)
		return KERN_INVALID_ARGUMENT;
	kr = copyin((const void *)a[0], &addr, sizeof(addr));
	if (kr != KERN_SUCCESS)
		return kr;
	kr = vm_allocate(self_task()->map, &addr, a[1], (int)a[2]);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = copyout(&addr, (void *)a[0], sizeof(addr));
	if (kr != KERN_SUCCESS)
		vm_deallocate(self_task()->map, addr, a[1]);
	return kr;
}

static uint64_t
sys_vm_deallocate(const uint64_t *a)
{
	return vm_deallocate(self_task()->map, a[0], a[1]);
}

static uint64_t
sys_vm_protect(const uint64_t *a)
{
	return vm_protect(self_task()->map, a[0], a[1], a[2] != 0, (vm_prot_t)a[3]);
}

static uint64_t
sys_vm_inherit(const uint64_t *a)
{
	return vm_inherit(self_task()->map, a[0], a[1], (vm_inherit_t)a[2]);
}

static uint64_t
sys_task_create(const uint64_t *a)
{
	struct task *child;
	int kr = task_create(self_task(), a[0] != 0, "task", &child);

	if (kr != KERN_SUCCESS)
		return kr;
	kr = copyout(&child->id, (void *)a[1], sizeof(child->id));
	if (kr != KERN_SUCCESS) {
		task_terminate(child, 0);
		task_forget_child(self_task(), child);
	}
	task_deallocate(child);
	return kr;
}

static uint64_t
sys_task_terminate(const uint64_t *a)
{
	struct task *t = task_arg(a[0]);
	int kr;

	if (!t)
		return KERN_INVALID_TASK;
	if (t == self_task()) {
		task_deallocate(t);	/* it lives on: our thread holds it */
		return task_terminate(self_task(), (int)a[1]);
	}
	kr = task_terminate(t, (int)a[1]);
	task_deallocate(t);
	return kr;
}

static uint64_t
sys_task_wait(const uint64_t *a)
{
	struct task *t = a[0] ? task_arg(a[0]) : NULL;
	int status = 0, kr;

	if (!t)
		return KERN_INVALID_TASK;
	kr = task_wait_dead(t, deadline_from(a[1]), &status);
	if (kr == KERN_SUCCESS) {
		kr = a[2] ? copyout(&status, (void *)a[2], sizeof(status)) : KERN_SUCCESS;
		task_forget_child(self_task(), t);
	}
	task_deallocate(t);
	return kr;
}

static uint64_t
sys_task_suspend(const uint64_t *a)
{
	struct task *t = task_arg(a[0]);
	int kr;

	if (!t)
		return KERN_INVALID_TASK;
	kr = task_suspend(t);
	task_deallocate(t);
	return kr;
}

static uint64_t
sys_task_resume(const uint64_t *a)
{
	struct task *t = task_arg(a[0]);
	int kr;

	if (!t)
		return KERN_INVALID_TASK;
	kr = task_resume(t);
	task_deallocate(t);
	return kr;
}

static uint64_t
sys_thread_create(const uint64_t *a)
{
	struct task *task;
	struct thread *th;
	int kr;

	if (!user_range_ok(a[1], 1) || a[2] > VM_MAX_USER_ADDRESS)
		return KERN_INVALID_ADDRESS;
	task = task_arg(a[0]);
	if (!task)
		return KERN_INVALID_TASK;
	kr = thread_create_user(task, a[1], a[2], a[3], &th);
	if (kr == KERN_SUCCESS) {
		kr = copyout(&th->id, (void *)a[4], sizeof(th->id));
		if (kr == KERN_SUCCESS)
			thread_resume(th);
		else
			thread_terminate(th);
		thread_deallocate(th);
	}
	task_deallocate(task);
	return kr;
}

/* Look up (task, thread), run op, drop both references. */
static uint64_t
with_thread(const uint64_t *a, int (*op)(struct thread *, const uint64_t *))
{
	struct task *task = task_arg(a[0]);
	struct thread *th;
	int kr;

	if (!task)
		return KERN_INVALID_TASK;
	th = thread_arg(task, a[1]);
	task_deallocate(task);
	if (!th)
		return KERN_INVALID_ARGUMENT;
	kr = op(th, a);
	thread_deallocate(th);
	return kr;
}

static int
op_terminate(struct thread *th, const uint64_t *a)
{
	(void)a;
	if (th == current_thread())
		thread_deallocate(th);	/* thread_terminate does not return */
	return thread_terminate(th);
}

static int
op_wait(struct thread *th, const uint64_t *a)
{
	if (th == current_thread())
		return KERN_INVALID_ARGUMENT;
	return thread_wait_terminated(th, deadline_from(a[2]));
}

static int op_suspend(struct thread *th, const uint64_t *a) { (void)a; return thread_suspend(th); }
static int op_resume(struct thread *th, const uint64_t *a) { (void)a; return thread_resume(th); }
static int op_abort(struct thread *th, const uint64_t *a) { (void)a; return thread_abort(th); }

static int
op_get_state(struct thread *th, const uint64_t *a)
{
	uint8_t buf[STATE_MAX];
	size_t size = MIN(a[4], sizeof(buf));
	int kr = arch_thread_get_state(th, (int)a[2], buf, &size);

	return kr == KERN_SUCCESS ? copyout(buf, (void *)a[3], size) : kr;
}

static int
op_set_state(struct thread *th, const uint64_t *a)
{
	uint8_t buf[STATE_MAX];
	size_t size = MIN(a[4], sizeof(buf));
	int kr = copyin((const void *)a[3], buf, size);

	if (th == current_thread())
		return KERN_INVALID_ARGUMENT;	/* as in Mach: not on oneself */
	return kr == KERN_SUCCESS ? arch_thread_set_state(th, (int)a[2], buf, size) : kr;
}

static uint64_t sys_thread_terminate(const uint64_t *a) { return with_thread(a, op_terminate); }
static uint64_t sys_thread_wait(const uint64_t *a) { return with_thread(a, op_wait); }
static uint64_t sys_thread_suspend(const uint64_t *a) { return with_thread(a, op_suspend); }
static uint64_t sys_thread_resume(const uint64_t *a) { return with_thread(a, op_resume); }
static uint64_t sys_thread_abort(const uint64_t *a) { return with_thread(a, op_abort); }
static uint64_t sys_thread_get_state(const uint64_t *a) { return with_thread(a, op_get_state); }
static uint64_t sys_thread_set_state(const uint64_t *a) { return with_thread(a, op_set_state); }

static uint64_t
sys_sleep(const uint64_t *a)
{
	return thread_sleep_ns(a[0], true) == WAIT_INTERRUPTED ? KERN_ABORTED :
	    KERN_SUCCESS;
}

static uint64_t
sys_clock(const uint64_t *a)
{
	return a[0] == CLOCK_WALL_NS ? clock_wall_ns() : clock_monotonic_ns();
}

static uint64_t
sys_thread_switch(const uint64_t *a)
{
	struct thread *hint = a[0] ? thread_arg(self_task(), a[0]) : NULL;
	int kr;

	if (a[0] && !hint)
		return KERN_INVALID_ARGUMENT;
	kr = sched_thread_switch(hint, (int)a[1], a[2]);
	if (hint)
		thread_deallocate(hint);
	return kr;
}

static uint64_t
sys_free_pages(const uint64_t *a)
{
	(void)a;
	zone_gc();
	return vm_page_free_count();
}

static uint64_t sys_thread_self(const uint64_t *a) { (void)a; return current_thread()->id; }
static uint64_t sys_task_self(const uint64_t *a) { (void)a; return self_task()->id; }

static uint64_t
sys_set_tls(const uint64_t *a)
{
	return arch_thread_set_tls(current_thread(), a[0]);
}

static const syscall_fn syscall_table[SYS_TEMP_END - SYS_LOG] = {
	[SYS_LOG - SYS_LOG] = sys_log,
	[SYS_EXIT - SYS_LOG] = sys_exit,
	[SYS_THREAD_EXIT - SYS_LOG] = sys_thread_exit,
	[SYS_VM_ALLOCATE - SYS_LOG] = sys_vm_allocate,
	[SYS_VM_DEALLOCATE - SYS_LOG] = sys_vm_deallocate,
	[SYS_VM_PROTECT - SYS_LOG] = sys_vm_protect,
	[SYS_VM_INHERIT - SYS_LOG] = sys_vm_inherit,
	[SYS_TASK_CREATE - SYS_LOG] = sys_task_create,
	[SYS_TASK_TERMINATE - SYS_LOG] = sys_task_terminate,
	[SYS_TASK_WAIT - SYS_LOG] = sys_task_wait,
	[SYS_TASK_SUSPEND - SYS_LOG] = sys_task_suspend,
	[SYS_TASK_RESUME - SYS_LOG] = sys_task_resume,
	[SYS_THREAD_CREATE - SYS_LOG] = sys_thread_create,
	[SYS_THREAD_TERMINATE - SYS_LOG] = sys_thread_terminate,
	[SYS_THREAD_WAIT - SYS_LOG] = sys_thread_wait,
	[SYS_THREAD_SUSPEND - SYS_LOG] = sys_thread_suspend,
	[SYS_THREAD_RESUME - SYS_LOG] = sys_thread_resume,
	[SYS_THREAD_ABORT - SYS_LOG] = sys_thread_abort,
	[SYS_THREAD_GET_STATE - SYS_LOG] = sys_thread_get_state,
	[SYS_THREAD_SET_STATE - SYS_LOG] = sys_thread_set_state,
	[SYS_SLEEP - SYS_LOG] = sys_sleep,
	[SYS_CLOCK - SYS_LOG] = sys_clock,
	[SYS_THREAD_SWITCH - SYS_LOG] = sys_thread_switch,
	[SYS_FREE_PAGES - SYS_LOG] = sys_free_pages,
	[SYS_THREAD_SELF - SYS_LOG] = sys_thread_self,
	[SYS_TASK_SELF - SYS_LOG] = sys_task_self,
	[SYS_SET_TLS - SYS_LOG] = sys_set_tls,
};

uint64_t
syscall_temp(uint64_t number, const uint64_t args[SYSCALL_MAX_ARGS])
{
	if (number < SYS_LOG || number >= SYS_TEMP_END)
		return KERN_INVALID_ARGUMENT;
	return syscall_table[number - SYS_LOG](args);
}
