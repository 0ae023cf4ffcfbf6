/*
 * The user test runtime (ulib.h).
 */
#include "ulib.h"

void u_exit(int status) { SYS1(SYS_EXIT, status); for (;;) ; }
void u_thread_exit(void) { SYS0(SYS_THREAD_EXIT); for (;;) ; }
int u_vm_allocate(uint64_t *addr, uint64_t size, int flags) { return (int)SYS3(SYS_VM_ALLOCATE, addr, size, flags); }
int u_vm_deallocate(uint64_t addr, uint64_t size) { return (int)SYS2(SYS_VM_DEALLOCATE, addr, size); }
int u_vm_protect(uint64_t addr, uint64_t size, int set_max, int prot) { return (int)SYS4(SYS_VM_PROTECT, addr, size, set_max, prot); }
int u_vm_inherit(uint64_t addr, uint64_t size, int inherit) { return (int)SYS3(SYS_VM_INHERIT, addr, size, inherit); }
int u_task_create(int inherit, uint64_t *id) { return (int)SYS2(SYS_TASK_CREATE, inherit, id); }
int u_task_terminate(uint64_t id, int status) { return (int)SYS2(SYS_TASK_TERMINATE, id, status); }
int u_task_wait(uint64_t id, uint64_t timeout_ns, int *status) { return (int)SYS3(SYS_TASK_WAIT, id, timeout_ns, status); }
int u_thread_wait(uint64_t task, uint64_t thread, uint64_t timeout_ns) { return (int)SYS3(SYS_THREAD_WAIT, task, thread, timeout_ns); }
int u_sleep(uint64_t ns) { return (int)SYS1(SYS_SLEEP, ns); }
uint64_t u_clock(void) { return SYS1(SYS_CLOCK, CLOCK_MONOTONIC_NS); }
int u_yield(void) { return (int)SYS3(SYS_THREAD_SWITCH, 0, 0, 0); }
uint64_t u_free_pages(void) { return SYS0(SYS_FREE_PAGES); }

int
u_thread_create(uint64_t task, void (*fn)(uint64_t), uint64_t sp, uint64_t arg,
    uint64_t *id)
{
	/* the SysV ABI expects rsp + 8 aligned at function entry */
	return (int)SYS5(SYS_THREAD_CREATE, task, fn, sp - 8, arg, id);
}

uint64_t
u_stack(uint64_t size)
{
	uint64_t addr = 0;

	if (u_vm_allocate(&addr, size, VM_FLAGS_ANYWHERE) != KERN_SUCCESS)
		return 0;
	return addr + size;
}

void *
memset(void *d, int c, size_t n)
{
	unsigned char *p = d;

	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

void *
memcpy(void *d, const void *s, size_t n)
{
	unsigned char *p = d;
	const unsigned char *q = s;

	while (n--)
		*p++ = *q++;
	return d;
}

int
memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

size_t
strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int
strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

struct out {
	char *buf;
	size_t size, len;
};

static void
put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void
put_num(struct out *o, uint64_t v, unsigned base, int neg)
{
	char tmp[24];
	int n = 0;

	if (neg)
		put(o, '-');
	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (n)
		put(o, tmp[--n]);
}

/* %d %u %x %s %c %p with an optional l; enough for test output. */
int
u_vsnprintf(char *buf, size_t size, const char *f, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *f; f++) {
		if (*f != '%') {
			put(&o, *f);
			continue;
		}
		int l = 0;
		while (*++f == 'l')
			l = 1;
		switch (*f) {
		case 'd': {
			int64_t v = l ? va_arg(ap, long) : va_arg(ap, int);
			put_num(&o, v < 0 ? (uint64_t)-v : (uint64_t)v, 10, v < 0);
			break;
		}
		case 'u': put_num(&o, l ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 10, 0); break;
		case 'x': put_num(&o, l ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 16, 0); break;
		case 'p': put(&o, '0'); put(&o, 'x'); put_num(&o, (uint64_t)va_arg(ap, void *), 16, 0); break;
		case 's': for (const char *s = va_arg(ap, const char *); *s; s++) put(&o, *s); break;
		case 'c': put(&o, (char)va_arg(ap, int)); break;
		case '%': put(&o, '%'); break;
		default: put(&o, '?'); break;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int
u_printf(const char *fmt, ...)
{
	char buf[SYS_LOG_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = u_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	SYS2(SYS_LOG, buf, strlen(buf));
	return n;
}
