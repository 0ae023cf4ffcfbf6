/*
 * Helpers of the out-of-line IPC tests and benchmarks: a "task" made of
 * an address space and an IPC space, whose message buffer lives in its
 * own map, and sends and receives through ipc_mach_msg as a user task's
 * trap would (user buffers, the map loaded as the current user map).
 */
#ifndef TESTS_KERN_IPC_OOL_H
#define TESTS_KERN_IPC_OOL_H

#include <mach/message.h>
#include "ipc/ipc_kmsg.h"
#include "kern/types.h"
#include "vm/vm_map.h"

#define OOL_BUF_SIZE	(16 * PAGE_SIZE)	/* message buffer in the map */

struct ool_task {
	struct vm_map *map;
	struct ipc_space *space;
	vm_address_t buf;
};

/* A message with up to 4 descriptors, as a user lays it out. */
struct ool_msg {
	struct ipc_user_header h;
	mach_msg_body_t body;
	mach_msg_descriptor_t d[4];	/* 16 bytes each for OOL kinds */
	uint32_t inline_data;
	mach_msg_max_trailer_t trailer;
};

bool ool_task_init(struct ool_task *t);
void ool_task_destroy(struct ool_task *t);

/* Send m (ndesc OOL-kind descriptors) from t with option and timeout. */
mach_msg_return_t ool_send(struct ool_task *t, struct ool_msg *m,
    unsigned ndesc, mach_msg_option_t option, mach_msg_timeout_t timeout);

/* Receive on name into *m (rcv_size bytes) without waiting. */
mach_msg_return_t ool_receive(struct ool_task *t, mach_port_name_t name,
    struct ool_msg *m, mach_msg_size_t rcv_size, mach_msg_option_t option);

/* Fill a message header to dest (a send right name in the sender). */
void ool_msg_init(struct ool_msg *m, mach_port_name_t dest);
void ool_msg_region(struct ool_msg *m, unsigned i, vm_address_t addr,
    mach_msg_size_t size, bool dealloc);
void ool_msg_ports(struct ool_msg *m, unsigned i, vm_address_t addr,
    mach_msg_size_t count, mach_msg_type_name_t disposition, bool dealloc);

#endif
