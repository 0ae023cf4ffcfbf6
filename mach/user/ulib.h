/*
 * The tiny runtime of the user test programs (no libc yet): wrappers for
 * the TEMPORARY calls of mach/kern/syscall_temp.h that remain, the
 * common calls through the kernel's RPCs (libmach.h), a printf to the
 * kernel log, and the few string functions gcc may call.
 */
#ifndef ULIB_H
#define ULIB_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mach/kern_return.h>
#include <mach/vm_inherit.h>
#include <mach/vm_prot.h>
#include <mach/vm_statistics.h>

#include "kern/bootstrap_info.h"
#include "kern/syscall_temp.h"
#include "libmach.h"

/* The temporary calls, through libmach's trap instruction. */
#define usys(n, a0, a1, a2, a3, a4)	mach_trap6((n), (a0), (a1), (a2), (a3), (a4), 0)
#define SYS0(n)			usys((n), 0, 0, 0, 0, 0)
#define SYS1(n, a)		usys((n), (uint64_t)(a), 0, 0, 0, 0)
#define SYS2(n, a, b)		usys((n), (uint64_t)(a), (uint64_t)(b), 0, 0, 0)
#define SYS3(n, a, b, c)	usys((n), (uint64_t)(a), (uint64_t)(b), (uint64_t)(c), 0, 0)
#define SYS4(n, a, b, c, d)	usys((n), (uint64_t)(a), (uint64_t)(b), (uint64_t)(c), (uint64_t)(d), 0)
#define SYS5(n, a, b, c, d, e)	usys((n), (uint64_t)(a), (uint64_t)(b), (uint64_t)(c), (uint64_t)(d), (uint64_t)(e))

/* What is left of the temporary calls (no RPC carries these yet). */
__attribute__((noreturn)) void u_exit(int status);
int u_task_wait(uint64_t id, uint64_t timeout_ns, int *status);
int u_sleep(uint64_t ns);

/* Through the kernel's RPCs (vm_map, thread_act, host) and traps. */
__attribute__((noreturn)) void u_thread_exit(void);
int u_vm_allocate(uint64_t *addr, uint64_t size, int flags);
int u_vm_deallocate(uint64_t addr, uint64_t size);
int u_vm_protect(uint64_t addr, uint64_t size, int set_max, int prot);
int u_vm_inherit(uint64_t addr, uint64_t size, int inherit);
uint64_t u_clock(void);
int u_yield(void);
uint64_t u_free_pages(void);

/* A stack of `size` bytes for a new thread; returns its top (0 on failure). */
uint64_t u_stack(uint64_t size);

int u_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int u_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int u_snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
void *memchr(const void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strcpy(char *d, const char *s);

static inline uint64_t
u_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

#define MSEC	1000000ull

#endif
