/*
 * log.c: once-per-process messages about what Harbor does not do yet.
 *
 * The "logged" bits are process-wide and set atomically, so two threads
 * hitting the same missing call print one line.  Nothing here uses TLS
 * or errno: an unimplemented call can come before the thread pointer is
 * set.  Lines go to the console through the backend; if even that is
 * missing there is nowhere to report to, and the message is dropped.
 */
#include "log.h"
#include "dispatch.h"
#include "harbor.h"
#include "linux_abi.h"
#include "linux_syscall.h"
#include "startup.h"

#define LOG_WORD_BITS 64
#define LOG_WORDS ((LINUX_SYSCALL_COUNT + LOG_WORD_BITS) / LOG_WORD_BITS)

/* Bit nr: "nr not implemented" was logged.  The last bit stands for
 * every number outside the table. */
static uint64_t log_unimplemented_done[LOG_WORDS];
/* Bit nr: a partial-support message for nr was logged. */
static uint64_t log_partial_done[LOG_WORDS];

/* True the first time it is called for this bit. */
static bool log_first_time(uint64_t *bits, long nr)
{
	unsigned long i = (nr >= 0 && nr < LINUX_SYSCALL_COUNT) ?
		(unsigned long)nr : LINUX_SYSCALL_COUNT;
	uint64_t mask = (uint64_t)1 << (i % LOG_WORD_BITS);

	return !(__atomic_fetch_or(&bits[i / LOG_WORD_BITS], mask,
		__ATOMIC_RELAXED) & mask);
}

/* A bounded line buffer: messages are short, and a long program name is
 * cut rather than overflowing. */
struct log_line {
	char buf[192];
	size_t len;
};

static void log_put(struct log_line *l, const char *s)
{
	while (*s && l->len < sizeof l->buf - 1)
		l->buf[l->len++] = *s++;
}

static void log_put_decimal(struct log_line *l, long v)
{
	char digits[24];
	size_t n = 0;
	unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;

	if (v < 0)
		log_put(l, "-");
	do {
		digits[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	while (n && l->len < sizeof l->buf - 1)
		l->buf[l->len++] = digits[--n];
}

static void log_emit(struct log_line *l)
{
	l->buf[l->len++] = '\n';
	(void)harbor_console_write(l->buf, l->len);
}

static void log_start(struct log_line *l)
{
	l->len = 0;
	log_put(l, "harbor: ");
	log_put(l, posix_process()->prog);
	log_put(l, ": ");
}

void posix_log(const char *msg1, const char *msg2)
{
	struct log_line l;

	log_start(&l);
	log_put(&l, msg1);
	if (msg2)
		log_put(&l, msg2);
	log_emit(&l);
}

static void log_syscall(long nr, const char *what)
{
	struct log_line l;

	log_start(&l);
	log_put(&l, "syscall ");
	log_put(&l, posix_syscall_name(nr));
	log_put(&l, " (");
	log_put_decimal(&l, nr);
	log_put(&l, ") ");
	log_put(&l, what);
	log_emit(&l);
}

long posix_unimplemented(long nr)
{
	if (log_first_time(log_unimplemented_done, nr))
		log_syscall(nr, "not implemented");
	return -LINUX_ENOSYS;
}

void posix_log_partial(long nr, const char *what)
{
	if (log_first_time(log_partial_done, nr))
		log_syscall(nr, what);
}
