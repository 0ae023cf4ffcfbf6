/*
 * TEMPORARY system calls: the minimal path by which user test tasks
 * reach tasks, threads, memory and the clock until kernel IPC exists.
 * When IPC lands, only the Mach traps remain (mach_msg_trap,
 * mach_reply_port, task_self_trap, thread_self_trap, host_self_trap,
 * thread_switch; design.md §2) and everything else becomes an RPC on a
 * task, thread or host port: this file and syscall_temp.c go away.
 *
 * This header is included by user programs too (tests/user), so it holds
 * only numbers and plain-typed structures.
 *
 * Convention: number in rax, arguments in rdi, rsi, rdx, r10, r8, r9,
 * result in rax: a kern_return_t unless the call says otherwise.  Tasks
 * are named by the id task_create returned, and only among the caller's
 * own children (0 = the caller itself where allowed); threads by the id
 * thread_create returned, only within the named task.  Pointers are user
 * addresses, always copied with copyin/copyout.
 */
#ifndef KERN_SYSCALL_TEMP_H
#define KERN_SYSCALL_TEMP_H

#include <stdint.h>

#define SYSCALL_MAX_ARGS	6

/* Numbers start high, clear of the future Mach trap numbers. */
enum syscall_temp_number {
	SYS_LOG = 0x1000,	/* (const char *buf, size_t len): kernel log */
	SYS_EXIT,		/* (int status): terminate the own task */
	SYS_THREAD_EXIT,	/* (): terminate the calling thread */
	SYS_VM_ALLOCATE,	/* (vm_address_t *addr, size, flags) */
	SYS_VM_DEALLOCATE,	/* (addr, size) */
	SYS_VM_PROTECT,		/* (addr, size, set_max, prot) */
	SYS_VM_INHERIT,		/* (addr, size, inherit) */
	SYS_TASK_CREATE,	/* (int inherit, uint64_t *id_out) */
	SYS_TASK_TERMINATE,	/* (task id, int status) */
	SYS_TASK_WAIT,		/* (task id, timeout ns (0: none), int *status): forgets the child */
	SYS_TASK_SUSPEND,	/* (task id) */
	SYS_TASK_RESUME,	/* (task id) */
	SYS_THREAD_CREATE,	/* (task id, pc, sp, arg, uint64_t *id_out): starts it */
	SYS_THREAD_TERMINATE,	/* (task id, thread id) */
	SYS_THREAD_WAIT,	/* (task id, thread id, timeout ns) */
	SYS_THREAD_SUSPEND,	/* (task id, thread id) */
	SYS_THREAD_RESUME,	/* (task id, thread id) */
	SYS_THREAD_ABORT,	/* (task id, thread id) */
	SYS_THREAD_GET_STATE,	/* (task id, thread id, flavor, void *buf, size) */
	SYS_THREAD_SET_STATE,	/* (task id, thread id, flavor, const void *buf, size) */
	SYS_SLEEP,		/* (ns): interruptible; KERN_ABORTED if aborted */
	SYS_CLOCK,		/* (which): returns ns, not a kern_return_t */
	SYS_THREAD_SWITCH,	/* (thread id hint or 0, option, ms) */
	SYS_FREE_PAGES,		/* (): returns the free page count after zone_gc */
	SYS_THREAD_SELF,	/* (): returns the caller's thread id */
	SYS_TASK_SELF,		/* (): returns the caller's task id */
	SYS_SET_TLS,		/* (fs_base): the calling thread's FS base */
	SYS_TEMP_END
};

#define CLOCK_MONOTONIC_NS	0
#define CLOCK_WALL_NS		1

/* The longest SYS_LOG message; longer ones are cut. */
#define SYS_LOG_MAX		512

#ifdef MACH_KERNEL
/* The generic dispatcher, called by the arch system-call entry. */
uint64_t syscall_temp(uint64_t number, const uint64_t args[SYSCALL_MAX_ARGS]);
#endif

#endif
