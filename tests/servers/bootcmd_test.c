/*
 * Host tests of bootstrap's command-line reading (servers/bootstrap/bootcmd.c):
 * words of the kernel's line, comma lists, module lines.  Each point
 * fails if a word is found that is not there, a prefix passes for a
 * key, a too-long value is cut instead of refused, or a list item is
 * lost or merged.
 */
#include <string.h>

#include "bootcmd.h"
#include "tap.h"

static void test_words(void)
{
	char v[16];

	TAP_OK(bc_word("start=a,b wait=b poweroff", "start", v, sizeof(v)) == 1 &&
	       strcmp(v, "a,b") == 0, "key=value");
	TAP_OK(bc_word("start=a,b wait=b poweroff", "poweroff", v, sizeof(v)) == 1 &&
	       v[0] == '\0', "a bare key has the empty value");
	TAP_OK(bc_word("startx=1 xstart=2", "start", v, sizeof(v)) == 0,
	       "a word that only begins or ends with the key is not it");
	TAP_OK(bc_word("", "start", v, sizeof(v)) == 0 && bc_word("   ", "start", v, sizeof(v)) == 0,
	       "empty lines have no words");
	TAP_OK(bc_word("wait=a  wait=b", "wait", v, sizeof(v)) == 1 && strcmp(v, "b") == 0,
	       "the last word wins, as in the kernel");
	TAP_OK(bc_word("wait=0123456789abcdef", "wait", v, sizeof(v)) == -1,
	       "a value that does not fit is refused, not cut");
	TAP_OK(bc_word("wait=0123456789abcde", "wait", v, sizeof(v)) == 1 &&
	       strlen(v) == 15, "a value that just fits is whole");
	TAP_OK(bc_word("bootstrap.expose-tasks", "bootstrap.expose-tasks", NULL, 0) == 1,
	       "presence alone, without a buffer");
}

static void test_lists(void)
{
	const char *c = ",a,,bb,";
	char item[4];
	int r1, r2, r3;

	r1 = bc_list_next(&c, item, sizeof(item));
	TAP_OK(r1 == 1 && strcmp(item, "a") == 0, "first item, empty ones skipped");
	r2 = bc_list_next(&c, item, sizeof(item));
	TAP_OK(r2 == 1 && strcmp(item, "bb") == 0, "second item");
	r3 = bc_list_next(&c, item, sizeof(item));
	TAP_OK(r3 == 0 && *c == '\0', "then the end");
	c = "toolong,x";
	r1 = bc_list_next(&c, item, sizeof(item));
	r2 = bc_list_next(&c, item, sizeof(item));
	TAP_OK(r1 == -1 && r2 == 1 && strcmp(item, "x") == 0,
	       "an item too long is reported and skipped, the next one follows");
	TAP_OK(bc_list_has("console,virtio-blk", "virtio-blk") &&
	       bc_list_has("console,virtio-blk", "console"), "membership");
	TAP_OK(!bc_list_has("console,virtio-blk", "virtio") &&
	       !bc_list_has("console", "consoles") && !bc_list_has("", "") &&
	       !bc_list_has("a,,b", ""), "no prefix, no longer name, no empty name");
}

static void test_module_lines(void)
{
	char name[8];
	const char *args = NULL;

	TAP_OK(!bc_module_split("boottest alpha beta", name, sizeof(name), &args),
	       "a name that does not fit the buffer is refused");
	TAP_OK(bc_module_split("  boot  alpha  beta", name, sizeof(name), &args) &&
	       strcmp(name, "boot") == 0 && strcmp(args, "alpha  beta") == 0,
	       "name, then the arguments after the spaces");
	TAP_OK(bc_module_split("boot", name, sizeof(name), &args) && args[0] == '\0',
	       "no arguments: the empty string");
	TAP_OK(!bc_module_split("   ", name, sizeof(name), &args) &&
	       !bc_module_split("", name, sizeof(name), &args), "no name: refused");
}

int main(void)
{
	TAP_PLAN(18);
	test_words();
	test_lists();
	test_module_lines();
	return TAP_DONE();
}
