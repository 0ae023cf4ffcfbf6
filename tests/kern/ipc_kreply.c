/*
 * Self-tests of the bound on the kernel's replies (ipc_kobject.c,
 * ipc_mqueue.h): a space sends requests to a kernel object's port naming
 * a reply right of its own and never receives.  Replies through a send
 * right stop at the reply port's queue limit, through a send-once right
 * at IPC_MQUEUE_LIMIT_HARD; the rest are destroyed, so kernel memory
 * stays where it was however many requests follow, and comes back when
 * the port dies.  A client that receives its replies sees no change.
 *
 * The requests carry an id no kernel interface has: every one is
 * answered (MIG_BAD_ID) without touching the object, so a dummy object
 * serves.
 */
#include <mach/mig_errors.h>

#include "ipc/ipc_kobject.h"
#include "ipc/ipc_mqueue.h"
#include "ipc/ipc_right_copy.h"
#include "ipc/mach_msg.h"
#include "ipc/mach_port.h"
#include "ipc_testlib.h"
#include "kern/ktest.h"
#include "kern/printf.h"
#include "kern/zalloc.h"
#include "vm/vm_page.h"

#define KR_BAD_ID	999999		/* in no interface's range */
#define KR_FLOOD	100000u

struct kr_env {
	struct ipc_leak_mark mark;
	struct ipc_space *space;
	struct ipc_msg_caller caller;
	struct ipc_port *kport;
	mach_port_name_t kname;		/* send right to kport */
	mach_port_name_t reply;		/* receive right (and send rights) */
};

static int kr_object;

static void
kr_setup(struct kr_env *env)
{
	ipc_leak_begin(&env->mark);
	env->space = t_space();
	env->caller = (struct ipc_msg_caller){ env->space, { { 7, 7 } },
	    false };
	env->reply = t_receive(env->space);
	env->kport = ipc_kobject_alloc(&kr_object, IKOT_HOST);
	KEXPECT(env->kport != NULL);
	KEXPECT_EQ(ipc_right_copyout(env->space,
	    ipc_port_make_send(env->kport), MACH_MSG_TYPE_PORT_SEND,
	    &env->kname), KERN_SUCCESS);
}

/* The port dies with the space: its queue, and every reply, goes. */
static void
kr_teardown(struct kr_env *env)
{
	ipc_space_release(env->space);
	ipc_kobject_destroy(env->kport);
	ipc_leak_end(&env->mark);
}

/* A request from c to kname whose reply right is `reply` under `disp`. */
static mach_msg_return_t
kr_request_from(const struct ipc_msg_caller *c, mach_port_name_t kname,
    mach_port_name_t reply, mach_msg_type_name_t disp)
{
	struct ipc_user_header h = {
		.bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, disp),
		.size = sizeof(h),
		.remote = kname,
		.local = reply,
		.id = KR_BAD_ID,
	};

	return ipc_mach_msg(c, &h, MACH_SEND_MSG, sizeof(h), 0,
	    MACH_PORT_NULL, 0);
}

/* A message (id 1) from c to dest under disp; it does not wait. */
static mach_msg_return_t
kr_send(const struct ipc_msg_caller *c, mach_port_name_t dest,
    mach_msg_type_name_t disp)
{
	struct ipc_user_header h = {
		.bits = MACH_MSGH_BITS(disp, 0),
		.size = sizeof(h),
		.remote = dest,
		.id = 1,
	};

	return ipc_mach_msg(c, &h, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
	    sizeof(h), 0, MACH_PORT_NULL, 0);
}

/* One request whose reply right is made or copied from env->reply. */
static mach_msg_return_t
kr_request(struct kr_env *env, mach_msg_type_name_t reply_disp)
{
	return kr_request_from(&env->caller, env->kname, env->reply,
	    reply_disp);
}

/* n requests; KEXPECTs that each send succeeded (the kernel served it). */
static void
kr_requests(struct kr_env *env, mach_msg_type_name_t reply_disp, unsigned n)
{
	unsigned failed = 0;

	for (unsigned i = 0; i < n; i++)
		if (kr_request(env, reply_disp) != MACH_MSG_SUCCESS)
			failed++;
	KEXPECT_EQ(failed, 0);
}

/* Dequeue a message that must be the kernel's MIG_BAD_ID reply. */
static void
kr_expect_reply(struct kr_env *env)
{
	struct ipc_kmsg *kmsg = t_dequeue(env->space, env->reply);

	KEXPECT(kmsg != NULL);
	if (!kmsg)
		return;
	KEXPECT_EQ(kmsg->hdr.msgh_id, KR_BAD_ID + 100);
	KEXPECT_EQ(((mig_reply_error_t *)&kmsg->hdr)->RetCode, MIG_BAD_ID);
	ipc_kmsg_destroy(kmsg);
}

/*
 * Flood with `disp` replies: the queue stops at `bound`, every request
 * beyond it is still served but its reply destroyed, and the kernel's
 * memory after KR_FLOOD requests is what it was once the queue was full.
 */
static void
kr_flood(struct kr_env *env, mach_msg_type_name_t disp,
    mach_port_msgcount_t bound)
{
	uint64_t served = ipc_kobject_requests();
	uint64_t drops = ipc_mqueue_drops();
	size_t in_use, pages;

	kr_requests(env, disp, 2 * bound);
	KEXPECT_EQ(t_queued(env->space, env->reply), bound);
	KEXPECT_EQ(ipc_mqueue_drops() - drops, bound);
	zone_gc();
	in_use = zone_total_in_use();
	pages = vm_page_free_count();
	kr_requests(env, disp, KR_FLOOD - 2 * bound);
	KEXPECT_EQ(t_queued(env->space, env->reply), bound);
	KEXPECT_EQ(ipc_kobject_requests() - served, KR_FLOOD);
	KEXPECT_EQ(ipc_mqueue_drops() - drops, KR_FLOOD - bound);
	zone_gc();
	KEXPECT_EQ(zone_total_in_use(), in_use);
	KEXPECT_EQ(vm_page_free_count(), pages);
}

/* A client that receives its replies is not affected. */
KTEST(ipc_kreply_received)
{
	struct kr_env env;
	uint64_t drops;

	kr_setup(&env);
	drops = ipc_mqueue_drops();
	for (unsigned i = 0; i < 100; i++) {
		KEXPECT_EQ(kr_request(&env, MACH_MSG_TYPE_MAKE_SEND_ONCE),
		    MACH_MSG_SUCCESS);
		kr_expect_reply(&env);
		KEXPECT_EQ(kr_request(&env, MACH_MSG_TYPE_MAKE_SEND),
		    MACH_MSG_SUCCESS);
		kr_expect_reply(&env);
	}
	KEXPECT_EQ(ipc_mqueue_drops(), drops);
	KEXPECT_EQ(t_port(env.space, env.reply)->sorights, 0);
	kr_teardown(&env);
}

/*
 * Replies through send rights (MAKE_SEND, and COPY_SEND of the name's
 * own send right) stop at the queue limit, whatever else is queued, and
 * follow it when it changes.
 */
KTEST(ipc_kreply_send_right_bound)
{
	struct kr_env env;
	uint64_t drops;

	kr_setup(&env);
	kr_flood(&env, MACH_MSG_TYPE_MAKE_SEND, MACH_PORT_QLIMIT_DEFAULT);
	KEXPECT_EQ(t_give(env.space, env.reply, MACH_MSG_TYPE_MAKE_SEND,
	    env.space), env.reply);
	drops = ipc_mqueue_drops();
	kr_requests(&env, MACH_MSG_TYPE_COPY_SEND, 10);
	KEXPECT_EQ(ipc_mqueue_drops() - drops, 10);
	/* drained but for one; a user message, then replies up to the limit */
	for (unsigned i = 1; i < MACH_PORT_QLIMIT_DEFAULT; i++)
		kr_expect_reply(&env);
	t_send_simple(env.space, env.reply, 1);
	kr_requests(&env, MACH_MSG_TYPE_COPY_SEND, 10);
	KEXPECT_EQ(t_queued(env.space, env.reply), MACH_PORT_QLIMIT_DEFAULT);
	KEXPECT_EQ(mach_port_set_qlimit(env.space, env.reply,
	    MACH_PORT_QLIMIT_MAX), KERN_SUCCESS);
	kr_requests(&env, MACH_MSG_TYPE_MAKE_SEND, 20);
	KEXPECT_EQ(t_queued(env.space, env.reply), MACH_PORT_QLIMIT_MAX);
	kr_teardown(&env);
}

/*
 * Another space holding a send right to our port cannot use kernel
 * replies to queue more than our queue limit on it: the send right it
 * names as reply port gets what a user send with a zero timeout would.
 */
KTEST(ipc_kreply_other_space)
{
	struct kr_env env;
	struct ipc_space *other;
	struct ipc_msg_caller oc;
	mach_port_name_t okname, oreply;
	unsigned failed = 0;

	kr_setup(&env);
	other = t_space();
	oc = (struct ipc_msg_caller){ other, { { 8, 8 } }, false };
	okname = t_give(env.space, env.kname, MACH_MSG_TYPE_COPY_SEND, other);
	oreply = t_give(env.space, env.reply, MACH_MSG_TYPE_MAKE_SEND, other);
	for (unsigned i = 0; i < 1000; i++)
		if (kr_request_from(&oc, okname, oreply,
		    MACH_MSG_TYPE_COPY_SEND) != MACH_MSG_SUCCESS)
			failed++;
	KEXPECT_EQ(failed, 0);
	KEXPECT_EQ(t_queued(env.space, env.reply), MACH_PORT_QLIMIT_DEFAULT);
	/* and a user send from it now finds the queue full */
	KEXPECT_EQ(kr_send(&oc, oreply, MACH_MSG_TYPE_COPY_SEND),
	    MACH_SEND_TIMED_OUT);
	ipc_space_release(other);
	kr_teardown(&env);
}

/*
 * Replies through send-once rights stop at the hard bound.  Each queued
 * reply holds its send-once right and no other survives: the port's
 * count of send-once rights equals its queue, and a destroyed reply
 * sends no send-once notification (its right counts as used).
 */
KTEST(ipc_kreply_send_once_bound)
{
	struct kr_env env;
	size_t pages;

	kr_setup(&env);
	zone_gc();
	pages = vm_page_free_count();
	kr_flood(&env, MACH_MSG_TYPE_MAKE_SEND_ONCE, IPC_MQUEUE_LIMIT_HARD);
	KEXPECT_EQ(t_port(env.space, env.reply)->sorights,
	    IPC_MQUEUE_LIMIT_HARD);
	kprintf("# %u unreceived kernel replies (MIG_BAD_ID) pin %zu pages\n",
	    (unsigned)IPC_MQUEUE_LIMIT_HARD, pages - vm_page_free_count());
	for (unsigned i = 0; i < IPC_MQUEUE_LIMIT_HARD; i++)
		kr_expect_reply(&env);
	KEXPECT_EQ(t_queued(env.space, env.reply), 0);
	KEXPECT_EQ(t_port(env.space, env.reply)->sorights, 0);
	kr_teardown(&env);
}

/*
 * Every message that skips the queue limit stops at the hard bound.  A
 * sender's own send-once messages are refused before copy-in
 * (MACH_SEND_NO_BUFFER, nothing taken from the sender); a notification,
 * which nobody waits for, is dropped.
 */
KTEST(ipc_kreply_hard_bound)
{
	const mach_msg_type_name_t once = MACH_MSG_TYPE_MAKE_SEND_ONCE;
	struct kr_env env;
	uint64_t drops;
	mach_port_name_t so;
	unsigned failed = 0;

	kr_setup(&env);
	for (unsigned i = 0; i < IPC_MQUEUE_LIMIT_HARD; i++)
		if (kr_send(&env.caller, env.reply, once) != MACH_MSG_SUCCESS)
			failed++;
	KEXPECT_EQ(failed, 0);
	KEXPECT_EQ(t_queued(env.space, env.reply), IPC_MQUEUE_LIMIT_HARD);
	drops = ipc_mqueue_drops();
	KEXPECT_EQ(kr_send(&env.caller, env.reply, once), MACH_SEND_NO_BUFFER);
	KEXPECT_EQ(ipc_mqueue_drops(), drops);
	KEXPECT_EQ(t_port(env.space, env.reply)->sorights,
	    IPC_MQUEUE_LIMIT_HARD);
	/* refused through a send-once right of ours too, which stays ours */
	so = t_give(env.space, env.reply, MACH_MSG_TYPE_MAKE_SEND_ONCE,
	    env.space);
	KEXPECT_EQ(kr_send(&env.caller, so, MACH_MSG_TYPE_MOVE_SEND_ONCE),
	    MACH_SEND_NO_BUFFER);
	KEXPECT_EQ(t_type(env.space, so), MACH_PORT_TYPE_SEND_ONCE);
	/* a send-once right destroyed unused: its notification is dropped */
	KEXPECT_EQ(mach_port_deallocate(env.space, so), KERN_SUCCESS);
	KEXPECT_EQ(ipc_mqueue_drops() - drops, 1);
	KEXPECT_EQ(t_queued(env.space, env.reply), IPC_MQUEUE_LIMIT_HARD);
	KEXPECT_EQ(t_port(env.space, env.reply)->sorights,
	    IPC_MQUEUE_LIMIT_HARD);
	/* a receive makes room again */
	t_expect_notification(env.space, env.reply, 1);
	KEXPECT_EQ(kr_send(&env.caller, env.reply, once), MACH_MSG_SUCCESS);
	kr_teardown(&env);
}
