/*
 * C side of the types in the .defs files here (each imports this);
 * the generated headers check that every size agrees.
 */
#ifndef HARBOR_SERVERS_TYPES_H
#define HARBOR_SERVERS_TYPES_H

#include <mach/message.h>
#include "device_errors.h"
#include "servers_bounds.h"

typedef char *console_data_t;		/* array[*:CONSOLE_IO_MAX] of char */
typedef char *block_data_t;		/* ^array[*:BLOCK_IO_MAX] of char */
typedef char *name_string_t;		/* c_string[*:NAME_LEN_MAX] */
typedef char *name_list_t;		/* array[*:NAME_LIST_MAX] of char */

#endif /* HARBOR_SERVERS_TYPES_H */
