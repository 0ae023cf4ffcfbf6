/*
 * The CMOS real-time clock (MC146818 compatible), read once at boot for
 * the wall clock.  Registers: 0 seconds, 2 minutes, 4 hours, 7 day,
 * 8 month, 9 year, 0x32 century (where the firmware keeps it); status A
 * bit 7 = update in progress, status B bit 2 = binary (else BCD), bit 1 =
 * 24-hour mode (else 12-hour with bit 7 of the hour meaning PM).  The RTC
 * keeps UTC on the machines we run on (QEMU's default).
 */
#include "x86_64/cpu.h"
#include "x86_64/rtc.h"

#define CMOS_ADDR	0x70
#define CMOS_DATA	0x71
#define CMOS_NMI_OFF	0x80	/* keep NMIs masked while selecting */

struct rtc_time {
	unsigned sec, min, hour, day, mon, year, century;
};

static uint8_t
cmos_read(uint8_t reg)
{
	outb(CMOS_ADDR, CMOS_NMI_OFF | reg);
	return inb(CMOS_DATA);
}

static void
rtc_sample(struct rtc_time *t)
{
	/* Bounded: a missing RTC must not hang the boot. */
	for (int i = 0; i < 100000 && (cmos_read(0x0a) & 0x80); i++)
		;
	t->sec = cmos_read(0x00);
	t->min = cmos_read(0x02);
	t->hour = cmos_read(0x04);
	t->day = cmos_read(0x07);
	t->mon = cmos_read(0x08);
	t->year = cmos_read(0x09);
	t->century = cmos_read(0x32);
}

static unsigned
bcd(unsigned v)
{
	return (v & 0x0f) + (v >> 4) * 10;
}

/*
 * Days from 1970-01-01 to y-m-d: count in "years starting in March" so
 * that the leap day is the last day of the year, then 400-year eras of
 * 146097 days.
 */
int64_t
rtc_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;				/* 0..399 */
	int64_t mp = (m + 9) % 12;				/* March = 0 */
	int64_t doy = (153 * mp + 2) / 5 + d - 1;		/* 0..365 */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;	/* 0..146096 */
	return era * 146097 + doe - 719468;
}

uint64_t
rtc_read_unix(void)
{
	struct rtc_time a, b;
	uint8_t status_b;
	bool pm;

	/* Read until two samples agree: an update may land between reads. */
	rtc_sample(&b);
	for (int i = 0; i < 10; i++) {
		a = b;
		rtc_sample(&b);
		if (a.sec == b.sec && a.min == b.min && a.hour == b.hour &&
		    a.day == b.day && a.mon == b.mon && a.year == b.year)
			break;
	}
	status_b = cmos_read(0x0b);
	pm = (b.hour & 0x80) != 0;
	b.hour &= 0x7f;
	if (!(status_b & 0x04)) {
		b.sec = bcd(b.sec); b.min = bcd(b.min); b.hour = bcd(b.hour);
		b.day = bcd(b.day); b.mon = bcd(b.mon); b.year = bcd(b.year);
		b.century = bcd(b.century);
	}
	if (!(status_b & 0x02) && (b.hour == 12) != pm)
		b.hour = (b.hour + 12) % 24;
	if (b.century < 19 || b.century > 30)
		b.century = 20;		/* no century register: assume 20xx */
	if (b.mon < 1 || b.mon > 12 || b.day < 1 || b.day > 31)
		return 0;
	int64_t days = rtc_days_from_civil(b.century * 100 + b.year, b.mon, b.day);
	return (uint64_t)(days * 86400 + b.hour * 3600 + b.min * 60 + b.sec);
}
