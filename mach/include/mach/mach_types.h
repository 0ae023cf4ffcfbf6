/*
 * The kernel objects a program reaches through ports, and the C types of
 * the kernel interfaces (idl/defs/mach/ (.defs files)).
 *
 * In user space every object type is a port name (mach_port_t).  Inside
 * the kernel (MACH_KERNEL) harbor-mig's KernelServer stubs translate the
 * request's ports into the objects themselves (intran), so there the same
 * names denote kernel structures.
 */
#ifndef _MACH_MACH_TYPES_H_
#define _MACH_MACH_TYPES_H_

#include <mach/std_types.h>
#include <mach/port.h>
#include <mach/message.h>
#include <mach/exception_types.h>
#include <mach/host_info.h>
#include <mach/task_info.h>
#include <mach/thread_info.h>
#include <mach/vm_inherit.h>
#include <mach/vm_prot.h>
#include <mach/vm_region.h>

#ifdef MACH_KERNEL
struct task;
struct thread;
struct ipc_space;
struct vm_map;
struct host;
typedef struct task *task_t;
typedef struct thread *thread_t;
typedef struct thread *thread_act_t;
typedef struct ipc_space *ipc_space_t;
typedef struct vm_map *vm_map_t;
typedef struct host *host_t;
typedef struct host *host_priv_t;
#else
typedef mach_port_t task_t;
typedef mach_port_t thread_t;
typedef mach_port_t thread_act_t;
typedef mach_port_t ipc_space_t;
typedef mach_port_t vm_map_t;
typedef mach_port_t host_t;
typedef mach_port_t host_priv_t;
#endif

/* Array arguments of the .defs: the C side passes a pointer to the elements. */
typedef mach_port_t *thread_act_array_t;
typedef exception_mask_t *exception_mask_array_t;
typedef mach_port_t *exception_handler_array_t;
typedef exception_behavior_t *exception_behavior_array_t;
typedef int *exception_flavor_array_t;
typedef int *vm_region_info_t;			/* vm_region: flavor-dependent */
typedef mach_port_t exception_handler_t;
typedef natural_t *thread_state_t;		/* thread_get_state / set_state */
typedef int thread_state_flavor_t;
typedef int vm_flags_t;				/* VM_FLAGS_* */
typedef int task_special_port_t;
typedef int thread_special_port_t;
typedef uint64_t mach_time_ns_t;		/* host_get_time: nanoseconds */

/* The largest thread state, in natural_t (x86_THREAD_STATE64 is 40). */
#define THREAD_STATE_MAX		64

/* task_get_special_port / task_set_special_port. */
#define TASK_KERNEL_PORT		1	/* the task's own port (get only) */
#define TASK_HOST_PORT			2	/* the host port (get only) */
#define TASK_BOOTSTRAP_PORT		4	/* inherited by task_create */

/* thread_get_special_port. */
#define THREAD_KERNEL_PORT		1

/* host_get_time clocks. */
#define HOST_CLOCK_MONOTONIC		0	/* ns since boot */
#define HOST_CLOCK_WALL			1	/* ns since 1970 */

/* host_kernel_version: the length of the string, NUL included. */
#define HOST_KERNEL_VERSION_MAX		128
typedef char kernel_version_t[HOST_KERNEL_VERSION_MAX];

#endif /* _MACH_MACH_TYPES_H_ */
