/*
 * misc.c: uname and getrandom.
 */
#include "handlers.h"
#include "harbor.h"
#include "linux_abi.h"
#include "linux_syscall.h"
#include "log.h"
#include "random.h"

static void misc_copy(char *dst, const char *src)
{
	size_t i;

	for (i = 0; src[i] && i < LINUX_UTSNAME_LEN - 1; i++)
		dst[i] = src[i];
	for (; i < LINUX_UTSNAME_LEN; i++)
		dst[i] = 0;
}

/* The node name is fixed until a host-name service exists. */
long posix_sys_uname(const long arg[6])
{
	struct linux_utsname *u = (struct linux_utsname *)arg[0];

	if (!u)
		return -LINUX_EFAULT;
	misc_copy(u->sysname, "Harbor");
	misc_copy(u->nodename, "harbor");
	misc_copy(u->release, "0.1");
	misc_copy(u->version, "Harbor POSIX personality");
	misc_copy(u->machine, "x86_64");
	misc_copy(u->domainname, "(none)");
	return 0;
}

/*
 * The kernel's entropy source when the backend has one; otherwise the
 * seeded generator of random.c, which is NOT cryptographically strong
 * and says so once on the console.
 */
long posix_sys_getrandom(const long arg[6])
{
	void *buf = (void *)arg[0];
	size_t len = (size_t)arg[1];
	long flags = arg[2];
	int r;

	if (flags & ~(long)(LINUX_GRND_NONBLOCK | LINUX_GRND_RANDOM |
			    LINUX_GRND_INSECURE))
		return -LINUX_EINVAL;
	if (len == 0)
		return 0;
	if (!buf)
		return -LINUX_EFAULT;
	/* Linux returns at most 32 MiB per call; callers loop. */
	if (len > (32UL << 20))
		len = 32UL << 20;
	r = harbor_random(buf, len);
	if (r == 0)
		return (long)len;
	if (r != -LINUX_ENOSYS)
		return r;
	posix_log_partial(LINUX_SYS_getrandom,
		"has no kernel entropy: using a seeded generator, not for cryptography");
	posix_random_fill(buf, len);
	return (long)len;
}
