/*
 * Kernel notification message ids.  Only the ids live here for now: the
 * generated RPC stubs need MACH_NOTIFY_SEND_ONCE to tell a dead server from
 * a mismatched reply.
 */
#ifndef _MACH_NOTIFY_H_
#define _MACH_NOTIFY_H_

#define MACH_NOTIFY_FIRST		0100
#define MACH_NOTIFY_PORT_DELETED	(MACH_NOTIFY_FIRST + 001)
#define MACH_NOTIFY_PORT_DESTROYED	(MACH_NOTIFY_FIRST + 005)
#define MACH_NOTIFY_NO_SENDERS		(MACH_NOTIFY_FIRST + 006)
#define MACH_NOTIFY_SEND_ONCE		(MACH_NOTIFY_FIRST + 007)
#define MACH_NOTIFY_DEAD_NAME		(MACH_NOTIFY_FIRST + 010)
#define MACH_NOTIFY_LAST		(MACH_NOTIFY_FIRST + 015)

#endif /* _MACH_NOTIFY_H_ */
