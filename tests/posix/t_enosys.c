/*
 * A call Harbor does not implement returns ENOSYS.  tuxcall (184) is
 * chosen because Linux does not implement it either, so the program
 * passes under Debian's musl-gcc on the host too.  On Harbor the runner
 * also checks that "syscall tuxcall (184) not implemented" is logged
 * exactly once although the call is made three times.
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <unistd.h>
#include <sys/syscall.h>
#include "tap.h"

int main(void)
{
	tap_plan(3);
	for (int i = 0; i < 3; i++) {
		errno = 0;
		long r = syscall(SYS_tuxcall, 1, 2, 3);
		TAP_OK(r == -1 && errno == ENOSYS, "an unimplemented call fails with ENOSYS");
	}
	return tap_done();
}
