/*
 * argv with many and long arguments.  The runner passes
 *   arg-1 ... arg-N  then one argument of 8192 characters "0123456789..."
 * with N = argc - 2; the program checks every one.
 */
#include <string.h>
#include "tap.h"

int main(int argc, char **argv)
{
	char want[32];
	int good = 1;

	tap_plan(4);
	TAP_OK(argc >= 202, "at least 200 arguments and a long one arrived");
	TAP_OK(argv[argc] == NULL, "argv is null-terminated");
	for (int i = 1; i < argc - 1 && good; i++) {
		snprintf(want, sizeof want, "arg-%d", i);
		good = !strcmp(argv[i], want);
	}
	TAP_OK(good, "every short argument in order");
	size_t n = strlen(argv[argc - 1]);
	good = n == 8192;
	for (size_t i = 0; i < n && good; i++)
		good = argv[argc - 1][i] == (char)('0' + i % 10);
	TAP_OK(good, "the 8192-character argument");
	return tap_done();
}
