/*
 * Harbor's Mach traps: the only system calls besides the temporary ones
 * of mach/kern/syscall_temp.h (0x1000 and up, which go away one by one).
 * Every other kernel service is an RPC on a task, thread or host port
 * (idl/defs/mach/ (.defs files)).
 *
 * The numbers are Mach's trap numbers made positive, so they sit far
 * below the temporary calls and stay recognisable.  Convention (the
 * `syscall` instruction): number in rax, arguments in rdi, rsi, rdx,
 * r10, r8, r9, result in rax.  mach_msg_trap has no seventh argument:
 * Mach's `notify` (MACH_RCV_NOTIFY) does not exist in Harbor, and the
 * library's mach_msg() requires it to be MACH_PORT_NULL.
 */
#ifndef _MACH_MACH_TRAPS_H_
#define _MACH_MACH_TRAPS_H_

#include <mach/std_types.h>
#include <mach/message.h>

#define MACH_TRAP_REPLY_PORT	26	/* () -> new receive right, or NULL */
#define MACH_TRAP_THREAD_SELF	27	/* () -> send right to the caller's thread */
#define MACH_TRAP_TASK_SELF	28	/* () -> send right to the caller's task */
#define MACH_TRAP_HOST_SELF	29	/* () -> send right to the host port */
#define MACH_TRAP_MSG		31	/* (msg, option, send_size, rcv_size,
					    rcv_name, timeout) -> mach_msg_return_t */
#define MACH_TRAP_THREAD_SWITCH	61	/* (thread name or NULL, option, ms) */

/* thread_switch options. */
#define SWITCH_OPTION_NONE	0
#define SWITCH_OPTION_DEPRESS	1
#define SWITCH_OPTION_WAIT	2

#ifndef MACH_KERNEL
/*
 * The trap wrappers (Harbor's user library).  Each *_self trap adds one
 * user reference to the name it returns; programs call it once and keep
 * the name (mach_task_self() does).
 */
extern mach_port_name_t mach_reply_port(void);
extern mach_port_name_t thread_self_trap(void);
extern mach_port_name_t task_self_trap(void);
extern mach_port_name_t host_self_trap(void);
extern mach_msg_return_t mach_msg_trap(mach_msg_header_t *msg,
				       mach_msg_option_t option,
				       mach_msg_size_t send_size,
				       mach_msg_size_t rcv_size,
				       mach_port_name_t rcv_name,
				       mach_msg_timeout_t timeout);
extern kern_return_t thread_switch(mach_port_name_t thread, int option,
				   mach_msg_timeout_t time);
#endif

#endif /* _MACH_MACH_TRAPS_H_ */
