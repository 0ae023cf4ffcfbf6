/*
 * The simulated 16550A (see sim16550.h).
 */
#include "sim16550.h"

#include <string.h>

void sim16550_init(struct sim16550 *s, uint16_t base)
{
	memset(s, 0, sizeof(*s));
	s->base = base;
}

static uint8_t sim_iir(const struct sim16550 *s)
{
	if ((s->ier & UART_IER_RLS) && s->lsr_err)
		return UART_IIR_RLS | 0xC0;
	if ((s->ier & UART_IER_RDA) && s->rx_n >= 8)
		return UART_IIR_RDA | 0xC0;
	if ((s->ier & UART_IER_RDA) && s->rx_n > 0)
		return UART_IIR_CTI | 0xC0;
	if ((s->ier & UART_IER_THRE) && s->thre_pending)
		return UART_IIR_THRE | 0xC0;
	return UART_IIR_NONE | 0xC0;
}

int sim16550_irq(const struct sim16550 *s)
{
	return (s->mcr & UART_MCR_OUT2) && !(sim_iir(s) & UART_IIR_NONE);
}

static uint8_t sim_inb(void *ctx, uint16_t port)
{
	struct sim16550 *s = ctx;
	uint8_t v;

	if (s->absent || port < s->base || port > s->base + 7)
		return 0xFF;
	switch (port - s->base) {
	case UART_RBR:
		if (s->lcr & UART_LCR_DLAB)
			return s->dll;
		if (s->rx_n == 0)
			return 0;
		v = s->rx[0];
		memmove(s->rx, s->rx + 1, --s->rx_n);
		return v;
	case UART_IER: return (s->lcr & UART_LCR_DLAB) ? s->dlm : s->ier;
	case UART_IIR:
		v = sim_iir(s);
		/* Reading IIR with THRE as the source clears it (data sheet). */
		if ((v & UART_IIR_ID) == UART_IIR_THRE)
			s->thre_pending = 0;
		return v;
	case UART_LCR: return s->lcr;
	case UART_MCR: return s->mcr;
	case UART_LSR:
		v = (uint8_t)(s->lsr_err | (s->rx_n ? UART_LSR_DR : 0) | (s->tx_n ? 0 : UART_LSR_THRE));
		s->lsr_err = 0;
		return v;
	case UART_MSR: return 0;
	default: return s->scr;
	}
}

static void sim_outb(void *ctx, uint16_t port, uint8_t v)
{
	struct sim16550 *s = ctx;

	if (s->absent || port < s->base || port > s->base + 7)
		return;
	switch (port - s->base) {
	case UART_THR:
		if (s->lcr & UART_LCR_DLAB) {
			s->dll = v;
		} else if (s->tx_n == SIM_FIFO) {
			s->tx_lost++;
		} else {
			s->tx[s->tx_n++] = v;
			s->thre_pending = 0;
		}
		break;
	case UART_IER:
		if (s->lcr & UART_LCR_DLAB) {
			s->dlm = v;
			break;
		}
		/* Enabling THRE with the FIFO empty raises it at once. */
		if ((v & UART_IER_THRE) && !(s->ier & UART_IER_THRE) && s->tx_n == 0)
			s->thre_pending = 1;
		s->ier = v & 0x0F;
		break;
	case UART_FCR:
		if (v & UART_FCR_CLR_RX)
			s->rx_n = 0;
		if (v & UART_FCR_CLR_TX)
			s->tx_n = 0;
		break;
	case UART_LCR: s->lcr = v; break;
	case UART_MCR: s->mcr = v; break;
	case UART_SCR: s->scr = v; break;
	default: break;
	}
}

const struct uart_io sim16550_io = { sim_inb, sim_outb, NULL };

void sim16550_type(struct sim16550 *s, const char *bytes, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		if (s->rx_n == SIM_FIFO) {
			s->lsr_err |= UART_LSR_OE;	/* the byte is lost */
			continue;
		}
		s->rx[s->rx_n++] = (uint8_t)bytes[i];
	}
}

void sim16550_type_error(struct sim16550 *s, uint8_t lsr_bits, char byte)
{
	sim16550_type(s, &byte, 1);
	s->lsr_err |= lsr_bits;
}

void sim16550_drain(struct sim16550 *s)
{
	for (unsigned i = 0; i < s->tx_n && s->line_n < SIM_LINE_MAX; i++)
		s->line[s->line_n++] = (char)s->tx[i];
	if (s->tx_n > 0)
		s->thre_pending = 1;
	s->tx_n = 0;
}
