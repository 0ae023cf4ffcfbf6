/*
 * The Harbor operations the personality is built on.
 *
 * Every system call handler is written against this small interface and
 * nothing else of the system, so that the whole personality can be read
 * and tested apart from the kernel and the servers.  One file implements
 * it on Harbor: sys_harbor.c, with harbor-mig stubs (vm_allocate and
 * friends, host_get_time, the console's write and read) and the kernel's
 * temporary calls that are left.  Host tests link their own
 * implementation instead (tests/posix/host_backend.c,
 * tests/posix/dispatch_test.c).
 *
 * Conventions: every operation returns 0 (or a byte count) on success
 * and a negated Linux errno on failure, so handlers pass results straight
 * back to musl.  An operation that Harbor cannot do yet returns
 * -LINUX_ENOSYS; it never pretends to succeed.  None of them may use
 * errno or the stack protector, nor TLS before harbor_thread_set_tls
 * succeeded: __set_thread_area reaches it before the thread pointer
 * exists, and musl may call mmap before that.
 */
#ifndef POSIX_HARBOR_H
#define POSIX_HARBOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Console: the console driver's port, from the start-up block. */
long harbor_console_write(const void *buf, size_t len);
long harbor_console_read(void *buf, size_t len);

/*
 * Memory: vm_allocate / vm_deallocate / vm_protect on the task's own map.
 * harbor_vm_allocate places `size` bytes of zero-filled memory at *addr
 * (page aligned) when anywhere is false, and fails with -LINUX_ENOMEM if
 * any of that range is in use; when anywhere is true it chooses the
 * address and stores it in *addr.  prot is a set of LINUX_PROT_* bits.
 */
int harbor_vm_allocate(uintptr_t *addr, size_t size, bool anywhere);
int harbor_vm_deallocate(uintptr_t addr, size_t size);
int harbor_vm_protect(uintptr_t addr, size_t size, int prot);

/* Clocks: nanoseconds since the epoch, and since boot. */
#define HARBOR_CLOCK_REALTIME	0
#define HARBOR_CLOCK_MONOTONIC	1
int harbor_clock_read(int clock, uint64_t *ns);
int harbor_clock_sleep(uint64_t ns);		/* relative, monotonic */

/* The calling thread's %fs base (the TLS thread pointer). */
int harbor_thread_set_tls(uintptr_t base);

/* Ends the whole task; returns only if it could not. */
int harbor_task_exit(int status);

/* Fills buf from the kernel's entropy source, if there is one. */
int harbor_random(void *buf, size_t len);

#endif /* POSIX_HARBOR_H */
