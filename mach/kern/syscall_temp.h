/*
 * TEMPORARY system calls: what is left of the path by which user tasks
 * reached the kernel before IPC.  Tasks, threads, vm_inherit, the free
 * page count, thread_switch, vm_allocate/deallocate/protect and the
 * clock are now RPCs on task, thread and host ports (idl/defs/mach) and
 * Mach traps (<mach/mach_traps.h>).  What remains has no RPC yet: exit
 * with a status and waiting for a child's status (proc), sleep, TLS (the
 * FS base of the calling thread, which thread_set_state refuses), the
 * log.  When those move, this file and syscall_temp.c go away.
 *
 * This header is included by user programs too (tests/user), so it holds
 * only numbers and plain-typed structures.
 *
 * Convention: number in rax, arguments in rdi, rsi, rdx, r10, r8, r9,
 * result in rax: a kern_return_t unless the call says otherwise.  Tasks
 * are named by their kernel id (task_info's task_id), and only among the
 * caller's own children.  Pointers are user addresses, always copied with
 * copyin/copyout.
 */
#ifndef KERN_SYSCALL_TEMP_H
#define KERN_SYSCALL_TEMP_H

#include <stdint.h>

#define SYSCALL_MAX_ARGS	6

/*
 * Numbers start high, clear of the Mach trap numbers (<mach/mach_traps.h>).
 * The calls that task, thread, vm and host RPCs replaced are gone; their
 * numbers stay unused so that the others keep theirs.
 */
enum syscall_temp_number {
	SYS_LOG = 0x1000,	/* (const char *buf, size_t len): kernel log */
	SYS_EXIT = 0x1001,	/* (int status): terminate the own task; status & 0xff */
	SYS_THREAD_EXIT = 0x1002, /* (): terminate the calling thread */
	SYS_TASK_WAIT = 0x1009,	/* (task id, timeout ns (0: none), int *status): forgets the child */
	SYS_SLEEP = 0x1014,	/* (ns): interruptible; KERN_ABORTED if aborted */
	SYS_SET_TLS = 0x101a,	/* (fs_base): the calling thread's FS base */
	SYS_TEMP_END = 0x101b
};

/* The longest SYS_LOG message; longer ones are cut. */
#define SYS_LOG_MAX		512

#ifdef MACH_KERNEL
/* The generic dispatcher, called by the arch system-call entry. */
uint64_t syscall_temp(uint64_t number, const uint64_t args[SYSCALL_MAX_ARGS]);
#endif

#endif
