/*
 * thread_info flavors.  Counts are in natural_t.
 */
#ifndef _MACH_THREAD_INFO_H_
#define _MACH_THREAD_INFO_H_

#include <mach/std_types.h>

typedef int thread_flavor_t;
typedef integer_t *thread_info_t;
#define THREAD_INFO_MAX		32	/* natural_t: the bound in thread_act.defs */

#define THREAD_BASIC_INFO	3
/* run_state values */
#define TH_STATE_RUNNING	1
#define TH_STATE_STOPPED	2	/* suspended */
#define TH_STATE_WAITING	3
#define TH_STATE_HALTED		5	/* terminated */

struct thread_basic_info {
	uint64_t	user_time_ns;	/* CPU time */
	integer_t	run_state;	/* TH_STATE_* */
	integer_t	suspend_count;
	integer_t	base_priority;
	integer_t	cur_priority;
	uint64_t	thread_id;	/* the kernel's number, for logs */
};
typedef struct thread_basic_info thread_basic_info_data_t;
#define THREAD_BASIC_INFO_COUNT \
	((natural_t)(sizeof(struct thread_basic_info) / sizeof(natural_t)))

#endif /* _MACH_THREAD_INFO_H_ */
