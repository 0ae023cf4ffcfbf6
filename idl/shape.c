/*
 * From declared type to wire shape (see types.h), and the C names the
 * generators print for a type.
 *
 * The rules, in short: ports travel in port descriptors; data of a fixed
 * size travels inline; bounded variable arrays and strings travel inline
 * with a count; unbounded arrays and anything under ^ travel out of line.
 * Arrays of ports are never laid inline as names: a bounded one becomes
 * one port descriptor per slot, an unbounded one an OOL-ports descriptor.
 */
#include "types.h"

#include <stdint.h>

#include "util.h"

static bool mul_fits(unsigned a, unsigned b, unsigned *r)
{
	uint64_t p = (uint64_t)a * b;

	if (p > 0x7fffffffu)
		return false;
	*r = (unsigned)p;
	return true;
}

static const char *type_desc(const struct mig_type *t)
{
	return t->name ? t->name : "(anonymous type)";
}

static bool basic_shape(const struct mig_type *t, struct mig_shape_info *info,
			struct mig_loc use)
{
	bool in_port = ipc_is_port(t->ipc.in), out_port = ipc_is_port(t->ipc.out);

	if (in_port || out_port) {
		if (!in_port || !out_port) {
			diag_error(use, "type '%s' mixes a port and data in its IPC types",
				   type_desc(t));
			return false;
		}
		info->shape = SH_PORT;
		info->in_disp = t->ipc.in;
		info->out_disp = ipc_received(t->ipc.out);
		info->send_poly = t->ipc.in == IPC_TYPE_POLYMORPHIC;
		info->recv_poly = t->ipc.out == IPC_TYPE_POLYMORPHIC;
		info->size = 0;
		return true;
	}
	if (t->ipc.bits == 0) {
		diag_error(use, "type '%s' has no size: give one with the (type, size) form",
			   type_desc(t));
		return false;
	}
	if (t->ipc.bits % 8 != 0) {
		diag_error(use, "type '%s' is %u bits: only whole bytes can be generated",
			   type_desc(t), t->ipc.bits);
		return false;
	}
	info->shape = SH_INLINE;
	info->size = t->ipc.bits / 8;
	return true;
}

static bool array_shape(const struct mig_type *t, struct mig_shape_info *info,
			struct mig_loc use)
{
	struct mig_shape_info e;

	if (!type_shape(t->elem, &e, use))
		return false;
	if (!t->unbounded && t->count == 0) {
		diag_error(use, "array '%s' has a bound of 0", type_desc(t));
		return false;
	}
	info->elem = t->elem;
	info->max = t->unbounded ? 0 : t->count;
	info->variable = t->variable;
	if (e.shape == SH_PORT) {
		info->shape = t->unbounded ? SH_OOL_PORTS : SH_PORT_ARRAY;
		info->in_disp = e.in_disp;
		info->out_disp = e.out_disp;
		info->send_poly = e.send_poly;
		info->recv_poly = e.recv_poly;
		/*
		 * A polymorphic array has one disposition for all its ports, as
		 * an OOL-ports descriptor does: the sender's Poly argument goes
		 * into every slot, and a receiver requires the slots to agree.
		 */
		if (info->shape == SH_PORT_ARRAY && info->max > 1024) {
			diag_error(use, "inline array '%s' of %u ports is too large (at most 1024);"
				   " use ^array or array[] to send it out of line",
				   type_desc(t), info->max);
			return false;
		}
		return true;
	}
	if (e.shape != SH_INLINE) {
		diag_error(use, "array '%s': elements of this kind cannot be generated"
			   " (only inline data or ports)", type_desc(t));
		return false;
	}
	if (t->unbounded) {
		info->shape = SH_OOL;
		info->size = e.size;
		return true;
	}
	if (t->variable) {
		info->shape = SH_VAR_INLINE;
		info->size = e.size;
		if (!mul_fits(e.size, t->count, &(unsigned){0})) {
			diag_error(use, "array '%s' is too large", type_desc(t));
			return false;
		}
		return true;
	}
	info->shape = SH_INLINE;
	if (!mul_fits(e.size, t->count, &info->size)) {
		diag_error(use, "array '%s' is too large", type_desc(t));
		return false;
	}
	return true;
}

static bool pointer_shape(const struct mig_type *t, struct mig_shape_info *info,
			  struct mig_loc use)
{
	struct mig_shape_info e;

	if (!type_shape(t->elem, &e, use))
		return false;
	switch (e.shape) {
	case SH_VAR_INLINE:
	case SH_OOL:
		*info = e;
		info->shape = SH_OOL;
		return true;
	case SH_INLINE:
		*info = e;
		info->shape = SH_OOL;
		info->variable = false;
		if (t->elem->form == MT_ARRAY) {
			info->elem = t->elem->elem;
			info->max = t->elem->count;
			info->size = e.size / t->elem->count;
		} else {
			info->elem = t->elem;
			info->max = 1;
		}
		return true;
	case SH_PORT_ARRAY:
	case SH_OOL_PORTS:
		*info = e;
		info->shape = SH_OOL_PORTS;
		return true;
	default:
		diag_error(use, "'^' of type '%s' cannot be generated (only arrays"
			   " of data or ports, or fixed-size data)", type_desc(t->elem));
		return false;
	}
}

bool type_shape(const struct mig_type *t, struct mig_shape_info *info,
		struct mig_loc use)
{
	*info = (struct mig_shape_info){ 0 };
	switch (t->form) {
	case MT_BASIC:
		return basic_shape(t, info, use);
	case MT_ARRAY:
		return array_shape(t, info, use);
	case MT_POINTER:
		return pointer_shape(t, info, use);
	case MT_CSTRING:
		if (t->count == 0) {
			diag_error(use, "c_string '%s' has a bound of 0", type_desc(t));
			return false;
		}
		info->shape = t->variable ? SH_VAR_CSTRING : SH_CSTRING;
		info->max = t->count;
		info->size = 1;
		info->variable = t->variable;
		return true;
	case MT_STRUCT:
		if (t->elem == NULL) {
			unsigned a = t->struct_align ? t->struct_align : 1;

			info->shape = SH_INLINE;
			info->size = (t->struct_size + a - 1) / a * a;
			if (info->size == 0) {
				diag_error(use, "struct '%s' is empty", type_desc(t));
				return false;
			}
			return true;
		} else {
			struct mig_shape_info e;

			if (!type_shape(t->elem, &e, use))
				return false;
			if (e.shape != SH_INLINE) {
				diag_error(use, "struct '%s' must be made of inline data",
					   type_desc(t));
				return false;
			}
			if (t->count == 0) {
				diag_error(use, "struct '%s' has a count of 0", type_desc(t));
				return false;
			}
			info->shape = SH_INLINE;
			info->elem = t->elem;
			info->max = t->count;
			if (!mul_fits(e.size, t->count, &info->size)) {
				diag_error(use, "struct '%s' is too large", type_desc(t));
				return false;
			}
			return true;
		}
	}
	return false;
}

/* ---- C names ---- */

static const char *default_cname(const struct mig_type *t)
{
	switch (t->form) {
	case MT_BASIC:
		if (ipc_is_port(t->ipc.in))
			return "mach_port_t";
		return t->ipc.cdefault;
	case MT_CSTRING:
		return "char *";
	case MT_ARRAY:
	case MT_POINTER: {
		const char *e = type_cname(t->elem);

		return e ? mig_printf("%s *", e) : NULL;
	}
	case MT_STRUCT:
		return NULL;
	}
	return NULL;
}

const char *type_cname(const struct mig_type *t)
{
	if (t->ctype)
		return t->ctype;
	if (t->name)
		return t->name;
	return default_cname(t);
}

const char *type_user_cname(const struct mig_type *t)
{
	return t->cusertype ? t->cusertype : type_cname(t);
}

const char *type_server_cname(const struct mig_type *t)
{
	return t->cservertype ? t->cservertype : type_cname(t);
}

const char *type_elem_cname(const struct mig_shape_info *info)
{
	if (info->shape == SH_CSTRING || info->shape == SH_VAR_CSTRING)
		return "char";
	if (info->elem != NULL)
		return type_cname(info->elem);
	if (info->shape == SH_PORT_ARRAY || info->shape == SH_OOL_PORTS)
		return "mach_port_t";
	return NULL;
}
