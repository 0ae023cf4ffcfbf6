/* Stand-ins for the kernel's types, for the KernelServer test. */
#ifndef KOBJ_TYPES_H
#define KOBJ_TYPES_H

#include <mach/message.h>

#ifdef MACH_KERNEL
struct ipc_port {
	struct task *kobject;
	int srights;
};
struct task {
	int id;
	int refs;
	struct ipc_port *self;
};
typedef struct task *task_t;
task_t convert_port_to_task(mach_port_t port);
mach_port_t convert_task_to_port(task_t task);
void task_deallocate(task_t task);
#else
typedef mach_port_t task_t;
#endif

#endif
