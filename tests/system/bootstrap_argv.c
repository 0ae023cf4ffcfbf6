/*
 * A POSIX program for tests/system/bootstrap (built there with
 * harbor-cc): started by bootstrap with posix= from the module line
 * "argv one two" and no argv.args, it must get argv = { "argv", "one",
 * "two" } and an empty environment.  It says so by its exit status,
 * which bootstrap logs: 0 if all holds, else a bit per check that failed.
 */
#include <string.h>

extern char **environ;

int main(int argc, char **argv)
{
	int status = 0;

	if (argc != 3)
		status |= 1;
	else if (strcmp(argv[0], "argv") != 0 || strcmp(argv[1], "one") != 0 ||
		 strcmp(argv[2], "two") != 0 || argv[3] != NULL)
		status |= 2;
	if (environ == NULL || environ[0] != NULL)
		status |= 4;
	return status;
}
