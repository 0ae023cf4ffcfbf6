/*
 * Tasks: an address space (vm_map) and the threads that run in it.
 * Kernel threads belong to kernel_task, whose map is NULL (kernel only).
 *
 * A task is alive until task_terminate() or until its last thread exits;
 * then its threads are terminated, its map released and its waiters
 * woken with its exit status.  The struct lives while referenced
 * (task_reference / task_deallocate).
 *
 * Until kernel IPC exists, the temporary system calls (syscall_temp.c)
 * name child tasks by their id, looked up only among the caller's own
 * children (task->children), so no task can reach a task it did not
 * create.
 */
#ifndef KERN_TASK_H
#define KERN_TASK_H

#include <mach/message.h>

#include "ipc/ipc_tt.h"
#include "kern/dlist.h"
#include "kern/types.h"
#include "kern/waitq.h"

struct vm_map;
struct thread;

enum task_state {
	TASK_ALIVE,
	TASK_TERMINATING,	/* threads being terminated */
	TASK_DEAD,		/* no threads, map released */
};

/* How a task ended, as reported to waiters. */
#define TASK_EXIT_EXCEPTION	0x100	/* + vector: killed by an exception */

#define TASK_NAME_MAX		32

struct task {
	/* Set at creation, then read-only. */
	uint64_t id;
	char name[TASK_NAME_MAX];
	struct vm_map *map;		/* NULL for kernel_task */

	/* Protected by the scheduler lock. */
	enum task_state state;
	int exit_status;
	int suspend_count;
	dlist_head_t threads;		/* struct thread.task_link */
	unsigned thread_count;
	unsigned refs;
	struct waitq dead_waiters;	/* task_wait_dead() callers */
	dlist_head_t children;		/* struct task.child_link */
	struct dlist_node child_link;	/* on the parent's children */
	struct task *parent;		/* NULL once the parent let go */
	uint64_t next_thread_ref;	/* temp syscalls: per-task thread names */

	/*
	 * IPC (ipc/ipc_tt.h): made by task_create, released by task_finish
	 * before the map.  Protected like other IPC state (ipc/DESIGN.md:
	 * one CPU, no preemption inside IPC code); the pointers are set
	 * before the task is visible and cleared only when it is finished.
	 */
	struct ipc_space *itk_space;	/* its names; NULL for kernel_task */
	struct ipc_port *itk_self;	/* its port (the kernel's receive right) */
	struct ipc_port *itk_bootstrap;	/* send right, inherited, or NULL */
	struct ipc_exc_ports itk_exc;	/* exception handlers (send rights) */
	security_token_t sec_token;	/* inherited; changed only via host_priv */

	/*
	 * Device privileges (kern/device.h): I/O ports granted through
	 * host_priv, one bit per port, 0 = allowed; NULL = none.  Protected
	 * by the scheduler lock (the context switch reads them).
	 */
	uint8_t *io_bitmap;
	uint32_t io_bitmap_len;		/* bytes in use, from port 0 */
};

/* Task statistics for task_info (a Harbor subset of task_basic_info). */
struct task_basic_info_k {
	int suspend_count;
	unsigned thread_count;
	uint64_t user_time_ns;		/* summed over live threads */
	int state;
};

extern struct task kernel_task;

void task_bootstrap(void);

/*
 * A new task, no threads.  With `inherit`, its memory is the parent's
 * per each region's inheritance (vm_map_fork, copy-on-write copies);
 * else an empty address space.  If parent is not NULL the child is
 * listed among its children (holding a reference).  Returns
 * KERN_RESOURCE_SHORTAGE when memory runs out.
 */
int task_create(struct task *parent, bool inherit, const char *name,
    struct task **out);

/* End a task and its threads with `status`.  May be the caller's own task. */
int task_terminate(struct task *task, int status);

/*
 * The same without ending the calling thread at once: if the task is the
 * caller's own, the thread exits at its return to user mode (a kernel
 * RPC uses this so that its reply is still sent).
 */
int task_terminate_async(struct task *task, int status);

int task_suspend(struct task *task);
int task_resume(struct task *task);
int task_info(struct task *task, struct task_basic_info_k *info);

/* Up to `max` referenced threads into out[]; the count in *count. */
int task_threads(struct task *task, struct thread **out, unsigned max,
    unsigned *count);

/* Wait until the task is dead or `deadline`; its status in *status. */
int task_wait_dead(struct task *task, uint64_t deadline, int *status);

/* A child of `parent` by id (referenced), or NULL. */
struct task *task_find_child(struct task *parent, uint64_t id);

/* The parent forgets a child (drops the children-list reference). */
void task_forget_child(struct task *parent, struct task *child);

void task_reference(struct task *task);
void task_deallocate(struct task *task);

/* thread.c: a thread joined / left the task (lock held). */
int task_add_thread(struct task *task, struct thread *t);
void task_remove_thread(struct task *task, struct thread *t);

/* The task's map was released: called by the last exiting thread. */
void task_finish(struct task *task);

/* For tests: tasks alive (created, not yet freed). */
unsigned task_count_alive(void);

#endif
