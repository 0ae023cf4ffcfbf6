/*
 * The x86 port I/O instructions, for drivers on Harbor.  A port the task
 * was not granted (io_port_grant on host_priv) faults with #GP: grant a
 * range before touching it.  The drivers' cores reach these through
 * injected accessors, so that the host tests can put a simulated device
 * behind the same calls.
 */
#ifndef SERVERS_LIB_SRV_PORTIO_H
#define SERVERS_LIB_SRV_PORTIO_H

#include <stdint.h>

static inline uint8_t srv_inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint16_t srv_inw(uint16_t port)
{
	uint16_t v;

	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint32_t srv_inl(uint16_t port)
{
	uint32_t v;

	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void srv_outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void srv_outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void srv_outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

#endif
