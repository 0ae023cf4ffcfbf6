/*
 * Basic kernel types.  The kernel is freestanding: only the compiler's own
 * headers (stdint, stddef, stdbool, stdarg) are available.
 */
#ifndef KERN_TYPES_H
#define KERN_TYPES_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t paddr_t;	/* a physical address */
typedef uint64_t vaddr_t;	/* a virtual address */

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a)	(((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define MIN(a, b)	((a) < (b) ? (a) : (b))
#define MAX(a, b)	((a) > (b) ? (a) : (b))

#define __unused	__attribute__((unused))
#define __noreturn	__attribute__((noreturn))
#define __printflike(f, a) __attribute__((format(printf, f, a)))

#endif
