/*
 * A simulated 16550A for the console tests: a 16-byte receive FIFO that
 * overruns, a 16-byte transmit FIFO that the "line" drains when the test
 * says time passed, line status errors the test injects, IIR priorities
 * and an interrupt line gated by MCR.OUT2, as in the PC16550D data sheet.
 */
#ifndef TESTS_SERVERS_SIM16550_H
#define TESTS_SERVERS_SIM16550_H

#include <stdint.h>

#include "uart16550.h"

#define SIM_FIFO	16
#define SIM_LINE_MAX	(1 << 17)

struct sim16550 {
	uint16_t base;
	int absent;			/* nothing decodes the ports */
	uint8_t ier, lcr, mcr, scr, dll, dlm, lsr_err;
	uint8_t rx[SIM_FIFO];
	unsigned rx_n;
	unsigned tx_n;			/* bytes in the transmit FIFO */
	uint8_t tx[SIM_FIFO];
	int thre_pending;		/* THRE interrupt latched */
	unsigned tx_lost;		/* THR writes into a full FIFO: a driver bug */
	char line[SIM_LINE_MAX];	/* what went out on the wire */
	unsigned line_n;
};

extern const struct uart_io sim16550_io;	/* ctx: a struct sim16550 * */

void sim16550_init(struct sim16550 *s, uint16_t base);
void sim16550_type(struct sim16550 *s, const char *bytes, unsigned n);
void sim16550_type_error(struct sim16550 *s, uint8_t lsr_bits, char byte);
/* Time passes: the transmit FIFO goes out on the line. */
void sim16550_drain(struct sim16550 *s);
int sim16550_irq(const struct sim16550 *s);

#endif
