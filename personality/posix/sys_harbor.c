/*
 * sys_harbor.c: the personality's Harbor operations (harbor.h).
 *
 * This is the only file of the personality that will talk to the rest
 * of Harbor: through harbor-mig stubs of the kernel's vm_*, task_* and
 * clock interfaces and of the console driver, using the ports found in
 * the start-up block (posix_process()->startup).  Until kernel IPC and
 * the console driver land, no such stubs exist, and this file
 * deliberately implements nothing: every operation returns -LINUX_ENOSYS
 * so that a program run too early fails visibly rather than seeming to
 * work.  (If a temporary kernel ABI for test programs appears, it is to
 * be used here and only here; see DESIGN.md, "Backend".)
 */
#include "harbor.h"
#include "linux_abi.h"

long harbor_console_write(const void *buf, size_t len)
{
	(void)buf;
	(void)len;
	return -LINUX_ENOSYS;
}

long harbor_console_read(void *buf, size_t len)
{
	(void)buf;
	(void)len;
	return -LINUX_ENOSYS;
}

int harbor_vm_allocate(uintptr_t *addr, size_t size, bool anywhere)
{
	(void)addr;
	(void)size;
	(void)anywhere;
	return -LINUX_ENOSYS;
}

int harbor_vm_deallocate(uintptr_t addr, size_t size)
{
	(void)addr;
	(void)size;
	return -LINUX_ENOSYS;
}

int harbor_vm_protect(uintptr_t addr, size_t size, int prot)
{
	(void)addr;
	(void)size;
	(void)prot;
	return -LINUX_ENOSYS;
}

int harbor_clock_read(int clock, uint64_t *ns)
{
	(void)clock;
	(void)ns;
	return -LINUX_ENOSYS;
}

int harbor_clock_sleep(uint64_t ns)
{
	(void)ns;
	return -LINUX_ENOSYS;
}

int harbor_thread_set_tls(uintptr_t base)
{
	(void)base;
	return -LINUX_ENOSYS;
}

int harbor_task_exit(int status)
{
	(void)status;
	return -LINUX_ENOSYS;
}

int harbor_random(void *buf, size_t len)
{
	(void)buf;
	(void)len;
	return -LINUX_ENOSYS;
}
