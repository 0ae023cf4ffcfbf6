/*
 * Port names, rights and right types.
 *
 * A task names its rights with 32-bit names in its own IPC space.  Name 0
 * is MACH_PORT_NULL and all ones is MACH_PORT_DEAD; neither names a right.
 */
#ifndef _MACH_PORT_H_
#define _MACH_PORT_H_

#include <mach/std_types.h>

/* Plain 0 so that it compares equal to a null kernel port pointer too. */
#define MACH_PORT_NULL		0
#define MACH_PORT_DEAD		((mach_port_name_t) ~0U)
#define MACH_PORT_VALID(name) \
	(((name) != MACH_PORT_NULL) && ((name) != MACH_PORT_DEAD))

#define MACH_PORT_RIGHT_SEND		((mach_port_right_t) 0)
#define MACH_PORT_RIGHT_RECEIVE		((mach_port_right_t) 1)
#define MACH_PORT_RIGHT_SEND_ONCE	((mach_port_right_t) 2)
#define MACH_PORT_RIGHT_PORT_SET	((mach_port_right_t) 3)
#define MACH_PORT_RIGHT_DEAD_NAME	((mach_port_right_t) 4)
#define MACH_PORT_RIGHT_NUMBER		((mach_port_right_t) 5)

#define MACH_PORT_TYPE(right) \
	((mach_port_type_t) (((mach_port_type_t) 1) << ((right) + ((mach_port_right_t) 16))))
#define MACH_PORT_TYPE_NONE		((mach_port_type_t) 0)
#define MACH_PORT_TYPE_SEND		MACH_PORT_TYPE(MACH_PORT_RIGHT_SEND)
#define MACH_PORT_TYPE_RECEIVE		MACH_PORT_TYPE(MACH_PORT_RIGHT_RECEIVE)
#define MACH_PORT_TYPE_SEND_ONCE	MACH_PORT_TYPE(MACH_PORT_RIGHT_SEND_ONCE)
#define MACH_PORT_TYPE_PORT_SET		MACH_PORT_TYPE(MACH_PORT_RIGHT_PORT_SET)
#define MACH_PORT_TYPE_DEAD_NAME	MACH_PORT_TYPE(MACH_PORT_RIGHT_DEAD_NAME)

#define MACH_PORT_TYPE_SEND_RECEIVE \
	(MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_RECEIVE)
#define MACH_PORT_TYPE_SEND_RIGHTS \
	(MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_SEND_ONCE)
#define MACH_PORT_TYPE_PORT_RIGHTS \
	(MACH_PORT_TYPE_SEND_RIGHTS | MACH_PORT_TYPE_RECEIVE)
#define MACH_PORT_TYPE_PORT_OR_DEAD \
	(MACH_PORT_TYPE_PORT_RIGHTS | MACH_PORT_TYPE_DEAD_NAME)
#define MACH_PORT_TYPE_ALL_RIGHTS \
	(MACH_PORT_TYPE_PORT_OR_DEAD | MACH_PORT_TYPE_PORT_SET)

/* Queue limits: the kernel bounds every queue. */
#define MACH_PORT_QLIMIT_DEFAULT	((mach_port_msgcount_t) 5)
#define MACH_PORT_QLIMIT_MAX		((mach_port_msgcount_t) 16)
/*
 * What no queue exceeds, whatever its limit: messages that do not wait
 * for the limit (through send-once rights, the kernel's notifications and
 * replies) stop here.  Past it a send-once send fails with
 * MACH_SEND_NO_BUFFER and the kernel's messages are destroyed.  (XNU's
 * name; Harbor's value is smaller.)
 */
#define MACH_PORT_QLIMIT_KERNEL		((mach_port_msgcount_t) 1024)

/* The most user references a name can hold (send rights, dead names). */
#define MACH_PORT_UREFS_MAX		((mach_port_urefs_t) 0xffff)

/* mach_port_get_attributes / set_attributes flavors. */
typedef int mach_port_flavor_t;
typedef integer_t *mach_port_info_t;		/* flavor-dependent */

#define MACH_PORT_LIMITS_INFO		1	/* mach_port_limits_t: get, set */
#define MACH_PORT_RECEIVE_STATUS	2	/* mach_port_status_t: get */

typedef struct mach_port_limits {
	mach_port_msgcount_t	mpl_qlimit;
} mach_port_limits_t;

typedef struct mach_port_status {
	mach_port_name_t	mps_pset;	/* the set it is in, or NULL */
	mach_port_seqno_t	mps_seqno;	/* for the next message received */
	mach_port_mscount_t	mps_mscount;	/* send rights made */
	mach_port_msgcount_t	mps_qlimit;
	mach_port_msgcount_t	mps_msgcount;	/* messages queued */
	mach_port_rights_t	mps_sorights;	/* send-once rights */
	boolean_t		mps_srights;	/* any send rights? */
	boolean_t		mps_pdrequest;	/* port-destroyed requested? */
	boolean_t		mps_nsrequest;	/* no-senders requested? */
	natural_t		mps_flags;	/* none defined: 0 */
} mach_port_status_t;

#define MACH_PORT_LIMITS_INFO_COUNT \
	((mach_msg_type_number_t) (sizeof(mach_port_limits_t) / sizeof(integer_t)))
#define MACH_PORT_RECEIVE_STATUS_COUNT \
	((mach_msg_type_number_t) (sizeof(mach_port_status_t) / sizeof(integer_t)))
/* The largest flavor, in integer_t: the bound of mach_port_info_t in .defs. */
#define MACH_PORT_INFO_MAX		17

#endif /* _MACH_PORT_H_ */
