/*
 * MIG return codes, the short error reply, and the tables a generated
 * server exports.  See docs/idl.md for how these fit together.
 */
#ifndef _MACH_MIG_ERRORS_H_
#define _MACH_MIG_ERRORS_H_

#include <mach/std_types.h>
#include <mach/message.h>
#include <mach/kern_return.h>

#define MIG_TYPE_ERROR		-300	/* client: reply has the wrong shape */
#define MIG_REPLY_MISMATCH	-301	/* client: reply id is not request id + 100 */
#define MIG_REMOTE_ERROR	-302	/* server found an error in the request */
#define MIG_BAD_ID		-303	/* server: unknown request id */
#define MIG_BAD_ARGUMENTS	-304	/* server: request failed its checks */
#define MIG_NO_REPLY		-305	/* server function: send no reply now */
#define MIG_EXCEPTION		-306
#define MIG_ARRAY_TOO_LARGE	-307	/* an array exceeds its bound or buffer */
#define MIG_SERVER_DIED		-308	/* client: the reply right was destroyed */
#define MIG_TRAILER_ERROR	-309	/* server: trailer too short for an argument */

/*
 * The reply a server sends when it fails, and the prefix of every
 * non-complex reply: a server loop reads RetCode from here to decide
 * whether to reply and whether to destroy the request.
 */
typedef struct {
	mach_msg_header_t	Head;
	kern_return_t		RetCode;
} mig_reply_error_t;

/*
 * Its size on the wire: up to RetCode, without the padding sizeof() adds
 * in the kernel's form (whose header holds pointers).  Generated code
 * sizes every message the same way (<type>_SIZE), so that the user's and
 * the kernel's sizes differ by exactly the 8 bytes of header.
 */
#define MIG_REPLY_ERROR_SIZE \
	((mach_msg_size_t)(offsetof(mig_reply_error_t, RetCode) + sizeof(kern_return_t)))

typedef void (*mig_stub_routine_t)(mach_msg_header_t *InHeadP,
				   mach_msg_header_t *OutHeadP);
typedef mig_stub_routine_t mig_routine_t;
typedef mig_routine_t (*mig_server_routine_t)(mach_msg_header_t *InHeadP);

/* One routine of a subsystem; a null stub marks a skipped id. */
struct mig_routine_descriptor {
	mig_stub_routine_t	stub_routine;
	unsigned int		argc;		/* arguments of the server function */
	unsigned int		descr_count;	/* descriptors in the request */
	mach_msg_size_t		max_reply_msg;	/* largest reply, without trailer */
};

/*
 * The head of every generated <subsystem>_subsystem object; the routine
 * table follows it, (end - start) entries long.
 */
struct mig_subsystem_head {
	mig_server_routine_t	server;		/* <subsystem>_server_routine */
	mach_msg_id_t		start;		/* first request id */
	mach_msg_id_t		end;		/* one past the last */
	mach_msg_size_t		maxsize;	/* request or reply, with trailer */
};

#ifdef MACH_KERNEL
/*
 * KernelUser stubs send through these (provided by the kernel's IPC code):
 * the kernel supplies and consumes the reply port itself.
 */
extern mach_msg_return_t mach_msg_send_from_kernel(mach_msg_header_t *msg,
						   mach_msg_size_t send_size);
extern mach_msg_return_t mach_msg_rpc_from_kernel(mach_msg_header_t *msg,
						  mach_msg_size_t send_size,
						  mach_msg_size_t rcv_size);
#else
/* Per-thread reply port and memory helpers (Harbor's user library). */
extern mach_port_t mig_get_reply_port(void);
extern void mig_dealloc_reply_port(mach_port_t reply_port);
extern void mig_put_reply_port(mach_port_t reply_port);
extern void mig_deallocate(vm_address_t addr, vm_size_t size);
#endif

#endif /* _MACH_MIG_ERRORS_H_ */
