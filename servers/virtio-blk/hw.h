/*
 * The driver's hardware access on Harbor: port I/O by in/out instructions
 * on ports the kernel granted (io_port_grant through host_priv), and
 * physically contiguous memory from dma_alloc.  The host tests inject
 * simulated versions of the same two tables (tests/servers/simvblk.c).
 */
#ifndef SERVERS_VIRTIO_BLK_HW_H
#define SERVERS_VIRTIO_BLK_HW_H

#include <mach/port.h>

#include "portio.h"
#include "vblk.h"

extern const struct portio hw_portio;

/*
 * vblk_dma's alloc: dma_alloc into our own task, ctx pointing at the
 * host_priv name.  The memory is page-aligned and contiguous, and is
 * never freed (the driver keeps it until it dies).
 */
int hw_dma_alloc(void *ctx, size_t size, void **va, uint64_t *pa);

#endif
