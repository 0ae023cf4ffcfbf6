/*
 * The server library's binding to Harbor's kernel (srv_ipc.h): every
 * operation is the real trap or RPC of mach/user's libmach.
 */
#ifndef SERVERS_LIB_SRV_IPC_MACH_H
#define SERVERS_LIB_SRV_IPC_MACH_H

#include "srv_ipc.h"

extern const struct srv_ipc srv_ipc_mach;

#endif
