/* The server side of roundtrip.defs for the host tests: call counters and
 * the behaviour switches the tests use. */
#ifndef TESTS_IDL_RT_IMPL_H
#define TESTS_IDL_RT_IMPL_H

#include "rtServer.h"

enum rt_routine {
	RT_SCALARS, RT_ARRAYS, RT_SAMECNT, RT_STRINGS, RT_PORTS, RT_POLY,
	RT_PORT_LISTS, RT_OOL, RT_OOL_PORTS, RT_NOTIFY_ME, RT_ERRORS, RT_SLOW,
	RT_TRAILER, RT_OBJECTS, RT_ASYNC_REQ, RT_TIMED, RT_OPTIONED, RT_POLY_LISTS,
	RT_DEALLOC_PORT, RT_COUNT
};

extern unsigned rt_calls[RT_COUNT];
extern unsigned rt_calls_total(void);
extern mach_port_t rt_stashed_reply;	/* reply right kept by S_slow/S_timed */
extern mach_port_t rt_server_port;	/* port the server replies with in S_ports */
extern int rt_last_x;
extern int rt_live_objects;

#endif
