/* C side of defs/srvtest.defs. */
#ifndef TESTS_SERVERS_SRVTEST_TYPES_H
#define TESTS_SERVERS_SRVTEST_TYPES_H
#include <mach/message.h>
typedef char *st_bytes_t;
#endif
