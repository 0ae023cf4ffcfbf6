/*
 * Basic scalar types of the Harbor kernel interface.
 *
 * Everything here has a fixed size on x86_64 so that a message laid out by
 * one task reads the same in another.  The one exception is mach_port_t:
 * in user space it is a 32-bit port name, but inside the kernel (compiled
 * with -DMACH_KERNEL) a message that has been copied in holds pointers to
 * kernel port objects, as in XNU, so mach_port_t becomes such a pointer.
 * Generated stubs name only mach_port_t, and so serve both sides.
 */
#ifndef _MACH_STD_TYPES_H_
#define _MACH_STD_TYPES_H_

#include <stdint.h>
#include <stddef.h>

typedef uint32_t natural_t;
typedef int32_t integer_t;
typedef int boolean_t;

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif

typedef uintptr_t vm_address_t;
typedef uintptr_t vm_offset_t;
typedef uintptr_t vm_size_t;

/* A port name: how a task refers to one of its rights. */
typedef natural_t mach_port_name_t;

#ifdef MACH_KERNEL
struct ipc_port;
typedef struct ipc_port *mach_port_t;
#else
typedef mach_port_name_t mach_port_t;
#endif

typedef natural_t mach_port_seqno_t;
typedef natural_t mach_port_right_t;
typedef natural_t mach_port_type_t;
typedef natural_t mach_port_urefs_t;
typedef integer_t mach_port_delta_t;
typedef natural_t mach_port_mscount_t;
typedef natural_t mach_port_msgcount_t;
typedef natural_t mach_port_rights_t;

#endif /* _MACH_STD_TYPES_H_ */
