/*
 * libmach's reply port in a POSIX program (personality/posix/sys_harbor.c,
 * mach_reply_port_slot): each thread keeps one port for every RPC it
 * makes.  This program has 64 KiB of thread-local data, more than musl's
 * built-in TLS area, so musl's __init_tls maps memory for it — an
 * mmap, so a vm_allocate RPC — before the thread pointer exists; the
 * port made for that RPC must move into the thread's TLS and serve every
 * later call.  libmach counts the ports it made (mig_reply_ports): a
 * second port means the move was lost, a growing count means ports
 * leak.  Harbor only (on-harbor.test): on the host there is no libmach
 * traffic to count.  Checked to fail when sys_harbor.c does not move the
 * early port into TLS.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <time.h>
#include "tap.h"

/* libmach.h's; the sysroot has no header for libmach. */
unsigned mig_reply_ports(void);

/* External, so the compiler keeps all of it in the TLS segment. */
_Thread_local char big_tls[64 * 1024];

int main(void)
{
	struct timespec ts;
	unsigned first;
	int failed = 0;

	tap_plan(3);
	TAP_OK(mig_reply_ports() == 1,
		"the RPC before TLS existed and those after share one reply port");
	first = mig_reply_ports();
	for (int i = 0; i < 500; i++) {
		void *p = malloc(1 << 20);	/* mmap + munmap: vm_allocate, vm_deallocate */

		failed += !p;
		free(p);
		failed += clock_gettime(CLOCK_MONOTONIC, &ts) != 0;	/* host_get_time */
	}
	TAP_OK(failed == 0, "500 large mallocs and clock reads succeed");
	TAP_OK(mig_reply_ports() == first, "and those 1500 RPCs made no new reply port");
	return tap_done();
}
