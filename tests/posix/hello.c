/*
 * The first program on Harbor: prints a line and exits with status 3,
 * so that the runner sees both the output and a status that is neither
 * success nor the usual failure (tests/posix/harbor-hello.test).
 */
#include <stdio.h>

int main(void)
{
	printf("Hello from Harbor!\n");
	return 3;
}
