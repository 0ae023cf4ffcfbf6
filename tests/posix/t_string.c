/* musl's string and memory functions. */
#define _DEFAULT_SOURCE
#include <string.h>
#include <stdlib.h>
#include <strings.h>
#include "tap.h"

int main(void)
{
	char b[64], t[] = "a,b,,c";
	char big[1000];

	tap_plan(14);
	TAP_OK(strlen("") == 0 && strlen("harbor") == 6, "strlen");
	TAP_OK(strcmp("abc", "abd") < 0 && strcmp("b", "a") > 0 && !strcmp("x", "x"), "strcmp");
	TAP_OK(strncmp("abcdef", "abcxyz", 3) == 0 && strcasecmp("HeLLo", "hello") == 0, "strncmp, strcasecmp");
	strcpy(b, "port");
	strcat(b, "-right");
	TAP_OK(!strcmp(b, "port-right"), "strcpy, strcat");
	TAP_OK(strchr(b, '-') == b + 4 && strrchr(b, 't') == b + 9 && !strchr(b, 'z'), "strchr, strrchr");
	TAP_OK(strstr(b, "right") == b + 5 && !strstr(b, "left"), "strstr");
	TAP_OK(strspn("aaab", "a") == 3 && strcspn("abc;d", ";") == 3, "strspn, strcspn");
	char *save, *tok = strtok_r(t, ",", &save);
	int n = 0;
	for (; tok; tok = strtok_r(NULL, ",", &save))
		n++;
	TAP_OK(n == 3, "strtok_r skips empty fields");
	for (int i = 0; i < 1000; i++)
		big[i] = (char)i;
	memmove(big + 10, big, 500);
	TAP_OK(big[10] == 0 && big[509] == (char)499, "memmove forward overlap");
	memmove(big, big + 10, 500);
	TAP_OK(big[0] == 0 && big[499] == (char)499, "memmove backward overlap");
	memset(big, 'x', sizeof big);
	TAP_OK(big[0] == 'x' && big[999] == 'x' && memchr(big, 'y', sizeof big) == NULL, "memset, memchr");
	TAP_OK(memcmp("abc", "abd", 3) < 0 && memcmp("abc", "abc", 3) == 0, "memcmp");
	char *d = strdup("duplicate");
	TAP_OK(d && !strcmp(d, "duplicate") && d != b, "strdup");
	free(d);
	TAP_OK(!strcmp(strerror(38), "Function not implemented"), "strerror(ENOSYS)");
	return tap_done();
}
