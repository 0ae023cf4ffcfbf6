/*
 * Trap dispatch: device interrupts, user exceptions, kernel exceptions.
 *
 *  - Interrupts (vectors 32..255): the local APIC timer drives
 *    kern/timer.c; the 8259 lines (vectors 0x20..0x2f) are masked and
 *    reported to kern/device.c, whose thread sends them as messages;
 *    spurious vectors are ignored.  An interrupt that hit a
 *    preemptible kernel thread may switch threads on its way out;
 *    interrupts from user mode reschedule on the way out (thread_ast,
 *    called by trap_entry.S's user_return).
 *  - User exceptions: a page fault goes to vm_fault() on the task's map;
 *    if that cannot resolve it, or for any other exception, it becomes
 *    an exception message (kern/exception.h); if no handler resumes the
 *    thread, the task is terminated with a log line.
 *  - Kernel exceptions: a page fault inside a copyin/copyout window is
 *    resolved by vm_fault() or recovered through the fault-recovery
 *    table (copy.S); anything else is a kernel bug: registers, a
 *    backtrace, panic.
 *
 * Runs with interrupts off (all gates are interrupt gates), which is the
 * scheduler lock on one CPU.
 */
#include <mach/kern_return.h>
#include <mach/vm_prot.h>

#include "kern/cpu.h"
#include "kern/device.h"
#include "kern/exception.h"
#include "kern/panic.h"
#include "kern/printf.h"
#include "kern/sched.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "kern/timer.h"
#include "vm/vm_map.h"
#include "x86_64/copyio.h"
#include "x86_64/cpu.h"
#include "x86_64/lapic.h"
#include "x86_64/pic.h"
#include "x86_64/trap.h"
#include "x86_64/x86_64.h"

_Static_assert(__builtin_offsetof(struct trapframe, r11) == TF_R11, "trapframe");
_Static_assert(__builtin_offsetof(struct trapframe, error) == TF_ERROR, "trapframe");
_Static_assert(TF_RIP == TF_ERROR + 8, "syscall_entry.S's backtrace frame");
_Static_assert(__builtin_offsetof(struct cpu, current) == CPU_CURRENT, "cpu");
_Static_assert(__builtin_offsetof(struct thread, ast) == THREAD_AST, "thread");
_Static_assert(sizeof(((struct thread *)0)->ast) == 4, "thread.ast: cmpl");
_Static_assert(__builtin_offsetof(struct trapframe, rcx) == TF_RCX, "trapframe");
_Static_assert(__builtin_offsetof(struct trapframe, rax) == TF_RAX, "trapframe");
_Static_assert(__builtin_offsetof(struct trapframe, vector) == TF_VECTOR, "trapframe");
_Static_assert(__builtin_offsetof(struct trapframe, rip) == TF_RIP, "trapframe");
_Static_assert(__builtin_offsetof(struct trapframe, cs) == TF_CS, "trapframe");
_Static_assert(__builtin_offsetof(struct trapframe, rflags) == TF_RFLAGS, "trapframe");
_Static_assert(__builtin_offsetof(struct trapframe, rsp) == TF_RSP, "trapframe");
_Static_assert(sizeof(struct trapframe) == TF_SIZE, "trapframe");

#define VEC_PAGE_FAULT	14
#define PF_WRITE	(1u << 1)
#define PF_INSTR	(1u << 4)

static const char *const exception_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow",
	"bound range", "invalid opcode", "device not available",
	"double fault", "coprocessor overrun", "invalid TSS",
	"segment not present", "stack fault", "general protection",
	"page fault", "reserved", "x87 floating point", "alignment check",
	"machine check", "SIMD floating point", "virtualization",
	"control protection",
};

static const char *
exception_name(uint64_t vector)
{
	return vector < 32 && exception_names[vector] ?
	    exception_names[vector] : "interrupt";
}

static void
print_trapframe(const struct trapframe *tf)
{
	kprintf("PANIC: %s (vector %lu, error %#lx) in %s mode\n",
	    exception_name(tf->vector), (unsigned long)tf->vector,
	    (unsigned long)tf->error, (tf->cs & 3) ? "user" : "kernel");
	if (tf->vector == VEC_PAGE_FAULT)
		kprintf("  cr2 0x%016lx (page fault address)\n", (unsigned long)read_cr2());
	kprintf("  rip 0x%016lx  rsp 0x%016lx  rflags %#lx\n",
	    (unsigned long)tf->rip, (unsigned long)tf->rsp, (unsigned long)tf->rflags);
	kprintf("  rax 0x%016lx  rbx 0x%016lx  rcx 0x%016lx\n",
	    (unsigned long)tf->rax, (unsigned long)tf->rbx, (unsigned long)tf->rcx);
	kprintf("  rdx 0x%016lx  rsi 0x%016lx  rdi 0x%016lx\n",
	    (unsigned long)tf->rdx, (unsigned long)tf->rsi, (unsigned long)tf->rdi);
	kprintf("  rbp 0x%016lx  r8  0x%016lx  r9  0x%016lx\n",
	    (unsigned long)tf->rbp, (unsigned long)tf->r8, (unsigned long)tf->r9);
	kprintf("  r10 0x%016lx  r11 0x%016lx  r12 0x%016lx\n",
	    (unsigned long)tf->r10, (unsigned long)tf->r11, (unsigned long)tf->r12);
	kprintf("  r13 0x%016lx  r14 0x%016lx  r15 0x%016lx\n",
	    (unsigned long)tf->r13, (unsigned long)tf->r14, (unsigned long)tf->r15);
	kprintf("  cs %#lx ss %#lx\n", (unsigned long)tf->cs, (unsigned long)tf->ss);
}

static vm_prot_t
fault_access(const struct trapframe *tf)
{
	if (tf->error & PF_INSTR)
		return VM_PROT_EXECUTE;
	return (tf->error & PF_WRITE) ? VM_PROT_WRITE : VM_PROT_READ;
}

static void
interrupt(struct trapframe *tf)
{
	switch (tf->vector) {
	case LAPIC_TIMER_VECTOR:
		lapic_eoi();
		timer_interrupt();
		break;
	case LAPIC_SPURIOUS_VECTOR:
		break;		/* no EOI for spurious interrupts (SDM 11.9) */
	default:
		if (tf->vector >= PIC_VECTOR_BASE &&
		    tf->vector < PIC_VECTOR_BASE + PIC_IRQS) {
			/* masked and ended at the 8259: no LAPIC EOI (ExtINT) */
			unsigned irq = (unsigned)(tf->vector - PIC_VECTOR_BASE);

			if (pic_irq_begin(irq))
				device_irq_raised(irq);
			break;
		}
		kprintf("harbor: unexpected interrupt vector %lu\n",
		    (unsigned long)tf->vector);
		lapic_eoi();
		break;
	}
	if (!(tf->cs & 3) && (current_thread()->flags & THREAD_PREEMPTIBLE))
		sched_preempt_check();
}

/* The exception kind of a processor exception (exception_types.h). */
static exception_type_t
exception_kind(uint64_t vector)
{
	switch (vector) {
	case VEC_PAGE_FAULT:
	case 17:			/* alignment check */
		return EXC_BAD_ACCESS;
	case 0: case 4: case 16: case 19:	/* #DE, #OF, x87, SIMD */
		return EXC_ARITHMETIC;
	case 1: case 3:			/* #DB, #BP */
		return EXC_BREAKPOINT;
	default:			/* #UD, #GP, #SS, #NP, ... */
		return EXC_BAD_INSTRUCTION;
	}
}

/*
 * A user thread's exception: a message to its exception ports
 * (kern/exception.c); if no handler resumes it, the task ends with a
 * log line.  cr2 was read on entry (user_trap): vm_fault and the
 * exception may block, and another thread's fault would overwrite it.
 */
static void
user_exception(struct trapframe *tf, int vm_result, uint64_t cr2)
{
	struct thread *t = current_thread();
	struct task *task = t->task;
	int64_t code = tf->vector == VEC_PAGE_FAULT ? vm_result :
	    (int64_t)tf->vector;
	int64_t subcode = tf->vector == VEC_PAGE_FAULT ? (int64_t)cr2 :
	    (int64_t)tf->error;

	if (exception_raise_current(exception_kind(tf->vector), code,
	    subcode) != EXCEPTION_UNHANDLED)
		return;		/* resumed, or on its way out (terminated) */
	if (tf->vector == VEC_PAGE_FAULT)
		kprintf("harbor: task %lu terminated: page fault at rip %#lx "
		    "(address %#lx, %s access, error %d)\n",
		    (unsigned long)task->id, (unsigned long)tf->rip,
		    (unsigned long)cr2,
		    (tf->error & PF_WRITE) ? "write" : "read", vm_result);
	else
		kprintf("harbor: task %lu terminated: %s at rip %#lx (error %#lx)\n",
		    (unsigned long)task->id, exception_name(tf->vector),
		    (unsigned long)tf->rip, (unsigned long)tf->error);
	task_terminate(task, TASK_EXIT_EXCEPTION + (int)tf->vector);
	/* task_terminate of our own task does not return */
}

static void
user_trap(struct trapframe *tf)
{
	int kr = KERN_FAILURE;
	uint64_t cr2 = tf->vector == VEC_PAGE_FAULT ? read_cr2() : 0;

	if (tf->vector == VEC_PAGE_FAULT) {
		struct vm_map *map = cpu_self()->active_map;
		kr = map ? vm_fault(map, (vm_address_t)cr2, fault_access(tf)) :
		    KERN_INVALID_ADDRESS;
		if (kr == KERN_SUCCESS)
			return;
	}
	user_exception(tf, kr, cr2);
}

static const struct fault_recovery *
recovery_for(uint64_t rip)
{
	for (const struct fault_recovery *r = fault_recovery_table;
	    r < fault_recovery_table_end; r++)
		if (rip >= r->begin && rip < r->end)
			return r;
	return NULL;
}

static void
kernel_trap(struct trapframe *tf)
{
	const struct fault_recovery *r = NULL;

	if (tf->vector == VEC_PAGE_FAULT)
		r = recovery_for(tf->rip);
	if (r) {
		uint64_t addr = read_cr2();
		struct vm_map *map = cpu_self()->active_map;
		int kr = KERN_INVALID_ADDRESS;
		if (map && addr < VM_MAX_USER_ADDRESS && !r->nowait)
			kr = vm_fault(map, (vm_address_t)addr, fault_access(tf));
		if (kr == KERN_SUCCESS)
			return;
		copy_fault_result = kr;
		tf->rip = r->fixup;
		return;
	}
	print_trapframe(tf);
	backtrace_from(tf->rbp, tf->rip);
	panic_finish();
}

void
trap_dispatch(struct trapframe *tf)
{
	if (tf->vector >= 32)
		interrupt(tf);
	else if (tf->cs & 3)
		user_trap(tf);
	else
		kernel_trap(tf);
}

