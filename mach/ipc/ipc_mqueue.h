/*
 * Message queues: the FIFO of messages waiting on one port.
 *
 * Messages sent through send rights respect the port's queue limit
 * (ipc_port.qlimit); messages sent through send-once rights, and the
 * kernel's notifications (which always go through send-once rights),
 * do not, as in Mach: a reply or a notification must never make the
 * kernel wait.  They are still bounded: a queue never grows past
 * IPC_MQUEUE_LIMIT_HARD messages (what comes then is destroyed), and the
 * kernel's replies through send rights stop at qlimit (ipc_kobject.c).
 *
 * Protected by the port's lock.
 */
#ifndef IPC_IPC_MQUEUE_H
#define IPC_IPC_MQUEUE_H

#include <mach/message.h>
#include <mach/port.h>
#include "kern/dlist.h"
#include "kern/types.h"
#include "kern/waitq.h"

struct ipc_kmsg;
struct ipc_port;
struct ipc_space;

struct ipc_mqueue {
	dlist_head_t messages;		/* struct ipc_kmsg.link, oldest first */
	mach_port_msgcount_t count;
	struct waitq receivers;		/* threads receiving on this port */
	struct waitq senders;		/* threads waiting for queue room */
};

/*
 * The most messages a queue holds, whatever the queue limit.  Only the
 * holder of a port's receive right can make send-once rights to it, so
 * only it (or whoever it gave them to, one message each) can fill its
 * queue past qlimit — with requests to kernel objects that name a
 * send-once reply right and are never received, notifications, or
 * messages sent through MAKE_SEND_ONCE.  At this bound the message is
 * destroyed instead of queued: kernel memory stays bounded per port, and
 * only the task that flooded its own port loses messages.  Far above
 * MACH_PORT_QLIMIT_MAX (16) plus the overshoot of admitted senders, and
 * above any burst of notifications a server expects to drain.
 */
#define IPC_MQUEUE_LIMIT_HARD	MACH_PORT_QLIMIT_KERNEL

void ipc_mqueue_init(struct ipc_mqueue *mq);

/*
 * Queue kmsg on its destination port (kmsg->hdr.msgh_remote_port),
 * whatever the queue limit, unless the queue holds `limit` messages or
 * more: then the message is destroyed (every right and copy in it
 * released; a send-once destination counts as used, so no notification
 * follows), counted in ipc_mqueue_drops(), and MACH_SEND_NO_BUFFER
 * returned.  The message is consumed either way: if the port is dead it
 * is destroyed and MACH_SEND_INVALID_DEST returned.
 */
mach_msg_return_t ipc_mqueue_deliver_bounded(struct ipc_kmsg *kmsg,
    mach_port_msgcount_t limit);

/* ipc_mqueue_deliver_bounded at IPC_MQUEUE_LIMIT_HARD. */
mach_msg_return_t ipc_mqueue_deliver(struct ipc_kmsg *kmsg);

/* Messages destroyed at a bound since boot (for tests). */
uint64_t ipc_mqueue_drops(void);

/*
 * Take the oldest message of port's queue and stamp it with the port's
 * next sequence number; NULL if the queue is empty.
 */
struct ipc_kmsg *ipc_mqueue_dequeue(struct ipc_port *port);

/* Destroy every queued message (a port dies). */
void ipc_mqueue_flush(struct ipc_port *port);

/*
 * Wait until port's queue has room for one more message through a send
 * right: with MACH_SEND_TIMEOUT at most `timeout_ms` (0: do not wait);
 * MACH_SEND_ALWAYS never waits.  The caller holds a reference on port
 * and nothing else of the message: mach_msg waits here BEFORE copying
 * the message in, so MACH_SEND_TIMED_OUT, MACH_SEND_INTERRUPTED
 * (thread_abort) and MACH_SEND_INVALID_DEST (the port died while
 * waiting) leave the sender exactly as it was (atomic send failure).
 *
 * The race: copy-in may block (page faults, memory) between this wait
 * and the enqueue, and another sender may take the room meanwhile.  The
 * message is then queued anyway (ipc_mqueue_deliver): each sender
 * overshoots the limit by at most the one message it was admitted for,
 * so the queue never holds more than qlimit + (senders admitted while
 * another copy-in blocked).  Re-waiting after copy-in would bring back
 * the destructive failure this avoids.
 */
mach_msg_return_t ipc_mqueue_wait_room(struct ipc_port *port,
    mach_msg_option_t option, mach_msg_timeout_t timeout_ms);

/*
 * Send kmsg (copied in) to its destination, waiting while the queue is
 * full (ipc_mqueue_wait_room; send-once destinations never wait).  The
 * message is consumed whatever the result: on a failed wait it is
 * destroyed.  For kernel senders that already hold the message; user
 * sends wait before copy-in instead (mach_msg.c).
 */
mach_msg_return_t ipc_mqueue_send(struct ipc_kmsg *kmsg,
    mach_msg_option_t option, mach_msg_timeout_t timeout_ms);

/*
 * Receive from `name` in space (a receive right or a port set), waiting
 * for a message: with MACH_RCV_TIMEOUT at most `timeout_ms`.  A message
 * larger than `max_size` (its size plus the trailer asked for) gives
 * MACH_RCV_TOO_LARGE with its size in *sizep: with MACH_RCV_LARGE it stays
 * queued, otherwise it is dequeued and destroyed.  Other results:
 * MACH_RCV_INVALID_NAME, MACH_RCV_TIMED_OUT, MACH_RCV_INTERRUPTED
 * (thread_abort), MACH_RCV_PORT_DIED (the right went away while waiting).
 */
mach_msg_return_t ipc_mqueue_receive(struct ipc_space *space,
    mach_port_name_t name, mach_msg_option_t option,
    mach_msg_size_t max_size, mach_msg_timeout_t timeout_ms,
    struct ipc_kmsg **kmsgp, mach_msg_size_t *sizep);

/*
 * Receive from a port whose receive right the kernel holds (no space,
 * no name: the reply port of mach_msg_rpc_from_kernel), waiting without
 * a time limit but interruptibly (thread_abort, termination:
 * MACH_RCV_INTERRUPTED).  Too large for max_size: the message is
 * destroyed and MACH_RCV_TOO_LARGE returned.
 */
mach_msg_return_t ipc_mqueue_receive_kernel(struct ipc_port *port,
    mach_msg_size_t max_size, struct ipc_kmsg **kmsgp);

/* Wake every thread waiting on the port (it died or moved; qlimit rose). */
void ipc_mqueue_wake_all(struct ipc_port *port);

/* The size a receiver needs for a message: body and trailer (option). */
mach_msg_size_t ipc_mqueue_needed_size(const struct ipc_kmsg *kmsg,
    mach_msg_option_t option);

#endif
