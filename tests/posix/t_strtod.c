/* strtod, strtol and friends. */
#include <math.h>
#include <stdlib.h>
#include <errno.h>
#include "tap.h"

int main(void)
{
	char *end;

	tap_plan(9);
	TAP_OK(strtod("3.25", &end) == 3.25 && *end == 0, "simple decimal");
	TAP_OK(strtod("  -1e-3xyz", &end) == -1e-3 && *end == 'x', "sign, exponent, stops at junk");
	TAP_OK(strtod("0x1.8p1", NULL) == 3.0, "hex float");
	TAP_OK(strtod("0.1", NULL) == 0.1, "0.1 rounds like the compiler");
	TAP_OK(isinf(strtod("inf", NULL)) && isnan(strtod("nan", NULL)), "inf and nan");
	errno = 0;
	TAP_OK(isinf(strtod("1e400", NULL)) && errno == ERANGE, "overflow sets ERANGE");
	TAP_OK(strtod("2.2250738585072014e-308", NULL) == 2.2250738585072014e-308, "smallest normal");
	TAP_OK(strtol("-0x7f", &end, 0) == -127 && strtoul("777", NULL, 8) == 511, "strtol bases");
	errno = 0;
	TAP_OK(strtoll("99999999999999999999", NULL, 10) == 9223372036854775807LL && errno == ERANGE,
		"strtoll saturates");
	return tap_done();
}
