/*
 * task_info flavors.  Counts are in natural_t, as .defs arrays count them.
 */
#ifndef _MACH_TASK_INFO_H_
#define _MACH_TASK_INFO_H_

#include <mach/std_types.h>

typedef int task_flavor_t;
typedef integer_t *task_info_t;
#define TASK_INFO_MAX		32	/* natural_t: the bound in task.defs */

/*
 * Harbor's basic information.  task_id is the kernel's number for the
 * task (the temporary SYS_TASK_WAIT names children by it); it is not a
 * way to reach the task — only its port is.
 */
#define TASK_BASIC_INFO		5
struct task_basic_info {
	integer_t	suspend_count;
	natural_t	thread_count;
	uint64_t	user_time_ns;	/* CPU time of its live threads */
	integer_t	state;		/* 0 alive, 1 terminating */
	natural_t	pad;
	uint64_t	task_id;
};
typedef struct task_basic_info task_basic_info_data_t;
#define TASK_BASIC_INFO_COUNT \
	((natural_t)(sizeof(struct task_basic_info) / sizeof(natural_t)))

/*
 * The exit status the temporary SYS_TASK_WAIT reports for a task ended by
 * task_terminate() from another task (its own task_terminate gives 0).
 */
#define TASK_EXIT_TERMINATED	0x200

/* The kernel-attested identity of the task (set through host_priv). */
#define TASK_SECURITY_TOKEN	13
#define TASK_SECURITY_TOKEN_COUNT 2u	/* security_token_t, in natural_t */

#endif /* _MACH_TASK_INFO_H_ */
