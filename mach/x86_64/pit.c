/*
 * PIT channel 2 as a one-shot stopwatch.  Channel 2's gate and output
 * are wired to port 0x61 (bit 0 gate, bit 1 speaker enable, bit 5 OUT2),
 * which lets us poll for the end of a count without an interrupt.
 * Facts from the Intel 8254 data sheet (mode 0: OUT goes high at
 * terminal count).
 */
#include "x86_64/cpu.h"
#include "x86_64/pit.h"

#define PIT_CH2		0x42
#define PIT_CMD		0x43
#define PORT_B		0x61
#define PORTB_GATE2	0x01
#define PORTB_SPEAKER	0x02
#define PORTB_OUT2	0x20
#define CMD_CH2_LOHI_MODE0	0xb0

void
pit_oneshot_start(uint16_t ticks)
{
	uint8_t b = inb(PORT_B);

	outb(PORT_B, (uint8_t)((b & ~PORTB_SPEAKER) | PORTB_GATE2));
	outb(PIT_CMD, CMD_CH2_LOHI_MODE0);
	outb(PIT_CH2, ticks & 0xff);
	outb(PIT_CH2, ticks >> 8);
}

bool
pit_oneshot_done(void)
{
	return (inb(PORT_B) & PORTB_OUT2) != 0;
}
