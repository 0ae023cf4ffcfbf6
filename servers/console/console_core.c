/*
 * The console core (see console_core.h).  Waiting calls sit in small
 * fixed arrays with an arrival number; "first" is the smallest number.
 */
#include "console_core.h"

#include <string.h>

#include "device_errors.h"

void cons_init(struct cons *c, struct uart *u, const struct cons_ops *ops)
{
	memset(c, 0, sizeof(*c));
	c->uart = u;
	c->ops = *ops;
}

static struct cons_reader *cons_first_reader(struct cons *c)
{
	struct cons_reader *first = NULL;

	for (unsigned i = 0; i < CONS_READERS_MAX; i++) {
		struct cons_reader *r = &c->readers[i];

		if (r->reply != MACH_PORT_NULL && (first == NULL || r->order < first->order))
			first = r;
	}
	return first;
}

static struct cons_writer *cons_first_writer(struct cons *c)
{
	struct cons_writer *first = NULL;

	for (unsigned i = 0; i < CONS_WRITERS_MAX; i++) {
		struct cons_writer *w = &c->writers[i];

		if (w->reply != MACH_PORT_NULL && (first == NULL || w->order < first->order))
			first = w;
	}
	return first;
}

kern_return_t cons_write(struct cons *c, const void *client, mach_port_name_t reply,
			 const char *data, uint32_t len, uint32_t *written)
{
	struct cons_writer *w = NULL;

	if (len > CONSOLE_IO_MAX)
		return D_INVALID_SIZE;
	/* Behind waiting writers even if it would fit: writes keep their order. */
	if (c->nwriters == 0 && uart_ring_put(&c->uart->tx, data, len)) {
		uart_tx_kick(c->uart);
		*written = len;
		return KERN_SUCCESS;
	}
	for (unsigned i = 0; w == NULL && i < CONS_WRITERS_MAX; i++)
		if (c->writers[i].reply == MACH_PORT_NULL)
			w = &c->writers[i];
	if (w == NULL || !MACH_PORT_VALID(reply))
		return D_NO_MEMORY;
	w->reply = reply;
	w->client = client;
	w->len = len;
	w->order = c->next_order++;
	memcpy(w->data, data, len);
	c->nwriters++;
	return MIG_NO_REPLY;
}

static kern_return_t cons_wait(struct cons *c, const void *client, mach_port_name_t reply,
			       enum cons_wait_kind kind, uint32_t max)
{
	for (unsigned i = 0; i < CONS_READERS_MAX; i++) {
		struct cons_reader *r = &c->readers[i];

		if (r->reply == MACH_PORT_NULL) {
			*r = (struct cons_reader){ reply, client, kind, max, c->next_order++ };
			c->nreaders++;
			return MIG_NO_REPLY;
		}
	}
	return D_NO_MEMORY;
}

kern_return_t cons_read(struct cons *c, const void *client, mach_port_name_t reply,
			int mode, uint32_t max, char *buf, uint32_t *n)
{
	if (max == 0 || max > CONSOLE_IO_MAX)
		return D_INVALID_SIZE;
	/* Earlier waiting readers get the input first. */
	if (c->nreaders == 0 && uart_ring_used(&c->uart->rx) > 0) {
		*n = uart_ring_get(&c->uart->rx, buf, max);
		return KERN_SUCCESS;
	}
	if (mode & CONSOLE_READ_NONBLOCK)
		return D_WOULD_BLOCK;
	if (!MACH_PORT_VALID(reply))
		return KERN_INVALID_ARGUMENT;
	return cons_wait(c, client, reply, CONS_WAIT_READ, max);
}

kern_return_t cons_wait_input(struct cons *c, const void *client, mach_port_name_t reply,
			      uint32_t *available)
{
	if (c->nreaders == 0 && uart_ring_used(&c->uart->rx) > 0) {
		*available = uart_ring_used(&c->uart->rx);
		return KERN_SUCCESS;
	}
	if (!MACH_PORT_VALID(reply))
		return KERN_INVALID_ARGUMENT;
	return cons_wait(c, client, reply, CONS_WAIT_INPUT, 0);
}

static void cons_answer_reader(struct cons *c, struct cons_reader *r, kern_return_t rc)
{
	char buf[CONSOLE_IO_MAX];
	uint32_t n = 0;

	if (r->kind == CONS_WAIT_READ) {
		if (rc == KERN_SUCCESS)
			n = uart_ring_get(&c->uart->rx, buf, r->max);
		c->ops.read_done(c->ops.arg, r->reply, buf, n, rc);
	} else {
		c->ops.wait_done(c->ops.arg, r->reply, uart_ring_used(&c->uart->rx), rc);
	}
	r->reply = MACH_PORT_NULL;
	c->nreaders--;
}

unsigned cons_interrupt(struct cons *c, const void *client)
{
	unsigned n = 0;

	for (unsigned i = 0; i < CONS_READERS_MAX; i++)
		if (c->readers[i].reply != MACH_PORT_NULL && c->readers[i].client == client) {
			cons_answer_reader(c, &c->readers[i], D_INTERRUPTED);
			n++;
		}
	for (unsigned i = 0; i < CONS_WRITERS_MAX; i++) {
		struct cons_writer *w = &c->writers[i];

		if (w->reply != MACH_PORT_NULL && w->client == client) {
			c->ops.write_done(c->ops.arg, w->reply, 0, D_INTERRUPTED);
			w->reply = MACH_PORT_NULL;
			c->nwriters--;
			n++;
		}
	}
	return n;
}

int cons_cancel_reply(struct cons *c, mach_port_name_t reply)
{
	for (unsigned i = 0; i < CONS_READERS_MAX; i++)
		if (c->readers[i].reply == reply && MACH_PORT_VALID(reply)) {
			c->readers[i].reply = MACH_PORT_NULL;
			c->nreaders--;
			return 1;
		}
	for (unsigned i = 0; i < CONS_WRITERS_MAX; i++)
		if (c->writers[i].reply == reply && MACH_PORT_VALID(reply)) {
			c->writers[i].reply = MACH_PORT_NULL;
			c->nwriters--;
			return 1;
		}
	return 0;
}

void cons_service(struct cons *c)
{
	struct cons_reader *r;
	struct cons_writer *w;

	/* A waiter for input is answered without consuming it; a reader consumes. */
	while (uart_ring_used(&c->uart->rx) > 0 && (r = cons_first_reader(c)) != NULL)
		cons_answer_reader(c, r, KERN_SUCCESS);
	while ((w = cons_first_writer(c)) != NULL && uart_ring_put(&c->uart->tx, w->data, w->len)) {
		c->ops.write_done(c->ops.arg, w->reply, w->len, KERN_SUCCESS);
		w->reply = MACH_PORT_NULL;
		c->nwriters--;
	}
	uart_tx_kick(c->uart);
}
