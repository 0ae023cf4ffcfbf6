/*
 * The console's clients on top of the UART: atomic writes, reads that
 * wait, and their cancellation.  No IPC here: console_ipc.c (once IPC
 * runs) maps console.defs onto these calls, and the core answers waiting
 * calls later through cons_ops (console_reply.defs or srv_reply_error).
 *
 * Writes: a write of at most CONSOLE_IO_MAX bytes enters the transmit
 * ring whole or not at all, so two clients' writes never interleave.  If
 * it does not fit, or writes are already waiting, it waits its turn
 * (MIG_NO_REPLY) in a FIFO of at most CONS_WRITERS_MAX.  Clients split
 * longer output at CONSOLE_IO_MAX bytes; only such pieces are atomic.
 *
 * Reads: a read takes what is there (up to max); with nothing there it
 * waits (unless CONSOLE_READ_NONBLOCK: D_WOULD_BLOCK) in a FIFO of at most
 * CONS_READERS_MAX with the input-waiters; waiting calls are answered in
 * arrival order as input comes.  cons_interrupt answers a client's
 * waiting calls D_INTERRUPTED; cons_cancel_reply forgets one whose reply
 * port died (nothing to answer).
 */
#ifndef SERVERS_CONSOLE_CONSOLE_CORE_H
#define SERVERS_CONSOLE_CONSOLE_CORE_H

#include <mach/message.h>
#include <mach/mig_errors.h>

#include "servers_bounds.h"
#include "uart16550.h"

#define CONS_READERS_MAX	32
#define CONS_WRITERS_MAX	16

enum cons_wait_kind { CONS_WAIT_READ, CONS_WAIT_INPUT };

struct cons_ops {
	void (*read_done)(void *arg, mach_port_name_t reply, const char *data, uint32_t n,
			  kern_return_t rc);
	void (*wait_done)(void *arg, mach_port_name_t reply, uint32_t available, kern_return_t rc);
	void (*write_done)(void *arg, mach_port_name_t reply, uint32_t written, kern_return_t rc);
	void *arg;
};

struct cons_reader {
	mach_port_name_t reply;		/* MACH_PORT_NULL: slot free */
	const void *client;		/* whose call: what cons_interrupt matches */
	enum cons_wait_kind kind;
	uint32_t max;
	uint64_t order;
};

struct cons_writer {
	mach_port_name_t reply;
	const void *client;
	uint32_t len;
	uint64_t order;
	char data[CONSOLE_IO_MAX];
};

struct cons {
	struct uart *uart;
	struct cons_ops ops;
	struct cons_reader readers[CONS_READERS_MAX];
	struct cons_writer writers[CONS_WRITERS_MAX];
	unsigned nreaders, nwriters;
	uint64_t next_order;
};

void cons_init(struct cons *c, struct uart *u, const struct cons_ops *ops);

kern_return_t cons_write(struct cons *c, const void *client, mach_port_name_t reply,
			 const char *data, uint32_t len, uint32_t *written);
/* On KERN_SUCCESS, *n bytes are in buf (room for max). */
kern_return_t cons_read(struct cons *c, const void *client, mach_port_name_t reply,
			int mode, uint32_t max, char *buf, uint32_t *n);
kern_return_t cons_wait_input(struct cons *c, const void *client, mach_port_name_t reply,
			      uint32_t *available);

unsigned cons_interrupt(struct cons *c, const void *client);
int cons_cancel_reply(struct cons *c, mach_port_name_t reply);

/* After uart_interrupt: answer waiting readers, admit waiting writers, transmit. */
void cons_service(struct cons *c);

#endif /* SERVERS_CONSOLE_CONSOLE_CORE_H */
