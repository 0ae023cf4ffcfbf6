/* The environment: getenv, setenv, unsetenv, putenv, environ. */
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <string.h>
#include "tap.h"

extern char **environ;

int main(void)
{
	static char pair[] = "HARBOR_PUT=put";
	int found = 0;

	tap_plan(7);
	TAP_OK(getenv("HARBOR_TEST_ENV") && !strcmp(getenv("HARBOR_TEST_ENV"), "from-the-runner"),
		"a variable from the start-up environment");
	TAP_OK(!getenv("HARBOR_NO_SUCH_VARIABLE"), "a missing variable");
	TAP_OK(setenv("HARBOR_SET", "one", 0) == 0 && !strcmp(getenv("HARBOR_SET"), "one"), "setenv");
	TAP_OK(setenv("HARBOR_SET", "two", 0) == 0 && !strcmp(getenv("HARBOR_SET"), "one"),
		"setenv without overwrite keeps the value");
	TAP_OK(putenv(pair) == 0 && !strcmp(getenv("HARBOR_PUT"), "put"), "putenv");
	TAP_OK(unsetenv("HARBOR_SET") == 0 && !getenv("HARBOR_SET"), "unsetenv");
	for (char **e = environ; *e; e++)
		if (!strcmp(*e, "HARBOR_PUT=put"))
			found = 1;
	TAP_OK(found, "environ lists putenv's string");
	return tap_done();
}
