/*
 * The server library's seam to the kernel: every IPC call the library
 * makes goes through one of these function pointers, so the same code
 * runs over Harbor's user library (srv_ipc_mach, once it exists) and over
 * the in-process simulated kernel of the host tests (tests/servers).
 *
 * Generated stubs call the global mach_msg() and mig_* functions
 * directly; only the library's own calls come through here.  Each
 * operation acts on the calling task's own IPC space and address space,
 * so none takes a task argument.
 */
#ifndef SERVERS_LIB_SRV_IPC_H
#define SERVERS_LIB_SRV_IPC_H

#include <mach/message.h>
#include <mach/port.h>

struct srv_ipc {
	mach_msg_return_t (*msg)(mach_msg_header_t *msg, mach_msg_option_t option,
				 mach_msg_size_t send_size, mach_msg_size_t rcv_size,
				 mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
				 mach_port_name_t notify);
	/* Release every right and region a received message holds. */
	void (*msg_destroy)(mach_msg_header_t *msg);
	/* mach_port_allocate: a new receive right or an empty port set. */
	kern_return_t (*port_allocate)(mach_port_right_t right, mach_port_name_t *name);
	/* mach_port_mod_refs: -1 on MACH_PORT_RIGHT_RECEIVE destroys a port. */
	kern_return_t (*port_mod_refs)(mach_port_name_t name, mach_port_right_t right,
				       mach_port_delta_t delta);
	/* mach_port_deallocate: drop one user reference of a send, send-once or dead name. */
	kern_return_t (*port_deallocate)(mach_port_name_t name);
	/* mach_port_move_member: put a receive right into a port set. */
	kern_return_t (*port_move_member)(mach_port_name_t member, mach_port_name_t set);
	/* mach_port_request_notification, notify given as MAKE_SEND_ONCE. */
	kern_return_t (*port_request_notification)(mach_port_name_t name, mach_msg_id_t id,
						   mach_port_mscount_t sync,
						   mach_port_name_t notify,
						   mach_port_name_t *previous);
	/* The make-send count of a receive right (MACH_PORT_RECEIVE_STATUS). */
	kern_return_t (*port_mscount)(mach_port_name_t name, mach_port_mscount_t *mscount);
	/* vm_allocate / vm_deallocate in the caller's address space. */
	kern_return_t (*vm_allocate)(vm_size_t size, vm_address_t *addr);
	kern_return_t (*vm_deallocate)(vm_address_t addr, vm_size_t size);
};

#endif /* SERVERS_LIB_SRV_IPC_H */
