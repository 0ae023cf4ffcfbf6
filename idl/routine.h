/*
 * Routines and their arguments.
 *
 * The parser hands over each routine as declared; routine_check() settles
 * what every argument is (its kind, wire shape, which messages carry it,
 * which count it uses) and rejects, with a diagnostic, anything the
 * generators could not turn into correct code.  After a successful check
 * the generators only read these structures.
 */
#ifndef IDL_ROUTINE_H
#define IDL_ROUTINE_H

#include <stdbool.h>
#include "diag.h"
#include "types.h"

enum mig_arg_kind {
	AK_NONE,		/* no keyword: request port if first, else in */
	AK_IN, AK_OUT, AK_INOUT,
	AK_REQUESTPORT, AK_REPLYPORT, AK_SREPLYPORT, AK_UREPLYPORT,
	AK_WAITTIME, AK_SENDTIME, AK_MSGOPTION, AK_MSGSEQNO,
	AK_SERVERSECTOKEN, AK_SERVERAUDITTOKEN,
	/* Parsed but not generated: each gets a diagnostic. */
	AK_SECTOKEN, AK_USERSECTOKEN, AK_AUDITTOKEN, AK_USERAUDITTOKEN,
	AK_SERVERCONTEXTTOKEN, AK_SERVERIMPL, AK_USERIMPL,
};

enum mig_arg_flag {
	AF_DEALLOC = 1 << 0,
	AF_DEALLOC_RT = 1 << 1,		/* dealloc[]: chosen at run time */
	AF_NOTDEALLOC = 1 << 2,
	AF_SERVERCOPY = 1 << 3,
	AF_COUNTINOUT = 1 << 4,
	AF_RETCODE = 1 << 5,
	AF_ISLONG = 1 << 6,
	AF_ISNOTLONG = 1 << 7,
	AF_SAMECOUNT = 1 << 8,
	AF_PHYSICALCOPY = 1 << 9,
	AF_OVERWRITE = 1 << 10,
	AF_AUTO = 1 << 11,
	AF_CONST = 1 << 12,
};

const char *arg_kind_name(enum mig_arg_kind kind);
const char *arg_flag_name(unsigned flag);

struct mig_arg {
	struct mig_arg *next;
	const char *name;
	struct mig_loc loc;
	enum mig_arg_kind kind;
	struct mig_type *type;
	unsigned flags;

	/* Settled by routine_check(). */
	struct mig_shape_info sh;
	bool in_request;		/* carried in the request body */
	bool in_reply;			/* carried in the reply body */
	bool req_count;			/* request has a <name>Cnt field */
	bool rep_count;			/* reply has a <name>Cnt field */
	const struct mig_arg *count_of;	/* whose <name>Cnt this array uses */
};

struct mig_routine {
	struct mig_routine *next;
	const char *name;
	struct mig_loc loc;
	bool simple;
	bool skipped;			/* a "skip": only takes an id */
	unsigned number;		/* id - subsystem base */
	struct mig_arg *args;

	/* Statement-level settings in force where the routine was declared. */
	const char *waittime;
	const char *sendtime;
	const char *msgoption;

	/* Settled by routine_check(). */
	struct mig_arg *request_port;
	struct mig_arg *reply_port;	/* replyport, ureplyport or sreplyport */
	struct mig_arg *waittime_arg, *sendtime_arg, *msgoption_arg;
	struct mig_arg *seqno_arg, *sectoken_arg, *audittoken_arg;
	unsigned req_descs, rep_descs;	/* descriptor counts */
	bool req_tail, rep_tail;	/* variable-size data at the end */
};

struct mig_spec;
bool routine_check(const struct mig_spec *spec, struct mig_routine *rt);

/* Descriptors one argument takes in a message. */
unsigned arg_descriptors(const struct mig_arg *a);
bool arg_is_tail(const struct mig_arg *a);
/* The argument has a count parameter in the user and server functions. */
bool arg_has_count_param(const struct mig_arg *a);
/* Name of the count field an array uses in a message ("xCnt"). */
const char *arg_count_name(const struct mig_arg *a);
/* Server-side C type, after intran/outtran translation. */
const char *arg_server_ctype(const struct mig_arg *a);
const char *arg_user_ctype(const struct mig_arg *a);

#endif /* IDL_ROUTINE_H */
