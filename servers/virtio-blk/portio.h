/*
 * Port I/O as the virtio-blk driver sees it: injected accessors, so that
 * the same code runs on Harbor (in/out instructions on ports granted by
 * io_port_grant) and against the simulated device of the host tests.
 */
#ifndef SERVERS_VIRTIO_BLK_PORTIO_H
#define SERVERS_VIRTIO_BLK_PORTIO_H

#include <stdint.h>

struct portio {
	uint8_t (*in8)(void *ctx, uint16_t port);
	uint16_t (*in16)(void *ctx, uint16_t port);
	uint32_t (*in32)(void *ctx, uint16_t port);
	void (*out8)(void *ctx, uint16_t port, uint8_t v);
	void (*out16)(void *ctx, uint16_t port, uint16_t v);
	void (*out32)(void *ctx, uint16_t port, uint32_t v);
	void *ctx;
};

#endif
