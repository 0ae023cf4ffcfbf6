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
#define THREAD_AST	40

/* First address above the canonical user half (sysret needs below it). */
#define USER_CANONICAL_END	0x00007ffffffff000

#ifdef __ASSEMBLER__
/*
 * Push a struct trapframe's registers (x86_64.h), in two parts: the
 * result and argument registers the trap convention does not keep
 * (mach_msg's entry skips these seven with one subtraction), then the
 * rest, which every entry saves.
 */
.macro PUSH_SCRATCH_REGISTERS
	pushq	%rax
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%r8
	pushq	%r9
	pushq	%r10
.endm
#define TF_SCRATCH_SIZE	(TF_RAX + 8 - TF_R10)

.macro PUSH_KEPT_REGISTERS
	pushq	%rcx
	pushq	%r11
	pushq	%rbx
	pushq	%rbp
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
.endm

.macro PUSH_REGISTERS
	PUSH_SCRATCH_REGISTERS
	PUSH_KEPT_REGISTERS
.endm

/* Pop a struct trapframe's registers and its vector and error words. */
.macro POP_REGISTERS		/* struct trapframe, x86_64.h */
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	popq	%r11
	popq	%rcx
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rax
	addq	$16, %rsp	/* vector and error code */
.endm

/* Leave by sysret through the frame at %rsp (rcx = rip, r11 = rflags). */
.macro SYSRET_TO_USER
	POP_REGISTERS
	swapgs
	movq	24(%rsp), %rsp	/* user rsp; rip/rflags are in rcx/r11 */
	sysretq
.endm

/*
 * The common way out of a system call (trap_entry.S, user_return_syscall;
 * inline at the end of syscall_entry.S's paths, which saves a jump).  One
 * test: the current thread's AST word (kern/thread.h).  Zero means no AST
 * is pending and the frame is the one the syscall instruction left —
 * rcx = rip, r11 = rflags, rip below VM_MAX_USER_ADDRESS, where all user
 * code runs — since every kernel write of a user frame's rip, rflags, rcx
 * or r11 sets AST_USER_FRAME: sysret as it stands.  Non-zero:
 * syscall_exit_ast runs thread_ast, which clears it, and checks the frame
 * in full before any sysret.
 */
.macro SYSCALL_EXIT
	cli
	SYSCALL_EXIT_INTR_OFF
.endm

/* The same with interrupts already off (the IPC fast path's switch.S exit). */
.macro SYSCALL_EXIT_INTR_OFF
	movq	cpu0+CPU_CURRENT(%rip), %rax
	cmpl	$0, THREAD_AST(%rax)
	jne	syscall_exit_ast
	SYSRET_TO_USER
.endm
#else
#include "x86_64/x86_64.h"

/* trap_entry.S: the way back to user mode for the trapframe at %rsp. */
void user_return(void);

/* syscall_md.c: the system-call MSRs. */
void syscall_init(void);

/* kern/syscall_temp.c: handle the system call in tf. */
void syscall_dispatch(struct trapframe *tf);
#endif

#endif
