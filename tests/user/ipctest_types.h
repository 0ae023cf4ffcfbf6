/* C side of ipctest.defs. */
#ifndef IPCTEST_TYPES_H
#define IPCTEST_TYPES_H

#include <mach/mach_types.h>

typedef char *ipct_bytes_t;

/* The send timeout of ipct_note_timed, in ms. */
extern mach_msg_timeout_t ipct_send_timeout;

#endif
