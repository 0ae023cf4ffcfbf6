/*
 * The 16550A (see uart16550.h).  The UART itself is only touched from
 * uart_init, uart_interrupt and uart_tx_kick, all called from the
 * console server's one receive loop thread.
 */
#include "uart16550.h"

#include <string.h>

static uint8_t uart_in(struct uart *u, uint16_t reg)
{
	return u->io.inb(u->io.ctx, (uint16_t)(u->base + reg));
}

static void uart_out(struct uart *u, uint16_t reg, uint8_t v)
{
	u->io.outb(u->io.ctx, (uint16_t)(u->base + reg), v);
}

uint32_t uart_ring_used(const struct uart_ring *r) { return r->tail - r->head; }
uint32_t uart_ring_free(const struct uart_ring *r) { return r->size - (r->tail - r->head); }

int uart_ring_put(struct uart_ring *r, const void *data, uint32_t n)
{
	const uint8_t *p = data;

	if (n > uart_ring_free(r))
		return 0;
	for (uint32_t i = 0; i < n; i++)
		r->buf[(r->tail + i) & (r->size - 1)] = p[i];
	r->tail += n;
	return 1;
}

uint32_t uart_ring_get(struct uart_ring *r, void *data, uint32_t max)
{
	uint8_t *p = data;
	uint32_t n = uart_ring_used(r) < max ? uart_ring_used(r) : max;

	for (uint32_t i = 0; i < n; i++)
		p[i] = r->buf[(r->head + i) & (r->size - 1)];
	r->head += n;
	return n;
}

kern_return_t uart_init(struct uart *u, const struct uart_io *io, uint16_t base, uint32_t baud)
{
	uint16_t divisor;

	if (baud == 0 || baud > 115200 || 115200 % baud != 0)
		return KERN_INVALID_ARGUMENT;
	memset(u, 0, sizeof(*u));
	u->io = *io;
	u->base = base;
	u->rx = (struct uart_ring){ u->rx_buf, UART_RX_RING, 0, 0 };
	u->tx = (struct uart_ring){ u->tx_buf, UART_TX_RING, 0, 0 };
	/* No UART decodes these ports if the scratch register does not keep a value. */
	uart_out(u, UART_SCR, 0x5A);
	if (uart_in(u, UART_SCR) != 0x5A)
		return KERN_FAILURE;
	divisor = (uint16_t)(115200 / baud);
	uart_out(u, UART_IER, 0);
	uart_out(u, UART_LCR, UART_LCR_DLAB);
	uart_out(u, UART_DLL, (uint8_t)(divisor & 0xFF));
	uart_out(u, UART_DLM, (uint8_t)(divisor >> 8));
	uart_out(u, UART_LCR, UART_LCR_8N1);
	uart_out(u, UART_FCR, UART_FCR_ENABLE | UART_FCR_CLR_RX | UART_FCR_CLR_TX | UART_FCR_TRIG8);
	uart_out(u, UART_MCR, UART_MCR_DTR | UART_MCR_RTS | UART_MCR_OUT2);
	/* Clear anything latched before we came: LSR, RBR, IIR, MSR. */
	(void)uart_in(u, UART_LSR);
	(void)uart_in(u, UART_RBR);
	(void)uart_in(u, UART_IIR);
	(void)uart_in(u, UART_MSR);
	u->ier = UART_IER_RDA | UART_IER_RLS;
	uart_out(u, UART_IER, u->ier);
	return KERN_SUCCESS;
}

/* Count the error bits of one LSR reading; returns it for the caller. */
static uint8_t uart_line_status(struct uart *u)
{
	uint8_t lsr = uart_in(u, UART_LSR);

	u->stats.overrun += (lsr & UART_LSR_OE) != 0;
	u->stats.parity += (lsr & UART_LSR_PE) != 0;
	u->stats.framing += (lsr & UART_LSR_FE) != 0;
	u->stats.breaks += (lsr & UART_LSR_BI) != 0;
	return lsr;
}

/* Drain the receive FIFO into the ring (bounded by the FIFO's depth and more). */
static void uart_receive(struct uart *u)
{
	for (unsigned n = 0; n < 2 * UART_TX_FIFO; n++) {
		uint8_t lsr = uart_line_status(u), c;

		if (!(lsr & UART_LSR_DR))
			return;
		c = uart_in(u, UART_RBR);
		/* A break or a framing error delivers a 0 that nobody typed. */
		if (lsr & (UART_LSR_BI | UART_LSR_FE))
			continue;
		if (uart_ring_put(&u->rx, &c, 1))
			u->stats.rx++;
		else
			u->stats.rx_dropped++;
	}
}

static void uart_transmit(struct uart *u)
{
	uint8_t c;

	for (unsigned n = 0; n < UART_TX_FIFO && uart_ring_get(&u->tx, &c, 1) == 1; n++) {
		uart_out(u, UART_THR, c);
		u->stats.tx++;
	}
	if (uart_ring_used(&u->tx) == 0 && (u->ier & UART_IER_THRE)) {
		/* Nothing left: stop THRE interrupts until the next write. */
		u->ier &= (uint8_t)~UART_IER_THRE;
		uart_out(u, UART_IER, u->ier);
	}
}

void uart_interrupt(struct uart *u)
{
	u->stats.interrupts++;
	for (unsigned n = 0; n < UART_IRQ_LOOPS; n++) {
		uint8_t iir = uart_in(u, UART_IIR);

		if (iir & UART_IIR_NONE)
			return;
		switch (iir & UART_IIR_ID) {
		/* In FIFO mode LSR's errors are those of the byte at the top of
		 * the FIFO: uart_receive reads LSR before each byte. */
		case UART_IIR_RLS:
		case UART_IIR_RDA:
		case UART_IIR_CTI: uart_receive(u); break;
		case UART_IIR_THRE: uart_transmit(u); break;
		default: (void)uart_in(u, UART_MSR); break;
		}
	}
}

void uart_tx_kick(struct uart *u)
{
	if (uart_ring_used(&u->tx) == 0 || (u->ier & UART_IER_THRE))
		return;
	/* Enabling THRE while the holder is empty raises the interrupt at once. */
	u->ier |= UART_IER_THRE;
	uart_out(u, UART_IER, u->ier);
}
