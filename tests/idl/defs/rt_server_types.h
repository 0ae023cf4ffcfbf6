/* Server-only types of roundtrip.defs: translated objects. */
#ifndef RT_SERVER_TYPES_H
#define RT_SERVER_TYPES_H

#include "rt_types.h"

struct object {
	mach_port_t port;
	int refs;
};
typedef struct object *object_ptr_t;

object_ptr_t obj_lookup(mach_port_t port);
mach_port_t obj_export(object_ptr_t obj);
void obj_release(object_ptr_t obj);

#endif
