/*
 * The type model: what a .defs "type" declaration says, and what shape the
 * value takes on the wire.
 *
 * A declaration builds a tree of struct mig_type (basic IPC types, arrays,
 * structs, C strings, ^ pointers).  type_shape() reduces that tree to one
 * of a few wire shapes, which is all the generators need to know: inline
 * fixed-size data, one port descriptor, an inline array of ports (one
 * descriptor each), a variable inline array or string (a count plus bytes
 * at the end of the message), or out-of-line memory or ports (one
 * descriptor plus a count).
 */
#ifndef IDL_TYPES_H
#define IDL_TYPES_H

#include <stdbool.h>
#include "diag.h"

/* IPC type numbers, as in <mach/message.h> (kept here: this is a host tool). */
#define IPC_TYPE_PORT_NAME		15u
#define IPC_TYPE_MOVE_RECEIVE		16u
#define IPC_TYPE_MOVE_SEND		17u
#define IPC_TYPE_MOVE_SEND_ONCE		18u
#define IPC_TYPE_COPY_SEND		19u
#define IPC_TYPE_MAKE_SEND		20u
#define IPC_TYPE_MAKE_SEND_ONCE		21u
#define IPC_TYPE_COPY_RECEIVE		22u
#define IPC_TYPE_POLYMORPHIC		0xffffffffu
#define IPC_TYPE_STRING			12u

/* A MACH_MSG_TYPE_* name or number, as the lexer and parser see it. */
struct ipc_sym {
	unsigned in;		/* disposition or data type, when sending */
	unsigned out;		/* the same, as the receiver sees it */
	unsigned bits;		/* size of one value; 0 if the name gives none */
	const char *name;	/* symbolic name, NULL for a bare number */
	const char *cdefault;	/* C type of an anonymous use, or NULL */
};

bool ipc_sym_lookup(const char *name, struct ipc_sym *sym);
void ipc_sym_number(unsigned number, struct ipc_sym *sym);
bool ipc_is_port(unsigned ipc);
unsigned ipc_received(unsigned ipc);

enum mig_type_form {
	MT_BASIC,	/* an IPC type: data or port */
	MT_ARRAY,	/* array[N] / array[*:N] / array[] of elem */
	MT_STRUCT,	/* struct[N] of elem, or struct { ... } (elem NULL) */
	MT_CSTRING,	/* c_string[N] / c_string[*:N] */
	MT_POINTER,	/* ^elem: out-of-line */
};

struct mig_type {
	const char *name;		/* NULL for an anonymous type */
	struct mig_loc loc;
	enum mig_type_form form;

	struct ipc_sym ipc;		/* MT_BASIC */
	struct mig_type *elem;		/* MT_ARRAY, MT_STRUCT, MT_POINTER */
	unsigned count;			/* element count, or bound if variable */
	bool variable;			/* [*:N], [] and c_string[*:N] */
	bool unbounded;			/* [] */
	unsigned struct_size;		/* struct { }: bytes and alignment */
	unsigned struct_align;

	/* C-side names and translations (see docs/idl.md). */
	const char *ctype;
	const char *cusertype;
	const char *cservertype;
	const char *trans_type;		/* what the server function sees */
	const char *intran;
	const char *outtran;
	const char *destructor;
	const char *intranpayload;
	struct mig_type *next_named;	/* type table chain */
};

enum mig_shape {
	SH_INLINE,	/* fixed-size inline data */
	SH_PORT,	/* one port descriptor */
	SH_PORT_ARRAY,	/* inline array of ports: one descriptor per slot */
	SH_VAR_INLINE,	/* count in the fixed part, data at the tail */
	SH_CSTRING,	/* char[N] inline, NUL within N */
	SH_VAR_CSTRING,	/* count (with NUL) in the fixed part, chars at the tail */
	SH_OOL,		/* out-of-line data descriptor */
	SH_OOL_PORTS,	/* out-of-line ports descriptor */
};

struct mig_shape_info {
	enum mig_shape shape;
	const struct mig_type *elem;	/* element type for arrays */
	unsigned size;			/* SH_INLINE: bytes; element bytes for arrays */
	unsigned max;			/* arrays and strings: bound (0 = none) */
	bool variable;			/* has a count on the wire */
	unsigned in_disp, out_disp;	/* ports: sent and received disposition */
	bool send_poly, recv_poly;	/* ports: disposition chosen at run time */
};

struct mig_type *type_new(enum mig_type_form form, struct mig_loc loc);
struct mig_type *type_copy(const struct mig_type *t);
/* A basic type from an IPC type, with an optional size in bits. */
struct mig_type *type_basic(struct ipc_sym sym, unsigned bits, struct mig_loc loc);
struct mig_type *type_struct_fields_begin(struct mig_loc loc);
void type_struct_field(struct mig_type *s, const struct mig_type *field,
		       struct mig_loc loc);

void type_table_reset(void);
void type_define(struct mig_type *t);
struct mig_type *type_lookup(const char *name);

/* Reduce a type to its wire shape; false (with a diagnostic) if it has none. */
bool type_shape(const struct mig_type *t, struct mig_shape_info *info,
		struct mig_loc use);

/* C names: of the type itself (for message fields), and as each side sees it. */
const char *type_cname(const struct mig_type *t);
const char *type_user_cname(const struct mig_type *t);
const char *type_server_cname(const struct mig_type *t);
/* The C element type of an array or string. */
const char *type_elem_cname(const struct mig_shape_info *info);

#endif /* IDL_TYPES_H */
