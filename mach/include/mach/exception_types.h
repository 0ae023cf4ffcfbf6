/*
 * Exceptions: the kinds, the masks that select them, and what a handler
 * wants to receive.  Harbor stores exception ports per thread, task and
 * host (thread_set_exception_ports, task_set_exception_ports,
 * host_set_exception_ports); a fault is delivered as a message of
 * idl/defs/mach/exc.defs to the thread's, then the task's, then the
 * host's port for its kind (mach/kern/exception.h); with none that
 * resumes the thread the task is terminated.
 *
 * Codes (always 64 bits wide, code[0] and code[1]):
 *   EXC_BAD_ACCESS from a page fault: the kern_return_t of the fault,
 *     the faulting address;
 *   every other x86 exception: the vector (EXC_X86_*), its error code.
 */
#ifndef _MACH_EXCEPTION_TYPES_H_
#define _MACH_EXCEPTION_TYPES_H_

#include <mach/std_types.h>

#define EXC_BAD_ACCESS		1	/* a page fault that could not be resolved */
#define EXC_BAD_INSTRUCTION	2	/* #UD, #GP */
#define EXC_ARITHMETIC		3	/* #DE, x87/SSE */
#define EXC_EMULATION		4
#define EXC_SOFTWARE		5
#define EXC_BREAKPOINT		6	/* #DB, #BP */
#define EXC_TYPES_COUNT		7	/* exception kinds 1..6 */

#define EXC_MASK_BAD_ACCESS	(1 << EXC_BAD_ACCESS)
#define EXC_MASK_BAD_INSTRUCTION (1 << EXC_BAD_INSTRUCTION)
#define EXC_MASK_ARITHMETIC	(1 << EXC_ARITHMETIC)
#define EXC_MASK_EMULATION	(1 << EXC_EMULATION)
#define EXC_MASK_SOFTWARE	(1 << EXC_SOFTWARE)
#define EXC_MASK_BREAKPOINT	(1 << EXC_BREAKPOINT)
#define EXC_MASK_ALL		(EXC_MASK_BAD_ACCESS | EXC_MASK_BAD_INSTRUCTION | \
				 EXC_MASK_ARITHMETIC | EXC_MASK_EMULATION | \
				 EXC_MASK_SOFTWARE | EXC_MASK_BREAKPOINT)

/* code[0] of exceptions other than page faults: the x86 vector. */
#define EXC_X86_DIVIDE		0	/* #DE, EXC_ARITHMETIC */
#define EXC_X86_DEBUG		1	/* #DB, EXC_BREAKPOINT */
#define EXC_X86_BREAKPOINT	3	/* #BP (int3), EXC_BREAKPOINT */
#define EXC_X86_INVALID_OPCODE	6	/* #UD, EXC_BAD_INSTRUCTION */
#define EXC_X86_GENERAL_PROTECTION 13	/* #GP, EXC_BAD_INSTRUCTION */
#define EXC_X86_ALIGNMENT	17	/* #AC, EXC_BAD_ACCESS */

/* The exc subsystem's request ids (exc.defs). */
#define EXC_MSGID_RAISE		2401
#define EXC_MSGID_RAISE_STATE	2402
#define EXC_MSGID_RAISE_STATE_IDENTITY 2403

/* What the handler receives (Mach's behaviors). */
#define EXCEPTION_DEFAULT	1	/* the thread and task ports, code */
#define EXCEPTION_STATE		2	/* the thread state */
#define EXCEPTION_STATE_IDENTITY 3	/* both */

typedef int exception_type_t;
typedef natural_t exception_mask_t;
typedef int exception_behavior_t;
/* exc.defs: code[0], code[1] */
typedef int64_t *exception_data_t;
typedef int64_t exception_data_type_t;

#endif /* _MACH_EXCEPTION_TYPES_H_ */
