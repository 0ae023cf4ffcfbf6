/*
 * The console core and the 16550 driver against a simulated 16550A:
 * bytes typed reach readers (waiting readers answered in order), the
 * receive FIFO's overrun and line errors are counted, writes from
 * several clients come out whole and in order even when they must wait
 * for room, and waiting calls can be interrupted or cancelled.
 */
#include <string.h>

#include "console_core.h"
#include "device_errors.h"
#include "sim16550.h"
#include "tap.h"

#define MAX_DONE 64

struct done {
	mach_port_name_t reply;
	kern_return_t rc;
	uint32_t n;
	char data[64];
};

static struct done done[MAX_DONE];
static unsigned ndone;

static void record(mach_port_name_t reply, kern_return_t rc, uint32_t n, const char *data)
{
	struct done *d = &done[ndone++ % MAX_DONE];

	d->reply = reply;
	d->rc = rc;
	d->n = n;
	memset(d->data, 0, sizeof(d->data));
	if (data != NULL)
		memcpy(d->data, data, n < sizeof(d->data) ? n : sizeof(d->data) - 1);
}

static void read_done(void *a, mach_port_name_t r, const char *d, uint32_t n, kern_return_t rc)
{
	(void)a;
	record(r, rc, n, d);
}
static void wait_done(void *a, mach_port_name_t r, uint32_t avail, kern_return_t rc)
{
	(void)a;
	record(r, rc, avail, NULL);
}
static void write_done(void *a, mach_port_name_t r, uint32_t n, kern_return_t rc)
{
	(void)a;
	record(r, rc, n, NULL);
}

static const struct cons_ops ops = { read_done, wait_done, write_done, NULL };
static struct sim16550 sim;
static struct uart uart;
static struct cons cons;

/* Deliver interrupts and let the line run until the UART is quiet. */
static void run(void)
{
	for (int i = 0; i < 100000; i++) {
		if (sim16550_irq(&sim)) {
			uart_interrupt(&uart);
			cons_service(&cons);
		} else if (sim.tx_n > 0) {
			sim16550_drain(&sim);
		} else {
			return;
		}
	}
}

static void test_input(void)
{
	char buf[64] = { 0 };
	uint32_t n = 0;
	static int a, b;	/* their addresses name two clients */

	TAP_OK(cons_read(&cons, &a, 100, CONSOLE_READ_NONBLOCK, 10, buf, &n) == D_WOULD_BLOCK,
	       "non-blocking read of nothing: D_WOULD_BLOCK");
	sim16550_type(&sim, "hello", 5);
	run();
	TAP_OK(cons_read(&cons, &a, 100, 0, 64, buf, &n) == KERN_SUCCESS && n == 5 &&
	       memcmp(buf, "hello", 5) == 0, "typed bytes are read");
	TAP_OK(cons_read(&cons, &a, 101, 0, 3, buf, &n) == MIG_NO_REPLY &&
	       cons_read(&cons, &b, 102, 0, 10, buf, &n) == MIG_NO_REPLY &&
	       cons_wait_input(&cons, &a, 103, &n) == MIG_NO_REPLY && ndone == 0,
	       "reads with no input wait");
	sim16550_type(&sim, "abcdefgh", 8);
	run();
	TAP_OK(ndone == 2 && done[0].reply == 101 && strcmp(done[0].data, "abc") == 0 &&
	       done[1].reply == 102 && strcmp(done[1].data, "defgh") == 0,
	       "waiting readers are answered in order, each up to its count");
	sim16550_type(&sim, "x", 1);
	run();
	TAP_OK(ndone == 3 && done[2].reply == 103 && done[2].n == 1 && done[2].rc == KERN_SUCCESS &&
	       cons_read(&cons, &a, 104, 0, 10, buf, &n) == KERN_SUCCESS && n == 1 && buf[0] == 'x',
	       "wait-for-input is answered without consuming the input");
	TAP_OK(cons_read(&cons, &a, 105, 0, 10, buf, &n) == MIG_NO_REPLY &&
	       cons_wait_input(&cons, &b, 106, &n) == MIG_NO_REPLY &&
	       cons_interrupt(&cons, &a) == 1 && done[3].reply == 105 && done[3].rc == D_INTERRUPTED &&
	       cons.nreaders == 1, "interrupt answers only that client's waiting call, D_INTERRUPTED");
	TAP_OK(cons_cancel_reply(&cons, 106) == 1 && cons.nreaders == 0 && ndone == 4,
	       "a call whose reply port died is forgotten");
}

static void test_errors(void)
{
	char buf[64];
	uint32_t n = 0;
	static int a;

	sim16550_type(&sim, "0123456789abcdefXYZW", 20);	/* 4 bytes past the FIFO */
	run();
	TAP_OK(uart.stats.overrun == 1 && cons_read(&cons, &a, 110, 0, 64, buf, &n) == KERN_SUCCESS &&
	       n == 16 && memcmp(buf, "0123456789abcdef", 16) == 0,
	       "a FIFO overrun is counted; what the FIFO held is kept");
	sim16550_type_error(&sim, UART_LSR_FE, '?');
	sim16550_type(&sim, "ok", 2);
	run();
	TAP_OK(uart.stats.framing == 1 && cons_read(&cons, &a, 111, 0, 64, buf, &n) == KERN_SUCCESS &&
	       n == 2 && memcmp(buf, "ok", 2) == 0, "a byte with a framing error is counted and dropped");
}

/* Six clients each write 4000 bytes of their own letter: more than the ring. */
static void test_writes(void)
{
	static char data[6][CONSOLE_IO_MAX];
	static int clients[6];
	uint32_t written;
	unsigned answered = 0, pending = 0, whole = 1;

	ndone = 0;
	for (int i = 0; i < 6; i++) {
		kern_return_t kr;

		memset(data[i], 'A' + i, 4000);
		kr = cons_write(&cons, &clients[i], 200 + (unsigned)i, data[i], 4000, &written);
		answered += kr == KERN_SUCCESS;
		pending += kr == MIG_NO_REPLY;
	}
	TAP_OK(answered == 4 && pending == 2, "writes that fit are queued whole; the rest wait (%u, %u)",
	       answered, pending);
	TAP_OK(cons_write(&cons, &clients[0], 300, data[0], CONSOLE_IO_MAX + 1, &written) == D_INVALID_SIZE,
	       "a write over CONSOLE_IO_MAX is refused");
	run();
	for (unsigned i = 0; i < 6; i++)
		for (unsigned k = 0; k < 4000; k++)
			whole &= sim.line[i * 4000 + k] == 'A' + (int)i;
	TAP_OK(sim.line_n == 24000 && whole && sim.tx_lost == 0,
	       "the line carries each write whole, in order, none interleaved");
	TAP_OK(ndone == 2 && done[0].reply == 204 && done[1].reply == 205 && done[1].n == 4000,
	       "waiting writers are answered once queued");
	TAP_OK(uart.stats.tx == 24000 && !(uart.ier & UART_IER_THRE),
	       "transmit interrupts are off once the ring is empty");
}

int main(void)
{
	struct uart_io io = sim16550_io;
	struct sim16550 absent;

	TAP_PLAN(16);
	sim16550_init(&absent, UART_COM1_BASE);
	absent.absent = 1;
	io.ctx = &absent;
	TAP_OK(uart_init(&uart, &io, UART_COM1_BASE, 115200) == KERN_FAILURE, "no UART: init fails");
	sim16550_init(&sim, UART_COM1_BASE);
	io.ctx = &sim;
	TAP_OK(uart_init(&uart, &io, UART_COM1_BASE, 115200) == KERN_SUCCESS && sim.dll == 1 &&
	       sim.lcr == UART_LCR_8N1 && (sim.mcr & UART_MCR_OUT2), "init: 115200 8N1, IRQ enabled");
	cons_init(&cons, &uart, &ops);
	test_input();
	test_errors();
	test_writes();
	return TAP_DONE();
}
