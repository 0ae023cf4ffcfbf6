/*
 * Types: the table of named types, the builtin IPC type names, and the
 * reduction of a declared type to its wire shape.
 */
#include "types.h"

#include <string.h>
#include <strings.h>

#include "util.h"

struct ipc_builtin {
	const char *name;
	unsigned in, out, bits;
	const char *ctype;
};

/*
 * MACH_MSG_TYPE_* names.  The data numbers are the historical typed-message
 * ones (harbor's messages carry no type tags, but .defs files may name a
 * type by number); port names map a sending disposition to what arrives.
 */
static const struct ipc_builtin ipc_builtins[] = {
	{ "MACH_MSG_TYPE_UNSTRUCTURED", 0, 0, 0, NULL },
	{ "MACH_MSG_TYPE_BIT", 0, 0, 1, NULL },
	{ "MACH_MSG_TYPE_BOOLEAN", 0, 0, 32, "boolean_t" },
	{ "MACH_MSG_TYPE_INTEGER_16", 1, 1, 16, "int16_t" },
	{ "MACH_MSG_TYPE_INTEGER_32", 2, 2, 32, "int32_t" },
	{ "MACH_MSG_TYPE_CHAR", 8, 8, 8, "char" },
	{ "MACH_MSG_TYPE_BYTE", 9, 9, 8, "uint8_t" },
	{ "MACH_MSG_TYPE_INTEGER_8", 9, 9, 8, "int8_t" },
	{ "MACH_MSG_TYPE_REAL", 10, 10, 0, NULL },
	{ "MACH_MSG_TYPE_REAL_32", 10, 10, 32, "float" },
	{ "MACH_MSG_TYPE_REAL_64", 10, 10, 64, "double" },
	{ "MACH_MSG_TYPE_INTEGER_64", 11, 11, 64, "int64_t" },
	{ "MACH_MSG_TYPE_STRING", 12, 12, 0, NULL },
	{ "MACH_MSG_TYPE_STRING_C", 12, 12, 0, NULL },
	{ "MACH_MSG_TYPE_PORT_NAME", 15, 15, 32, "mach_port_name_t" },
	{ "MACH_MSG_TYPE_MOVE_RECEIVE", 16, 16, 64, "mach_port_t" },
	{ "MACH_MSG_TYPE_MOVE_SEND", 17, 17, 64, "mach_port_t" },
	{ "MACH_MSG_TYPE_MOVE_SEND_ONCE", 18, 18, 64, "mach_port_t" },
	{ "MACH_MSG_TYPE_COPY_SEND", 19, 17, 64, "mach_port_t" },
	{ "MACH_MSG_TYPE_MAKE_SEND", 20, 17, 64, "mach_port_t" },
	{ "MACH_MSG_TYPE_MAKE_SEND_ONCE", 21, 18, 64, "mach_port_t" },
	{ "MACH_MSG_TYPE_COPY_RECEIVE", 22, 16, 64, "mach_port_t" },
	{ "MACH_MSG_TYPE_PORT_RECEIVE", IPC_TYPE_POLYMORPHIC, 16, 64, "mach_port_t" },
	{ "MACH_MSG_TYPE_PORT_SEND", IPC_TYPE_POLYMORPHIC, 17, 64, "mach_port_t" },
	{ "MACH_MSG_TYPE_PORT_SEND_ONCE", IPC_TYPE_POLYMORPHIC, 18, 64, "mach_port_t" },
	{ "MACH_MSG_TYPE_POLYMORPHIC", IPC_TYPE_POLYMORPHIC, IPC_TYPE_POLYMORPHIC, 64, "mach_port_t" },
	{ "polymorphic", IPC_TYPE_POLYMORPHIC, IPC_TYPE_POLYMORPHIC, 64, "mach_port_t" },
};

bool ipc_sym_lookup(const char *name, struct ipc_sym *sym)
{
	for (size_t i = 0; i < sizeof(ipc_builtins) / sizeof(ipc_builtins[0]); i++) {
		const struct ipc_builtin *b = &ipc_builtins[i];

		if (strcasecmp(b->name, name) == 0) {
			sym->in = b->in;
			sym->out = b->out;
			sym->bits = b->bits;
			sym->name = b->name;
			sym->cdefault = b->ctype;
			return true;
		}
	}
	return false;
}

void ipc_sym_number(unsigned number, struct ipc_sym *sym)
{
	static const struct { unsigned number; const char *name; } by_number[] = {
		{ 0, "MACH_MSG_TYPE_BOOLEAN" }, { 1, "MACH_MSG_TYPE_INTEGER_16" },
		{ 2, "MACH_MSG_TYPE_INTEGER_32" }, { 8, "MACH_MSG_TYPE_CHAR" },
		{ 9, "MACH_MSG_TYPE_BYTE" }, { 10, "MACH_MSG_TYPE_REAL" },
		{ 11, "MACH_MSG_TYPE_INTEGER_64" }, { 12, "MACH_MSG_TYPE_STRING" },
		{ 15, "MACH_MSG_TYPE_PORT_NAME" }, { 16, "MACH_MSG_TYPE_MOVE_RECEIVE" },
		{ 17, "MACH_MSG_TYPE_MOVE_SEND" }, { 18, "MACH_MSG_TYPE_MOVE_SEND_ONCE" },
		{ 19, "MACH_MSG_TYPE_COPY_SEND" }, { 20, "MACH_MSG_TYPE_MAKE_SEND" },
		{ 21, "MACH_MSG_TYPE_MAKE_SEND_ONCE" }, { 22, "MACH_MSG_TYPE_COPY_RECEIVE" },
	};

	for (size_t i = 0; i < sizeof(by_number) / sizeof(by_number[0]); i++) {
		if (by_number[i].number == number) {
			ipc_sym_lookup(by_number[i].name, sym);
			sym->name = NULL;
			return;
		}
	}
	sym->in = sym->out = number;
	sym->bits = 0;
	sym->name = NULL;
	sym->cdefault = NULL;
}

bool ipc_is_port(unsigned ipc)
{
	return ipc == IPC_TYPE_POLYMORPHIC ||
	       (ipc >= IPC_TYPE_MOVE_RECEIVE && ipc <= IPC_TYPE_COPY_RECEIVE);
}

/* The disposition a receiver sees for one a sender used. */
unsigned ipc_received(unsigned ipc)
{
	switch (ipc) {
	case IPC_TYPE_MOVE_RECEIVE:
	case IPC_TYPE_COPY_RECEIVE:
		return IPC_TYPE_MOVE_RECEIVE;
	case IPC_TYPE_MOVE_SEND:
	case IPC_TYPE_COPY_SEND:
	case IPC_TYPE_MAKE_SEND:
		return IPC_TYPE_MOVE_SEND;
	case IPC_TYPE_MOVE_SEND_ONCE:
	case IPC_TYPE_MAKE_SEND_ONCE:
		return IPC_TYPE_MOVE_SEND_ONCE;
	default:
		return IPC_TYPE_POLYMORPHIC;
	}
}

struct mig_type *type_new(enum mig_type_form form, struct mig_loc loc)
{
	struct mig_type *t = mig_alloc(sizeof(*t));

	t->form = form;
	t->loc = loc;
	return t;
}

struct mig_type *type_copy(const struct mig_type *t)
{
	struct mig_type *c = mig_alloc(sizeof(*c));

	*c = *t;
	c->next_named = NULL;
	return c;
}

static const char *cname_for_bits(unsigned bits)
{
	switch (bits) {
	case 8: return "uint8_t";
	case 16: return "uint16_t";
	case 32: return "uint32_t";
	case 64: return "uint64_t";
	default: return NULL;
	}
}

struct mig_type *type_basic(struct ipc_sym sym, unsigned bits, struct mig_loc loc)
{
	struct mig_type *t;

	/* (MACH_MSG_TYPE_STRING, bits) is the old spelling of c_string[bits/8]. */
	if (sym.in == IPC_TYPE_STRING && bits != 0) {
		t = type_new(MT_CSTRING, loc);
		t->count = bits / 8;
		return t;
	}
	t = type_new(MT_BASIC, loc);
	if (bits != 0 && bits != sym.bits && !ipc_is_port(sym.in)) {
		sym.cdefault = cname_for_bits(bits);
		if (sym.in == 10 && bits == 32)
			sym.cdefault = "float";
		if (sym.in == 10 && bits == 64)
			sym.cdefault = "double";
		sym.bits = bits;
	}
	t->ipc = sym;
	return t;
}

/* ---- the table of named types ---- */

static struct mig_type *type_table;

/* Types every .defs file may use without declaring them, as in GNU MIG. */
static void type_builtin(const char *name, const char *ipc, unsigned bits,
			 const char *ctype)
{
	struct ipc_sym sym;
	struct mig_loc none = { 0 };
	struct mig_type *t;

	ipc_sym_lookup(ipc, &sym);
	t = type_basic(sym, bits, none);
	t->name = name;
	t->ctype = ctype;
	t->next_named = type_table;
	type_table = t;
}

void type_table_reset(void)
{
	type_table = NULL;
	type_builtin("char", "MACH_MSG_TYPE_CHAR", 0, "char");
	type_builtin("short", "MACH_MSG_TYPE_INTEGER_16", 0, "short");
	type_builtin("int", "MACH_MSG_TYPE_INTEGER_32", 0, "int");
	type_builtin("int64", "MACH_MSG_TYPE_INTEGER_64", 0, "int64_t");
	type_builtin("uintptr_t", "MACH_MSG_TYPE_INTEGER_64", 0, "uintptr_t");
	type_builtin("intptr_t", "MACH_MSG_TYPE_INTEGER_64", 0, "intptr_t");
}

void type_define(struct mig_type *t)
{
	struct mig_type *old = type_lookup(t->name);

	if (old != NULL && old->loc.file != NULL)
		diag_warn(t->loc, "type '%s' redefined (previous definition at line %d)",
			  t->name, old->loc.line);
	t->next_named = type_table;
	type_table = t;
}

struct mig_type *type_lookup(const char *name)
{
	for (struct mig_type *t = type_table; t != NULL; t = t->next_named)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}

/* ---- struct { ... } ---- */

static unsigned type_align(const struct mig_type *t, unsigned size)
{
	if (t->form == MT_STRUCT && t->elem == NULL)
		return t->struct_align ? t->struct_align : 1;
	if ((t->form == MT_ARRAY || t->form == MT_STRUCT) && t->elem != NULL) {
		struct mig_shape_info e;

		if (type_shape(t->elem, &e, t->loc))
			return type_align(t->elem, e.size);
	}
	if (t->form == MT_CSTRING)
		return 1;
	return size >= 8 ? 8 : size >= 4 ? 4 : size >= 2 ? 2 : 1;
}

struct mig_type *type_struct_fields_begin(struct mig_loc loc)
{
	struct mig_type *s = type_new(MT_STRUCT, loc);

	s->struct_align = 1;
	return s;
}

void type_struct_field(struct mig_type *s, const struct mig_type *field,
		       struct mig_loc loc)
{
	struct mig_shape_info f;
	unsigned align;

	if (!type_shape(field, &f, loc))
		return;
	if (f.shape != SH_INLINE && f.shape != SH_CSTRING) {
		diag_error(loc, "struct field of type '%s' is not inline data",
			   field->name ? field->name : "(anonymous)");
		return;
	}
	if (f.shape == SH_CSTRING)
		f.size = f.max;
	align = type_align(field, f.size);
	if (align > s->struct_align)
		s->struct_align = align;
	s->struct_size = (s->struct_size + align - 1) / align * align + f.size;
}
