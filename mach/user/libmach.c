/*
 * The user side of Harbor's Mach interface (libmach.h).
 *
 * Reply ports: harbor-mig's stubs take one per call (mig_get_reply_port)
 * and give it back (mig_put_reply_port), or throw it away when a late
 * reply could still arrive (mig_dealloc_reply_port).  Each thread keeps
 * its port in the slot mach_reply_port_slot() names; ports of ended
 * threads sit in a small pool guarded by a spin lock that yields the
 * processor while it is held by another thread.
 */
#include <stdbool.h>

#include "kern/syscall_temp.h"
#include "libmach.h"

mach_port_name_t mach_reply_port(void) { return (mach_port_name_t)mach_trap6(MACH_TRAP_REPLY_PORT, 0, 0, 0, 0, 0, 0); }
mach_port_name_t thread_self_trap(void) { return (mach_port_name_t)mach_trap6(MACH_TRAP_THREAD_SELF, 0, 0, 0, 0, 0, 0); }
mach_port_name_t task_self_trap(void) { return (mach_port_name_t)mach_trap6(MACH_TRAP_TASK_SELF, 0, 0, 0, 0, 0, 0); }
mach_port_name_t host_self_trap(void) { return (mach_port_name_t)mach_trap6(MACH_TRAP_HOST_SELF, 0, 0, 0, 0, 0, 0); }

/* mach_msg_trap() is msg_trap.S, which loads the number itself. */
_Static_assert(MACH_TRAP_MSG == 31, "msg_trap.S's trap number");

kern_return_t
thread_switch(mach_port_name_t thread, int option, mach_msg_timeout_t time)
{
	return (kern_return_t)mach_trap6(MACH_TRAP_THREAD_SWITCH, thread,
	    (uint64_t)option, time, 0, 0, 0);
}

mach_msg_return_t
mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
    mach_msg_size_t send_size, mach_msg_size_t rcv_size,
    mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
    mach_port_name_t notify)
{
	if (notify != MACH_PORT_NULL)
		return (option & MACH_SEND_MSG) ? MACH_SEND_INVALID_NOTIFY :
		    MACH_RCV_INVALID_NOTIFY;
	return mach_msg_trap(msg, option, send_size, rcv_size, rcv_name,
	    timeout);
}

static mach_port_t task_self_cache, host_self_cache;

/*
 * Each thread keeps one reply port, as in Mach: harbor-mig's stubs get it
 * for every call and give it back only when a send failed.  It lives in
 * the slot mach_reply_port_slot() names: here the thread's control block
 * at the FS base (struct mach_tls), in a POSIX program the personality's
 * thread-local variable.  A thread that ends hands its port to the free
 * list for the next thread.
 */
static struct mach_tls main_tls;

#define REPLY_FREE_MAX	64
static mach_port_t reply_free[REPLY_FREE_MAX];
static unsigned reply_free_n, reply_total;
static volatile int reply_lock;

static void
pool_lock(void)
{
	while (__atomic_exchange_n(&reply_lock, 1, __ATOMIC_ACQUIRE))
		thread_switch(MACH_PORT_NULL, SWITCH_OPTION_NONE, 0);
}

static void
pool_unlock(void)
{
	__atomic_store_n(&reply_lock, 0, __ATOMIC_RELEASE);
}

static struct mach_tls *
tls(void)
{
	struct mach_tls *t;

	__asm__ volatile("movq %%fs:0, %0" : "=r"(t));
	return t;
}

/* Weak: a program that does not own %fs gives its own (libmach.h). */
__attribute__((weak)) mach_port_t *
mach_reply_port_slot(void)
{
	return &tls()->reply;
}

void
mach_tls_init(struct mach_tls *t)
{
	t->self = t;
	t->reply = MACH_PORT_NULL;
}

void
mach_init(void)
{
	task_self_cache = task_self_trap();
	host_self_cache = MACH_PORT_NULL;
	reply_free_n = 0;
	reply_total = 0;
	reply_lock = 0;
	mach_tls_init(&main_tls);
	mach_trap6(SYS_SET_TLS, (uint64_t)&main_tls, 0, 0, 0, 0, 0);
}

mach_port_t
mach_task_self(void)
{
	if (task_self_cache == MACH_PORT_NULL)
		task_self_cache = task_self_trap();
	return task_self_cache;
}

mach_port_t
mach_host_self(void)
{
	if (host_self_cache == MACH_PORT_NULL)
		host_self_cache = host_self_trap();
	return host_self_cache;
}

mach_port_t
mach_thread_self(void)
{
	return thread_self_trap();
}

/* The thread's first call: a port from the pool or a new one. */
static __attribute__((noinline)) mach_port_t
reply_port_take(mach_port_t *slot)
{
	pool_lock();
	if (reply_free_n > 0)
		*slot = reply_free[--reply_free_n];
	pool_unlock();
	if (*slot == MACH_PORT_NULL) {
		*slot = mach_reply_port();
		__atomic_add_fetch(&reply_total, 1, __ATOMIC_SEQ_CST);
	}
	return *slot;
}

/*
 * Every RPC comes here: the common case (the thread has its port) stays
 * a load and a test, with the first call's work out of line so that it
 * costs no saved registers.
 */
mach_port_t
mig_get_reply_port(void)
{
	mach_port_t *slot = mach_reply_port_slot();
	mach_port_t port = *slot;

	if (port != MACH_PORT_NULL)
		return port;
	return reply_port_take(slot);
}

void
mig_put_reply_port(mach_port_t port)
{
	(void)port;		/* it stays the thread's */
}

void
mig_dealloc_reply_port(mach_port_t port)
{
	mach_port_t *slot = mach_reply_port_slot();

	if (*slot == port)
		*slot = MACH_PORT_NULL;
	__atomic_sub_fetch(&reply_total, 1, __ATOMIC_SEQ_CST);
	/* A late reply could still come: the port goes (through a new one). */
	mach_port_mod_refs(mach_task_self(), port, MACH_PORT_RIGHT_RECEIVE, -1);
}

void
mach_thread_done(void)
{
	mach_port_t *slot = mach_reply_port_slot();
	bool kept = false;

	if (*slot == MACH_PORT_NULL)
		return;
	pool_lock();
	if (reply_free_n < REPLY_FREE_MAX) {
		reply_free[reply_free_n++] = *slot;
		kept = true;
	}
	pool_unlock();
	if (!kept)
		mig_dealloc_reply_port(*slot);
	*slot = MACH_PORT_NULL;
}

unsigned
mig_reply_ports(void)
{
	return reply_total;
}

void
mig_deallocate(vm_address_t addr, vm_size_t size)
{
	vm_deallocate(mach_task_self(), addr, size);
}

static void
destroy_right(mach_port_name_t name, mach_msg_type_name_t type)
{
	if (!MACH_PORT_VALID(name))
		return;
	if (type == MACH_MSG_TYPE_PORT_RECEIVE)
		mach_port_mod_refs(mach_task_self(), name, MACH_PORT_RIGHT_RECEIVE, -1);
	else if (type == MACH_MSG_TYPE_PORT_SEND || type == MACH_MSG_TYPE_PORT_SEND_ONCE)
		mach_port_deallocate(mach_task_self(), name);
}

/* Release every right and region a received message holds. */
void
mach_msg_destroy(mach_msg_header_t *msg)
{
	mach_msg_body_t *body = (mach_msg_body_t *)(msg + 1);
	mach_msg_descriptor_t *d = (mach_msg_descriptor_t *)(body + 1);

	destroy_right(msg->msgh_remote_port, MACH_MSGH_BITS_REMOTE(msg->msgh_bits));
	if (!MACH_MSGH_BITS_IS_COMPLEX(msg->msgh_bits))
		return;
	for (mach_msg_size_t i = 0; i < body->msgh_descriptor_count; i++) {
		switch (d->type.type) {
		case MACH_MSG_PORT_DESCRIPTOR:
			destroy_right(d->port.name, d->port.disposition);
			d = (mach_msg_descriptor_t *)((char *)d + sizeof(d->port));
			break;
		case MACH_MSG_OOL_PORTS_DESCRIPTOR: {
			mach_port_name_t *names = d->ool_ports.address;
			for (mach_msg_size_t j = 0; names && j < d->ool_ports.count; j++)
				destroy_right(names[j], d->ool_ports.disposition);
			if (names)
				vm_deallocate(mach_task_self(), (vm_address_t)names,
				    d->ool_ports.count * sizeof(*names));
			d = (mach_msg_descriptor_t *)((char *)d + sizeof(d->ool_ports));
			break;
		}
		default:
			if (d->out_of_line.address && d->out_of_line.size)
				vm_deallocate(mach_task_self(),
				    (vm_address_t)d->out_of_line.address,
				    d->out_of_line.size);
			d = (mach_msg_descriptor_t *)((char *)d + sizeof(d->out_of_line));
			break;
		}
	}
}
