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
	[SYS_TASK_WAIT - SYS_LOG] = sys_task_wait,
	[SYS_SLEEP - SYS_LOG] = sys_sleep,
	[SYS_CLOCK - SYS_LOG] = sys_clock,
	[SYS_SET_TLS - SYS_LOG] = sys_set_tls,
};

uint64_t
syscall_temp(uint64_t number, const uint64_t args[SYSCALL_MAX_ARGS])
{
	if (number < SYS_LOG || number >= SYS_TEMP_END ||
	    !syscall_table[number - SYS_LOG])
		return KERN_INVALID_ARGUMENT;
	return syscall_table[number - SYS_LOG](args);
}
