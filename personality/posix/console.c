/*
 * console.c: read, write, readv, writev and ioctl on the console.
 *
 * Until the fd table and the tty server exist (design.md, section 4), the
 * only descriptors a process has are the console ones its start-up block
 * names (0, 1 and 2 without a block).  Any other descriptor is EBADF:
 * that is the truth, since nothing else can have been opened.
 */
#include "handlers.h"
#include "harbor.h"
#include "linux_abi.h"
#include "linux_syscall.h"
#include "log.h"
#include "startup.h"

/* The size musl's stdio asks for to decide on line buffering. */
#define CONSOLE_ROWS 24
#define CONSOLE_COLS 80

long posix_sys_write(const long arg[6])
{
	long fd = arg[0];
	const void *buf = (const void *)arg[1];
	size_t len = (size_t)arg[2];

	if (!posix_fd_is_console(fd))
		return -LINUX_EBADF;
	if (len == 0)
		return 0;
	if (!buf)
		return -LINUX_EFAULT;
	return harbor_console_write(buf, len);
}

long posix_sys_read(const long arg[6])
{
	long fd = arg[0];
	void *buf = (void *)arg[1];
	size_t len = (size_t)arg[2];

	if (!posix_fd_is_console(fd))
		return -LINUX_EBADF;
	if (len == 0)
		return 0;
	if (!buf)
		return -LINUX_EFAULT;
	return harbor_console_read(buf, len);
}

/* Decode an iovec array; returns 0 or a negated errno. */
static long console_check_iov(long fd, const struct linux_iovec *iov,
	long count)
{
	if (!posix_fd_is_console(fd))
		return -LINUX_EBADF;
	if (count < 0 || count > LINUX_IOV_MAX)
		return -LINUX_EINVAL;
	if (count > 0 && !iov)
		return -LINUX_EFAULT;
	return 0;
}

/* One transfer of a vector: harbor_console_write or harbor_console_read. */
typedef long console_xfer_fn(struct linux_iovec *v);

static long console_write_one(struct linux_iovec *v)
{
	return harbor_console_write(v->iov_base, v->iov_len);
}

static long console_read_one(struct linux_iovec *v)
{
	return harbor_console_read(v->iov_base, v->iov_len);
}

/*
 * Moves the buffers in order and stops at the first short transfer, as a
 * transfer of the concatenation would.  An error after some bytes moved
 * reports the bytes (POSIX: the error shows on the next call).
 */
static long console_vector(const long arg[6], console_xfer_fn *xfer)
{
	long fd = arg[0];
	struct linux_iovec *iov = (struct linux_iovec *)arg[1];
	long count = arg[2];
	long done = 0;
	long err = console_check_iov(fd, iov, count);

	if (err)
		return err;
	for (long i = 0; i < count; i++) {
		long n;

		if (iov[i].iov_len == 0)
			continue;
		n = xfer(&iov[i]);
		if (n < 0)
			return done ? done : n;
		done += n;
		if ((uint64_t)n < iov[i].iov_len)
			break;
	}
	return done;
}

long posix_sys_writev(const long arg[6])
{
	return console_vector(arg, console_write_one);
}

/* A terminal read returns what is available (a line); so does readv. */
long posix_sys_readv(const long arg[6])
{
	return console_vector(arg, console_read_one);
}

/*
 * The console is a terminal: TIOCGWINSZ answers (musl's isatty and its
 * stdout line buffering ask it).  Everything else waits for the tty
 * server and its termios.
 */
long posix_sys_ioctl(const long arg[6])
{
	long fd = arg[0];
	unsigned long request = (unsigned long)arg[1];
	struct linux_winsize *ws = (struct linux_winsize *)arg[2];

	if (!posix_fd_is_console(fd))
		return -LINUX_EBADF;
	if (request == LINUX_TIOCGWINSZ) {
		if (!ws)
			return -LINUX_EFAULT;
		ws->ws_row = CONSOLE_ROWS;
		ws->ws_col = CONSOLE_COLS;
		ws->ws_xpixel = 0;
		ws->ws_ypixel = 0;
		return 0;
	}
	posix_log_partial(LINUX_SYS_ioctl,
		"only TIOCGWINSZ on the console is implemented");
	return -LINUX_ENOTTY;
}
