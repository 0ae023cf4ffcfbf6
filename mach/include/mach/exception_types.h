/*
 * Exceptions: the kinds, the masks that select them, and what a handler
 * wants to receive.  Harbor stores exception ports per thread, task and
 * host (thread_set_exception_ports, task_set_exception_ports,
 * host_set_exception_ports); delivering exceptions as messages is the
 * next step of issue 5 (until then a faulting task is terminated, see
 * mach/x86_64/DESIGN.md).
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

/* What the handler receives (Mach's behaviors). */
#define EXCEPTION_DEFAULT	1	/* the thread and task ports, code */
#define EXCEPTION_STATE		2	/* the thread state */
#define EXCEPTION_STATE_IDENTITY 3	/* both */

typedef int exception_type_t;
typedef natural_t exception_mask_t;
typedef int exception_behavior_t;

#endif /* _MACH_EXCEPTION_TYPES_H_ */
