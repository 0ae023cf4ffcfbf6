/*
 * A 16550A UART (PC COM1 at I/O port 0x3F8, IRQ 4) driven by interrupts,
 * with bounded receive and transmit rings.  Register access goes through
 * injected inb/outb callbacks: in Harbor, the in/out instructions the
 * task may use after io_port_grant; in the host tests, a simulated UART.
 *
 * Register facts are from the National Semiconductor PC16550D data sheet
 * (register table, IIR priorities, LSR bits, FIFO control).
 */
#ifndef SERVERS_CONSOLE_UART16550_H
#define SERVERS_CONSOLE_UART16550_H

#include <stdint.h>

#include <mach/kern_return.h>

#define UART_COM1_BASE		0x3F8
#define UART_COM1_IRQ		4
#define UART_RX_RING		4096	/* bytes received and not yet read */
#define UART_TX_RING		16384	/* bytes written and not yet sent */
#define UART_TX_FIFO		16	/* bytes the 16550A takes per THRE interrupt */
#define UART_IRQ_LOOPS		64	/* IIR rounds per interrupt: a stuck UART cannot hang us */

/* Registers (offsets from the base); DLL/DLM when LCR.DLAB is set. */
#define UART_RBR	0	/* read: receive buffer */
#define UART_THR	0	/* write: transmit holding */
#define UART_DLL	0
#define UART_IER	1
#define UART_DLM	1
#define UART_IIR	2	/* read */
#define UART_FCR	2	/* write */
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_MSR	6
#define UART_SCR	7

#define UART_IER_RDA	0x01	/* received data available (and timeout) */
#define UART_IER_THRE	0x02	/* transmit holding register empty */
#define UART_IER_RLS	0x04	/* receiver line status */

#define UART_IIR_NONE	0x01	/* no interrupt pending */
#define UART_IIR_ID	0x0E
#define UART_IIR_RLS	0x06	/* line status: highest priority */
#define UART_IIR_RDA	0x04
#define UART_IIR_CTI	0x0C	/* character timeout: data below the trigger level */
#define UART_IIR_THRE	0x02
#define UART_IIR_MSR	0x00

#define UART_LSR_DR	0x01
#define UART_LSR_OE	0x02
#define UART_LSR_PE	0x04
#define UART_LSR_FE	0x08
#define UART_LSR_BI	0x10
#define UART_LSR_THRE	0x20

#define UART_LCR_8N1	0x03
#define UART_LCR_DLAB	0x80
#define UART_MCR_DTR	0x01
#define UART_MCR_RTS	0x02
#define UART_MCR_OUT2	0x08	/* gates the IRQ line on PCs */
#define UART_FCR_ENABLE	0x01
#define UART_FCR_CLR_RX	0x02
#define UART_FCR_CLR_TX	0x04
#define UART_FCR_TRIG8	0x80	/* receive interrupt at 8 bytes */

struct uart_io {
	uint8_t (*inb)(void *ctx, uint16_t port);
	void (*outb)(void *ctx, uint16_t port, uint8_t value);
	void *ctx;
};

/* A byte ring; size is a power of two, head and tail run free. */
struct uart_ring {
	uint8_t *buf;
	uint32_t size, head, tail;	/* bytes = tail - head */
};

struct uart_stats {
	unsigned long rx, tx;
	unsigned long overrun, parity, framing, breaks;	/* from LSR */
	unsigned long rx_dropped;	/* received while the rx ring was full */
	unsigned long interrupts;
};

struct uart {
	struct uart_io io;
	uint16_t base;
	uint8_t ier;			/* what we enabled */
	struct uart_ring rx, tx;
	uint8_t rx_buf[UART_RX_RING];
	uint8_t tx_buf[UART_TX_RING];
	struct uart_stats stats;
};

/* KERN_FAILURE if no UART answers at base (scratch register test). */
kern_return_t uart_init(struct uart *u, const struct uart_io *io, uint16_t base, uint32_t baud);
/* Handle everything the UART has pending (call on each IRQ message, then ack). */
void uart_interrupt(struct uart *u);
/* Start transmitting what the tx ring holds. */
void uart_tx_kick(struct uart *u);

uint32_t uart_ring_used(const struct uart_ring *r);
uint32_t uart_ring_free(const struct uart_ring *r);
/* All-or-nothing put: 0 if n bytes do not fit. */
int uart_ring_put(struct uart_ring *r, const void *data, uint32_t n);
uint32_t uart_ring_get(struct uart_ring *r, void *data, uint32_t max);

#endif /* SERVERS_CONSOLE_UART16550_H */
