/*
 * Reading the console on Harbor: read(0) is a console_read RPC to the
 * console driver (docs/startup.md §5), which returns what has been typed
 * so far.  console-read.test boots this program beside the driver and
 * types TYPED (below) once the program says it is ready; the program
 * reads until the newline and checks the bytes.  A read that returned
 * nothing, an error, or other bytes fails a point; a read that never
 * returns fails the run by its time limit.  The second read uses a
 * 1-byte buffer, so the bytes must come one call at a time, none lost.
 */
#include <string.h>
#include <unistd.h>
#include "tap.h"

/* Keep in step with console-read.test. */
#define TYPED_1 "typed into a POSIX program: 0123456789"
#define TYPED_2 "second line, one byte at a time"

/* Reads up to a newline (dropped) into buf with reads of at most chunk bytes. */
static int read_line(char *buf, size_t size, size_t chunk, int *bad_read)
{
	size_t n = 0;

	*bad_read = 0;
	while (n < size - 1) {
		ssize_t r = read(0, buf + n, chunk);

		if (r <= 0 || (size_t)r > chunk) {
			*bad_read = 1;
			break;
		}
		n += (size_t)r;
		if (buf[n - 1] == '\n' || buf[n - 1] == '\r')
			break;
	}
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		n--;
	buf[n] = '\0';
	return (int)n;
}

int main(void)
{
	char line[256];
	int bad;

	tap_plan(4);
	printf("console_read: ready for input 1\n");
	fflush(stdout);
	read_line(line, sizeof line, sizeof line, &bad);
	TAP_OK(!bad, "reads of the console return bytes, no error");
	TAP_OK(strcmp(line, TYPED_1) == 0, "the typed line arrives as typed");
	if (strcmp(line, TYPED_1) != 0)
		printf("# got \"%s\"\n", line);

	printf("console_read: ready for input 2\n");
	fflush(stdout);
	read_line(line, sizeof line, 1, &bad);
	TAP_OK(!bad, "1-byte reads return one byte each");
	TAP_OK(strcmp(line, TYPED_2) == 0, "and together the typed line");
	if (strcmp(line, TYPED_2) != 0)
		printf("# got \"%s\"\n", line);
	return tap_done();
}
