/*
 * COM1 as the kernel log: polled, 115200 8N1, no interrupts.  The user
 * space console driver owns the UART for everything else; the kernel only
 * writes here for its own messages and panics (design.md §2).
 */
#include "kern/arch.h"
#include "x86_64/cpu.h"
#include "x86_64/x86_64.h"

#define COM1		0x3f8
#define UART_THR	0	/* transmit holding */
#define UART_IER	1
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define LSR_THRE	0x20	/* transmit holding register empty */

void
serial_init(void)
{
	outb(COM1 + UART_IER, 0);	/* no interrupts */
	outb(COM1 + UART_LCR, 0x80);	/* DLAB: set divisor */
	outb(COM1 + 0, 1);		/* 115200 baud */
	outb(COM1 + 1, 0);
	outb(COM1 + UART_LCR, 0x03);	/* 8N1 */
	outb(COM1 + UART_FCR, 0x07);	/* FIFO on, cleared */
	outb(COM1 + UART_MCR, 0x03);	/* DTR, RTS */
}

void
arch_log_putc(char c)
{
	/* Bounded wait: a missing UART must not hang the kernel. */
	for (int i = 0; i < 100000 && !(inb(COM1 + UART_LSR) & LSR_THRE); i++)
		;
	outb(COM1 + UART_THR, (uint8_t)c);
}
