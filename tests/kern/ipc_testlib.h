/*
 * Helpers shared by the IPC self-tests: leak marks, and short ways to
 * make rights, send simple messages and read notifications without
 * threads (by dequeuing from the port directly).
 */
#ifndef TESTS_KERN_IPC_TESTLIB_H
#define TESTS_KERN_IPC_TESTLIB_H

#include <mach/message.h>
#include <mach/notify.h>
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_space.h"
#include "kern/types.h"

/* What must come back to where it was when a test ends. */
struct ipc_leak_mark {
	size_t zone_in_use;
	size_t free_pages;
	unsigned ports;
	unsigned kmsgs;
};

void ipc_leak_begin(struct ipc_leak_mark *m);
/* KEXPECTs that nothing leaked since ipc_leak_begin. */
void ipc_leak_end(const struct ipc_leak_mark *m);

/* A new space (KEXPECTs success). */
struct ipc_space *t_space(void);

/* A new receive right in space; returns its name. */
mach_port_name_t t_receive(struct ipc_space *space);

/* The port a name denotes (any port right), or NULL. */
struct ipc_port *t_port(struct ipc_space *space, mach_port_name_t name);

/*
 * Copy a right out of `from` under `disposition` and into `to`; returns
 * the name in `to` (MACH_PORT_NULL on failure, with a KEXPECT failure).
 */
mach_port_name_t t_give(struct ipc_space *from, mach_port_name_t name,
    mach_msg_type_name_t disposition, struct ipc_space *to);

/* A kernel-form send-once right made from a receive right in space. */
struct ipc_port *t_send_once(struct ipc_space *space, mach_port_name_t name);

/* Queue a simple message with id through a send right made from name. */
void t_send_simple(struct ipc_space *space, mach_port_name_t name,
    mach_msg_id_t id);

/* Dequeue from the receive right `name` (NULL if its queue is empty). */
struct ipc_kmsg *t_dequeue(struct ipc_space *space, mach_port_name_t name);

/*
 * Dequeue a notification that must be there with this id; returns its
 * 32-bit argument (0 if it has none) and destroys the message.
 */
uint32_t t_expect_notification(struct ipc_space *space,
    mach_port_name_t name, mach_msg_id_t id);

/* Messages queued on a receive right. */
unsigned t_queued(struct ipc_space *space, mach_port_name_t name);

/* Type and send urefs of a name (KEXPECTs that the name exists). */
mach_port_type_t t_type(struct ipc_space *space, mach_port_name_t name);
mach_port_urefs_t t_refs(struct ipc_space *space, mach_port_name_t name,
    mach_port_right_t right);

#endif
