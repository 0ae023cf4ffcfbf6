/* C types of roundtrip.defs, as client and server see them. */
#ifndef RT_TYPES_H
#define RT_TYPES_H

#include <stdint.h>
#include <mach/message.h>

typedef int quad4_t[4];
typedef struct {
	int a;
	int64_t b;
} pair_t;
typedef int *int_array_t;
typedef uint8_t *byte_array_t;
typedef char name_t[32];
typedef char *path_t;
typedef char *data_t;
typedef char *bounded_data_t;
typedef int *block_t;
typedef int *words_t;
typedef mach_port_t *port_array_t;
typedef mach_port_t *port_list_t;
typedef mach_port_t *poly_list_t;
typedef mach_port_t object_t;

#endif
