/*
 * Trap-frame offsets for assembly, the pseudo-vector of system calls,
 * and the trap-side functions.  The layout is struct trapframe in
 * x86_64.h; trap.c checks these offsets against it at compile time.
 */
#ifndef X86_64_TRAP_H
#define X86_64_TRAP_H

#define TF_R11		(6 * 8)
#define TF_RCX		(7 * 8)
#define TF_R10		(8 * 8)
#define TF_RAX		(14 * 8)
#define TF_VECTOR	(15 * 8)
#define TF_ERROR	(16 * 8)
#define TF_RIP		(17 * 8)
#define TF_CS		(18 * 8)
#define TF_RFLAGS	(19 * 8)
#define TF_RSP		(20 * 8)
#define TF_SIZE		(22 * 8)

/* Not a processor vector: marks a trapframe built by syscall_entry. */
#define SYSCALL_VECTOR	0x100
/* MACH_TRAP_MSG, for syscall_entry.S (checked in syscall_md.c) */
#define SYSCALL_MACH_MSG	31

/*
 * For the exit path's AST test (trap_entry.S), checked in trap.c: the
 * running thread is the first word of cpu0 (kern/cpu.h), and its
 * thread.ast word (kern/thread.h) sits at THREAD_AST.
 */
#define CPU_CURRENT	0
#define THREAD_AST	32

/* First address above the canonical user half (sysret needs below it). */
#define USER_CANONICAL_END	0x00007ffffffff000

#ifndef __ASSEMBLER__
#include "x86_64/x86_64.h"

/* trap_entry.S: the way back to user mode for the trapframe at %rsp. */
void user_return(void);

/* syscall_md.c: the system-call MSRs. */
void syscall_init(void);

/* kern/syscall_temp.c: handle the system call in tf. */
void syscall_dispatch(struct trapframe *tf);
#endif

#endif
