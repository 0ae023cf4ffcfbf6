/*
 * One formatting engine, two sinks: a buffer (ksnprintf) and the kernel
 * log (kprintf).  The engine emits characters through a small callback so
 * that kprintf needs no buffer and works in a panic with a broken heap.
 */
#include "kern/printf.h"
#include "kern/console.h"
#include "kern/string.h"

struct sink {
	void (*put)(struct sink *s, char c);
	char *buf;		/* buffer sink: destination */
	size_t size;		/* buffer sink: capacity, including the NUL */
	size_t len;		/* characters produced so far (may exceed size) */
};

struct spec {
	bool left;		/* '-' flag */
	bool alt;		/* '#' flag: 0x for %x, 0 for %o */
	char pad;		/* ' ' or '0' */
	int width;
	int prec;		/* -1: none */
	int lenmod;		/* 0 int, 1 long, 2 long long, -1 short, -2 char, 3 size_t */
};

static void
emit(struct sink *s, char c)
{
	s->put(s, c);
	s->len++;
}

static void
emit_padded(struct sink *s, const struct spec *sp, const char *str, size_t n,
    const char *prefix)
{
	size_t plen = strlen(prefix);
	int fill = sp->width - (int)(n + plen);

	if (sp->pad == '0' && !sp->left) {
		/* zero padding goes between the sign or 0x and the digits */
		while (*prefix)
			emit(s, *prefix++);
		for (; fill > 0; fill--)
			emit(s, '0');
	}
	if (!sp->left)
		for (; fill > 0; fill--)
			emit(s, ' ');
	while (*prefix)
		emit(s, *prefix++);
	for (size_t i = 0; i < n; i++)
		emit(s, str[i]);
	for (; fill > 0; fill--)
		emit(s, ' ');
}

static void
emit_number(struct sink *s, const struct spec *sp, unsigned long long v,
    unsigned base, bool upper, bool negative, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	size_t n = sizeof(tmp);

	do {
		tmp[--n] = digits[v % base];
		v /= base;
	} while (v);
	emit_padded(s, sp, tmp + n, sizeof(tmp) - n, negative ? "-" : prefix);
}

static unsigned long long
fetch_unsigned(va_list *ap, int lenmod)
{
	switch (lenmod) {
	case 1: return va_arg(*ap, unsigned long);
	case 2: return va_arg(*ap, unsigned long long);
	case 3: return va_arg(*ap, size_t);
	case -1: return (unsigned short)va_arg(*ap, unsigned int);
	case -2: return (unsigned char)va_arg(*ap, unsigned int);
	default: return va_arg(*ap, unsigned int);
	}
}

static long long
fetch_signed(va_list *ap, int lenmod)
{
	switch (lenmod) {
	case 1: return va_arg(*ap, long);
	case 2: return va_arg(*ap, long long);
	case 3: return (long long)va_arg(*ap, size_t);
	case -1: return (short)va_arg(*ap, int);
	case -2: return (signed char)va_arg(*ap, int);
	default: return va_arg(*ap, int);
	}
}

/* Parse flags, width, precision and length; returns the conversion char. */
static const char *
parse_spec(const char *f, struct spec *sp)
{
	*sp = (struct spec){ .pad = ' ', .prec = -1 };
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '#')
			sp->alt = true;
		else if (*f == '0')
			sp->pad = '0';
		else
			break;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (*f++ - '0');
	if (*f == '.') {
		sp->prec = 0;
		for (f++; *f >= '0' && *f <= '9'; f++)
			sp->prec = sp->prec * 10 + (*f - '0');
	}
	for (;; f++) {
		if (*f == 'l')
			sp->lenmod = sp->lenmod == 1 ? 2 : 1;
		else if (*f == 'h')
			sp->lenmod = sp->lenmod == -1 ? -2 : -1;
		else if (*f == 'z')
			sp->lenmod = 3;
		else
			return f;
	}
}

static void
format(struct sink *s, const char *fmt, va_list ap0)
{
	va_list ap;
	struct spec sp;

	va_copy(ap, ap0);
	for (const char *f = fmt; *f; f++) {
		if (*f != '%') {
			emit(s, *f);
			continue;
		}
		f = parse_spec(f + 1, &sp);
		switch (*f) {
		case 'd':
		case 'i': {
			long long v = fetch_signed(&ap, sp.lenmod);
			unsigned long long mag = v < 0 ? -(unsigned long long)v : (unsigned long long)v;
			emit_number(s, &sp, mag, 10, false, v < 0, "");
			break;
		}
		case 'u':
			emit_number(s, &sp, fetch_unsigned(&ap, sp.lenmod), 10, false, false, "");
			break;
		case 'x':
		case 'X':
		{
			unsigned long long v = fetch_unsigned(&ap, sp.lenmod);
			emit_number(s, &sp, v, 16, *f == 'X', false,
			    sp.alt && v ? (*f == 'X' ? "0X" : "0x") : "");
			break;
		}
		case 'o': {
			/* '#' makes the first digit 0, so 0 itself stays "0" */
			unsigned long long v = fetch_unsigned(&ap, sp.lenmod);
			emit_number(s, &sp, v, 8, false, false, sp.alt && v ? "0" : "");
			break;
		}
		case 'p':
			emit_number(s, &sp, (uintptr_t)va_arg(ap, void *), 16, false, false, "0x");
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);
			emit_padded(s, &sp, &c, 1, "");
			break;
		}
		case 's': {
			const char *str = va_arg(ap, const char *);
			if (!str)
				str = "(null)";
			size_t n = sp.prec >= 0 ? strnlen(str, (size_t)sp.prec) : strlen(str);
			emit_padded(s, &sp, str, n, "");
			break;
		}
		case '%':
			emit(s, '%');
			break;
		case '\0':
			f--;	/* a lone '%' at the end: stop at the NUL */
			break;
		default:
			/* unknown conversion: show it rather than guess */
			emit(s, '%');
			emit(s, *f);
			break;
		}
	}
	va_end(ap);
}

static void
buf_put(struct sink *s, char c)
{
	if (s->len + 1 < s->size)
		s->buf[s->len] = c;
}

int
kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s = { .put = buf_put, .buf = buf, .size = size };

	format(&s, fmt, ap);
	if (size)
		buf[s.len < size ? s.len : size - 1] = '\0';
	return (int)s.len;
}

int
ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void
console_put(struct sink *s __unused, char c)
{
	console_putc(c);
}

int
kvprintf(const char *fmt, va_list ap)
{
	struct sink s = { .put = console_put };

	console_lock();
	format(&s, fmt, ap);
	console_unlock();
	return (int)s.len;
}

int
kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvprintf(fmt, ap);
	va_end(ap);
	return n;
}
