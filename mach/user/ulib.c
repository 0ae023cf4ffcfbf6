/*
 * The user test runtime (ulib.h).
 */
#include "libmach.h"
#include "ulib.h"

void u_exit(int status) { SYS1(SYS_EXIT, status); for (;;) ; }
int u_task_wait(uint64_t id, uint64_t timeout_ns, int *status) { return (int)SYS3(SYS_TASK_WAIT, id, timeout_ns, status); }
int u_sleep(uint64_t ns) { return (int)SYS1(SYS_SLEEP, ns); }

void
u_thread_exit(void)
{
	/*
	 * thread_terminate(mach_thread_self()) would need a reply port the
	 * thread could no longer give back: the temporary call ends it.
	 */
	mach_thread_done();
	SYS0(SYS_THREAD_EXIT);
	for (;;)
		;
}

int u_vm_allocate(uint64_t *addr, uint64_t size, int flags) { return vm_allocate(mach_task_self(), (vm_address_t *)addr, size, flags); }
int u_vm_deallocate(uint64_t addr, uint64_t size) { return vm_deallocate(mach_task_self(), addr, size); }
int u_vm_protect(uint64_t addr, uint64_t size, int set_max, int prot) { return vm_protect(mach_task_self(), addr, size, set_max, prot); }
int u_vm_inherit(uint64_t addr, uint64_t size, int inherit) { return vm_inherit(mach_task_self(), addr, size, inherit); }
int u_yield(void) { return thread_switch(MACH_PORT_NULL, SWITCH_OPTION_NONE, 0); }

uint64_t
u_clock(void)
{
	mach_time_ns_t ns = 0;

	host_get_time(mach_host_self(), HOST_CLOCK_MONOTONIC, &ns);
	return ns;
}

uint64_t
u_free_pages(void)
{
	struct host_basic_info info;
	mach_msg_type_number_t count = HOST_BASIC_INFO_COUNT;

	if (host_info(mach_host_self(), HOST_BASIC_INFO, (host_info_t)&info,
	    &count) != KERN_SUCCESS)
		return 0;
	return info.free_pages;
}

uint64_t
u_stack(uint64_t size)
{
	uint64_t addr = 0;

	if (u_vm_allocate(&addr, size, VM_FLAGS_ANYWHERE) != KERN_SUCCESS)
		return 0;
	return addr + size;
}

/*
 * Word-wise: eight bytes per `rep movsq`/`rep stosq` step, then at most
 * one 4-, 2- and 1-byte store for the tail.  Every native program's
 * message buffers are cleared and copied here (MIG stubs zero their
 * replies), so a byte at a time cost more than the stub around it.
 */
static inline void
u_tail_store(unsigned char *p, uint64_t v, size_t n)
{
	if (n & 4) {
		__builtin_memcpy(p, &v, 4);
		p += 4;
	}
	if (n & 2) {
		__builtin_memcpy(p, &v, 2);
		p += 2;
	}
	if (n & 1)
		*p = (unsigned char)v;
}

void *
memset(void *d, int c, size_t n)
{
	void *p = d;
	uint64_t v = (unsigned char)c * 0x0101010101010101ull;
	size_t w = n >> 3;

	if (w)
		__asm__ volatile("rep stosq" : "+D"(p), "+c"(w) : "a"(v)
		    : "memory");
	if (n & 7)
		u_tail_store(p, v, n);
	return d;
}

void *
memcpy(void *d, const void *s, size_t n)
{
	void *p = d;
	size_t w = n >> 3;

	if (w)
		__asm__ volatile("rep movsq" : "+D"(p), "+S"(s), "+c"(w)
		    : : "memory");
	n &= 7;
	if (n)
		__asm__ volatile("rep movsb" : "+D"(p), "+S"(s), "+c"(n)
		    : : "memory");
	return d;
}

void *
memmove(void *d, const void *s, size_t n)
{
	unsigned char *p = d;
	const unsigned char *q = s;
	uint64_t v;

	if (p <= q || p >= q + n)
		return memcpy(d, s, n);
	/* overlapping, destination above: backward, tail bytes first */
	while (n & 7) {
		n--;
		p[n] = q[n];
	}
	while (n) {
		n -= 8;
		__builtin_memcpy(&v, q + n, 8);
		__builtin_memcpy(p + n, &v, 8);
	}
	return d;
}

void *
memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
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

int
strncmp(const char *a, const char *b, size_t n)
{
	for (; n > 0; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (*a == '\0')
			return 0;
	}
	return 0;
}

char *
strcpy(char *d, const char *s)
{
	return memcpy(d, s, strlen(s) + 1);
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

/* A conversion's field: width, '0' padding, '-' left alignment. */
struct field {
	unsigned width;
	bool zero, left;
};

static void
pad(struct out *o, unsigned n, char c)
{
	while (n--)
		put(o, c);
}

static void
put_str(struct out *o, const char *s, size_t n, const struct field *fl)
{
	unsigned fill = fl->width > n ? fl->width - (unsigned)n : 0;

	if (!fl->left)
		pad(o, fill, ' ');
	while (n--)
		put(o, *s++);
	if (fl->left)
		pad(o, fill, ' ');
}

static void
put_num(struct out *o, uint64_t v, unsigned base, bool neg, const char *prefix,
    const struct field *fl)
{
	char tmp[24];
	unsigned n = 0, len, plen = (unsigned)strlen(prefix) + (neg ? 1 : 0);

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	len = n + plen;
	if (!fl->left && !fl->zero && fl->width > len)
		pad(o, fl->width - len, ' ');
	if (neg)
		put(o, '-');
	for (const char *p = prefix; *p; p++)
		put(o, *p);
	if (!fl->left && fl->zero && fl->width > len)
		pad(o, fl->width - len, '0');
	while (n)
		put(o, tmp[--n]);
	if (fl->left && fl->width > len)
		pad(o, fl->width - len, ' ');
}

/*
 * %d %u %x %s %c %p and %%, with the flags '-' and '0', a field width,
 * and the length modifiers l, ll and z; enough for servers and tests.
 * Anything else prints '?', so a mistake shows.
 */
int
u_vsnprintf(char *buf, size_t size, const char *f, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *f; f++) {
		if (*f != '%') {
			put(&o, *f);
			continue;
		}
		struct field fl = { 0, false, false };
		for (f++; *f == '-' || *f == '0'; f++) {
			if (*f == '-')
				fl.left = true;
			else
				fl.zero = true;
		}
		for (; *f >= '0' && *f <= '9'; f++)
			fl.width = fl.width * 10 + (unsigned)(*f - '0');
		int l = 0;
		for (; *f == 'l' || *f == 'z'; f++)
			l = 1;
		switch (*f) {
		case 'd': {
			int64_t v = l ? va_arg(ap, long) : va_arg(ap, int);
			put_num(&o, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0, "", &fl);
			break;
		}
		case 'u':
			put_num(&o, l ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 10,
			    false, "", &fl);
			break;
		case 'x':
			put_num(&o, l ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 16,
			    false, "", &fl);
			break;
		case 'p':
			put_num(&o, (uint64_t)va_arg(ap, void *), 16, false, "0x", &fl);
			break;
		case 's': {
			const char *str = va_arg(ap, const char *);
			put_str(&o, str, strlen(str), &fl);
			break;
		}
		case 'c': {
			char c = (char)va_arg(ap, int);
			put_str(&o, &c, 1, &fl);
			break;
		}
		case '%': put(&o, '%'); break;
		default:
			put(&o, '?');
			if (!*f)
				f--;	/* a lone % at the end */
			break;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int
u_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = u_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
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
