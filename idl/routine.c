/*
 * Routine checks: settle each argument and refuse what cannot be generated.
 *
 * Everything here runs before any output is written, so a routine that
 * passes routine_check() is one the generators can emit without further
 * questions.  Order of work: assign kinds (the request port), give each
 * argument its wire shape and direction, check flags against shapes, then
 * find counts (samecount, countinout) and tally descriptors.
 */
#include "routine.h"

#include <string.h>

#include "spec.h"
#include "util.h"

static const char *const kind_names[] = {
	[AK_NONE] = "in", [AK_IN] = "in", [AK_OUT] = "out", [AK_INOUT] = "inout",
	[AK_REQUESTPORT] = "requestport", [AK_REPLYPORT] = "replyport",
	[AK_SREPLYPORT] = "sreplyport", [AK_UREPLYPORT] = "ureplyport",
	[AK_WAITTIME] = "waittime", [AK_SENDTIME] = "sendtime",
	[AK_MSGOPTION] = "msgoption", [AK_MSGSEQNO] = "msgseqno",
	[AK_SERVERSECTOKEN] = "ServerSecToken",
	[AK_SERVERAUDITTOKEN] = "ServerAuditToken",
	[AK_SECTOKEN] = "SecToken", [AK_USERSECTOKEN] = "UserSecToken",
	[AK_AUDITTOKEN] = "AuditToken", [AK_USERAUDITTOKEN] = "UserAuditToken",
	[AK_SERVERCONTEXTTOKEN] = "ServerContextToken",
	[AK_SERVERIMPL] = "ServerImpl", [AK_USERIMPL] = "UserImpl",
};

const char *arg_kind_name(enum mig_arg_kind kind)
{
	return kind_names[kind];
}

const char *arg_flag_name(unsigned flag)
{
	static const char *const names[] = {
		"dealloc", "dealloc[]", "notdealloc", "servercopy", "countinout",
		"retcode", "islong", "isnotlong", "samecount", "physicalcopy",
		"overwrite", "auto", "const",
	};

	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (flag == 1u << i)
			return names[i];
	return "?";
}

unsigned arg_descriptors(const struct mig_arg *a)
{
	switch (a->sh.shape) {
	case SH_PORT:
	case SH_OOL:
	case SH_OOL_PORTS:
		return 1;
	case SH_PORT_ARRAY:
		return a->sh.max;
	default:
		return 0;
	}
}

bool arg_is_tail(const struct mig_arg *a)
{
	return a->sh.shape == SH_VAR_INLINE || a->sh.shape == SH_VAR_CSTRING;
}

bool arg_has_count_param(const struct mig_arg *a)
{
	return a->sh.variable && a->sh.shape != SH_VAR_CSTRING &&
	       !(a->flags & AF_SAMECOUNT);
}

const char *arg_count_name(const struct mig_arg *a)
{
	return mig_printf("%sCnt", a->count_of ? a->count_of->name : a->name);
}

const char *arg_server_ctype(const struct mig_arg *a)
{
	if (a->type->trans_type != NULL &&
	    ((a->type->intran && a->in_request) || (a->type->outtran && a->in_reply) ||
	     (a->type->intran && (a->kind == AK_REQUESTPORT || a->kind == AK_REPLYPORT ||
				  a->kind == AK_SREPLYPORT))))
		return a->type->trans_type;
	return type_server_cname(a->type);
}

const char *arg_user_ctype(const struct mig_arg *a)
{
	return type_user_cname(a->type);
}

/* The special kinds a routine may hold at most one of. */
static struct mig_arg **special_slot(struct mig_routine *rt, enum mig_arg_kind kind)
{
	switch (kind) {
	case AK_REQUESTPORT: return &rt->request_port;
	case AK_REPLYPORT:
	case AK_SREPLYPORT:
	case AK_UREPLYPORT: return &rt->reply_port;
	case AK_WAITTIME: return &rt->waittime_arg;
	case AK_SENDTIME: return &rt->sendtime_arg;
	case AK_MSGOPTION: return &rt->msgoption_arg;
	case AK_MSGSEQNO: return &rt->seqno_arg;
	case AK_SERVERSECTOKEN: return &rt->sectoken_arg;
	case AK_SERVERAUDITTOKEN: return &rt->audittoken_arg;
	default: return NULL;
	}
}

static bool assign_kinds(struct mig_routine *rt)
{
	bool ok = true, explicit_request = false;

	for (struct mig_arg *a = rt->args; a; a = a->next)
		if (a->kind == AK_REQUESTPORT)
			explicit_request = true;
	for (struct mig_arg *a = rt->args; a; a = a->next) {
		struct mig_arg **slot;

		if (a->kind >= AK_SECTOKEN) {
			diag_error(a->loc, "argument kind '%s' (argument '%s') is not"
				   " supported by harbor-mig", arg_kind_name(a->kind), a->name);
			ok = false;
			continue;
		}
		if (a->kind == AK_NONE || (a->kind == AK_IN && !explicit_request &&
					   rt->request_port == NULL && a == rt->args))
			a->kind = (!explicit_request && a == rt->args) ? AK_REQUESTPORT : AK_IN;
		slot = special_slot(rt, a->kind);
		if (slot == NULL)
			continue;
		if (*slot != NULL) {
			diag_error(a->loc, "routine '%s' has a second %s argument '%s'",
				   rt->name, arg_kind_name(a->kind), a->name);
			ok = false;
		}
		*slot = a;
	}
	if (rt->request_port == NULL) {
		diag_error(rt->loc, "routine '%s' has no request port argument", rt->name);
		ok = false;
	}
	if (rt->waittime_arg != NULL || rt->waittime != NULL) {
		if (rt->sendtime_arg != NULL || rt->sendtime != NULL) {
			diag_error(rt->loc, "routine '%s' has both a wait time and a send"
				   " time: harbor-mig supports one timeout per call", rt->name);
			ok = false;
		}
	}
	return ok;
}

/* What a special (non-data) argument's type must look like. */
static bool check_special(struct mig_arg *a)
{
	switch (a->kind) {
	case AK_REQUESTPORT:
	case AK_REPLYPORT:
	case AK_SREPLYPORT:
	case AK_UREPLYPORT:
		if (a->sh.shape != SH_PORT) {
			diag_error(a->loc, "%s argument '%s' must have a port type",
				   arg_kind_name(a->kind), a->name);
			return false;
		}
		return true;
	case AK_WAITTIME:
	case AK_SENDTIME:
	case AK_MSGOPTION:
	case AK_MSGSEQNO:
	case AK_SERVERSECTOKEN:
	case AK_SERVERAUDITTOKEN:
		if (a->sh.shape != SH_INLINE) {
			diag_error(a->loc, "%s argument '%s' must have a fixed-size data type",
				   arg_kind_name(a->kind), a->name);
			return false;
		}
		return true;
	default:
		return true;
	}
}

static bool flag_error(const struct mig_arg *a, unsigned flag, const char *why)
{
	diag_error(a->loc, "flag '%s' on argument '%s': %s", arg_flag_name(flag),
		   a->name, why);
	return false;
}

/*
 * `dealloc` on a port (GNU Mach's memory_object.defs uses it in KernelUser
 * mode) means the sender's right leaves with the message: a copied send
 * right is moved instead.  Move dispositions and rights made for the
 * message already leave nothing behind, and a polymorphic port's caller
 * chooses its disposition at run time, so for those the flag changes
 * nothing.
 */
static void apply_port_dealloc(struct mig_arg *a)
{
	if ((a->flags & AF_DEALLOC) && a->sh.in_disp == IPC_TYPE_COPY_SEND)
		a->sh.in_disp = IPC_TYPE_MOVE_SEND;
}

static bool check_flags(struct mig_arg *a)
{
	bool ool = a->sh.shape == SH_OOL || a->sh.shape == SH_OOL_PORTS;
	bool port = a->sh.shape == SH_PORT || a->sh.shape == SH_PORT_ARRAY;
	bool ok = true;

	if (port && (a->flags & AF_DEALLOC) && !(a->flags & (AF_DEALLOC_RT | AF_NOTDEALLOC)))
		apply_port_dealloc(a);
	else if ((a->flags & (AF_DEALLOC | AF_DEALLOC_RT | AF_NOTDEALLOC)) && !ool)
		ok = flag_error(a, a->flags & AF_DEALLOC ? AF_DEALLOC :
				a->flags & AF_DEALLOC_RT ? AF_DEALLOC_RT : AF_NOTDEALLOC,
				"only out-of-line data and ports can be deallocated on send");
	if ((a->flags & AF_SERVERCOPY) && !(ool && a->in_request))
		ok = flag_error(a, AF_SERVERCOPY, "only for out-of-line data sent to the server");
	if ((a->flags & AF_PHYSICALCOPY) && !ool)
		ok = flag_error(a, AF_PHYSICALCOPY, "only for out-of-line data");
	if ((a->flags & AF_COUNTINOUT) &&
	    !(a->kind == AK_OUT && arg_has_count_param(a)))
		ok = flag_error(a, AF_COUNTINOUT, "only for out arrays of variable size");
	if ((a->flags & AF_SAMECOUNT) && !a->sh.variable)
		ok = flag_error(a, AF_SAMECOUNT, "only for arrays of variable size");
	if (a->flags & AF_RETCODE)
		diag_warn(a->loc, "flag 'retcode' is obsolete and ignored");
	if (a->flags & AF_OVERWRITE)
		diag_warn(a->loc, "flag 'overwrite' on '%s' is ignored: out-of-line"
			  " data is always received into new memory", a->name);
	if (a->flags & AF_AUTO)
		diag_warn(a->loc, "flag 'auto' on '%s' is ignored", a->name);
	return ok;
}

/* Translations work on one value: a port or fixed-size data. */
static bool check_translation(const struct mig_arg *a)
{
	const struct mig_type *t = a->type;

	if (t->intranpayload != NULL && t->intran == NULL)
		diag_warn(a->loc, "intranpayload of type '%s' is ignored: Harbor has"
			  " no protected payloads", t->name ? t->name : "?");
	if ((t->intran || t->outtran) &&
	    a->sh.shape != SH_PORT && a->sh.shape != SH_INLINE) {
		diag_error(a->loc, "argument '%s': intran/outtran on type '%s' cannot be"
			   " generated (only ports and fixed-size data translate)",
			   a->name, t->name ? t->name : "?");
		return false;
	}
	return true;
}

static bool needs_cname(const struct mig_arg *a)
{
	if (type_cname(a->type) == NULL) {
		diag_error(a->loc, "argument '%s' needs a named type (its C type is"
			   " the type's name)", a->name);
		return false;
	}
	if ((a->sh.shape != SH_INLINE && a->sh.shape != SH_PORT &&
	     a->sh.shape != SH_CSTRING) && type_elem_cname(&a->sh) == NULL) {
		diag_error(a->loc, "the elements of argument '%s' need a named type",
			   a->name);
		return false;
	}
	return true;
}

static bool settle_arg(struct mig_routine *rt, struct mig_arg *a)
{
	if (!type_shape(a->type, &a->sh, a->loc))
		return false;
	a->in_request = a->kind == AK_IN || a->kind == AK_INOUT;
	a->in_reply = a->kind == AK_OUT || a->kind == AK_INOUT;
	if (rt->simple && a->in_reply) {
		diag_error(a->loc, "simpleroutine '%s' cannot have %s argument '%s'",
			   rt->name, arg_kind_name(a->kind), a->name);
		return false;
	}
	if (!check_special(a) || !check_flags(a) || !check_translation(a) ||
	    !needs_cname(a))
		return false;
	if (a->kind == AK_INOUT && a->sh.shape == SH_PORT &&
	    (a->sh.send_poly || a->sh.recv_poly)) {
		diag_error(a->loc, "inout polymorphic port '%s' cannot be generated", a->name);
		return false;
	}
	if (a->kind == AK_INOUT &&
	    (a->sh.shape == SH_PORT_ARRAY || a->sh.shape == SH_OOL_PORTS)) {
		diag_error(a->loc, "inout port array '%s' cannot be generated: use an in"
			   " and an out argument", a->name);
		return false;
	}
	if ((a->flags & AF_CONST) && !a->in_request)
		diag_warn(a->loc, "flag 'const' on '%s' applies only to in arguments",
			  a->name);
	return true;
}

/* samecount: the nearest earlier variable array going the same way. */
static bool settle_counts(struct mig_routine *rt, struct mig_arg *a)
{
	if (a->flags & AF_SAMECOUNT) {
		const struct mig_arg *src = NULL;

		for (struct mig_arg *b = rt->args; b != a; b = b->next)
			if (arg_has_count_param(b) && b->in_request == a->in_request &&
			    b->in_reply == a->in_reply)
				src = b;
		if (src == NULL) {
			diag_error(a->loc, "samecount array '%s' has no earlier array"
				   " of variable size to share a count with", a->name);
			return false;
		}
		a->count_of = src;
		return true;
	}
	a->req_count = a->sh.variable && (a->in_request ||
					  (a->flags & AF_COUNTINOUT));
	a->rep_count = a->sh.variable && a->in_reply;
	return true;
}

static bool check_names(const struct mig_routine *rt)
{
	static const char *const reserved[] = { "Head", "msgh_body", "RetCode" };
	bool ok = true;

	for (const struct mig_arg *a = rt->args; a; a = a->next) {
		for (unsigned i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
			if (strcmp(a->name, reserved[i]) == 0) {
				diag_error(a->loc, "argument name '%s' is reserved", a->name);
				ok = false;
			}
		for (const struct mig_arg *b = rt->args; b != a; b = b->next)
			if (strcmp(a->name, b->name) == 0) {
				diag_error(a->loc, "routine '%s' has two arguments named '%s'",
					   rt->name, a->name);
				ok = false;
			}
	}
	return ok;
}

bool routine_check(const struct mig_spec *spec, struct mig_routine *rt)
{
	bool ok = check_names(rt) && assign_kinds(rt);

	for (struct mig_arg *a = rt->args; ok && a; a = a->next)
		ok = settle_arg(rt, a) && settle_counts(rt, a);
	if (!ok)
		return false;
	for (struct mig_arg *a = rt->args; a; a = a->next) {
		if (a->in_request) {
			rt->req_descs += arg_descriptors(a);
			rt->req_tail |= arg_is_tail(a);
		}
		if (a->in_reply) {
			rt->rep_descs += arg_descriptors(a);
			rt->rep_tail |= arg_is_tail(a);
		}
	}
	if (spec->kernel_user && (rt->waittime || rt->waittime_arg))
		diag_warn(rt->loc, "routine '%s': wait times are ignored in KernelUser"
			  " stubs (the kernel's RPC does not time out)", rt->name);
	if (rt->req_descs > 4096 || rt->rep_descs > 4096) {
		diag_error(rt->loc, "routine '%s' needs more than 4096 descriptors",
			   rt->name);
		return false;
	}
	return true;
}
