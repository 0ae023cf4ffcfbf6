/*
 * The program harbor-run.test runs on Harbor to check harbor-run itself:
 *   run_probe echo ARGS...  prints each argument in brackets, one a line,
 *                           then HARBOR_PROBE's value, then a last line
 *                           without a newline; exits 255
 *   run_probe crash         writes through a null pointer
 *   run_probe hang          sleeps for ever (for the time limit)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (!strcmp(mode, "echo")) {
		const char *v = getenv("HARBOR_PROBE");
		for (int i = 2; i < argc; i++)
			printf("[%s]\n", argv[i]);
		printf("HARBOR_PROBE=%s\n", v ? v : "(unset)");
		printf("PATH is %s\n", getenv("PATH") ? "set" : "unset");
		printf("no newline");
		return 255;
	}
	if (!strcmp(mode, "crash")) {
		volatile int *p = NULL;
		*p = 1;
	}
	if (!strcmp(mode, "hang"))
		for (;;)
			sleep(1);
	return 2;
}
