/* printf and snprintf of integers, floats and strings (musl's stdio). */
#include <stdint.h>
#include <string.h>
#include "tap.h"

static int same(const char *got, const char *want)
{
	if (strcmp(got, want) != 0)
		printf("# got \"%s\", want \"%s\"\n", got, want);
	return strcmp(got, want) == 0;
}

int main(void)
{
	char b[128];
	volatile size_t four = 4;	/* hides the truncation from -Wformat-truncation */

	tap_plan(14);
	snprintf(b, sizeof b, "%d %i %u", -42, 7, 4000000000u);
	TAP_OK(same(b, "-42 7 4000000000"), "decimal ints");
	snprintf(b, sizeof b, "%x %X %o %#x %#o", 0xbeefu, 0xbeefu, 8u, 255u, 8u);
	TAP_OK(same(b, "beef BEEF 10 0xff 010"), "hex and octal");
	snprintf(b, sizeof b, "%lld %llu", (long long)INT64_MIN, (unsigned long long)UINT64_MAX);
	TAP_OK(same(b, "-9223372036854775808 18446744073709551615"), "64-bit extremes");
	snprintf(b, sizeof b, "[%5d][%-5d][%05d][%+d]", 42, 42, 42, 42);
	TAP_OK(same(b, "[   42][42   ][00042][+42]"), "width, flags");
	snprintf(b, sizeof b, "%.3f %.0f %f", 3.14159, 2.5, 1.0 / 3);
	TAP_OK(same(b, "3.142 2 0.333333"), "fixed-point floats (round half even)");
	snprintf(b, sizeof b, "%e %.2E", 12345.678, 0.000123);
	TAP_OK(same(b, "1.234568e+04 1.23E-04"), "exponent floats");
	snprintf(b, sizeof b, "%g %g %g", 100000.0, 1000000.0, 0.0001);
	TAP_OK(same(b, "100000 1e+06 0.0001"), "%g");
	snprintf(b, sizeof b, "%a", 1.0);
	TAP_OK(same(b, "0x1p+0"), "hex float");
	snprintf(b, sizeof b, "%f %f %f", 1.0 / 0.0, -1.0 / 0.0, 0.0 / 0.0);
	TAP_OK(same(b, "inf -inf nan") || same(b, "inf -inf -nan"), "infinities and nan");
	snprintf(b, sizeof b, "%.17g", 0.1);
	TAP_OK(same(b, "0.10000000000000001"), "exact decimal expansion of 0.1");
	snprintf(b, sizeof b, "%s|%.2s|%5s|%-5s|%c", "abc", "abc", "ab", "ab", 'z');
	TAP_OK(same(b, "abc|ab|   ab|ab   |z"), "strings and chars");
	TAP_OK(snprintf(b, four, "%s", "truncated") == 9 && same(b, "tru"), "truncation returns full length");
	TAP_OK(snprintf(NULL, 0, "%d", 123456) == 6, "length-only snprintf");
	TAP_OK(printf("# printf to stdout\n") == 19, "printf returns the count");
	return tap_done();
}
