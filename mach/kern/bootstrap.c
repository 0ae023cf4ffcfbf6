/*
 * Starting a user task from a boot module (bootstrap.h).  Order: find
 * and validate (nothing allocated yet), then build the task: address
 * space, segments, stack, information page, module mappings, first
 * thread.  Any failure after the task exists terminates it, so nothing
 * is left half made.
 */
#include <mach/kern_return.h>
#include <mach/vm_statistics.h>

#include "ipc/ipc_port.h"
#include "ipc/ipc_space.h"
#include "ipc/ipc_tt.h"
#include "ipc/mach_port.h"
#include "kern/bootinfo.h"
#include "kern/bootstrap.h"
#include "kern/bootstrap_info.h"
#include "kern/cmdline.h"
#include "kern/elf.h"
#include "kern/printf.h"
#include "kern/string.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "kern/zalloc.h"
#include "vm/vm_map.h"

_Static_assert(sizeof(struct bootstrap_info) <= PAGE_SIZE, "info page");

static const struct boot_module *
module_find(const char *name)
{
	size_t len = strlen(name);

	for (unsigned i = 0; i < boot_info.nmodules; i++) {
		const char *c = boot_info.modules[i].cmdline;
		if (strncmp(c, name, len) == 0 && (c[len] == '\0' || c[len] == ' '))
			return &boot_info.modules[i];
	}
	return NULL;
}

/* Map every module but `self` read-only and describe them in *info. */
static int
map_modules(struct vm_map *map, const struct boot_module *self,
    struct bootstrap_info *info)
{
	for (unsigned i = 0; i < boot_info.nmodules; i++) {
		const struct boot_module *m = &boot_info.modules[i];
		struct bootstrap_module_info *mi;
		paddr_t base = trunc_page(m->start);
		vm_address_t addr = 0;
		int kr;
		if (m == self || m->end <= m->start ||
		    info->nmodules == BOOTSTRAP_MODULES_MAX)
			continue;
		kr = vm_map_physical(map, &addr, base, round_page(m->end) - base,
		    VM_PROT_READ, VM_FLAGS_ANYWHERE);
		if (kr != KERN_SUCCESS)
			return kr;
		mi = &info->modules[info->nmodules++];
		mi->addr = addr + (m->start - base);
		mi->size = m->end - m->start;
		strlcpy(mi->name, m->cmdline, sizeof(mi->name));
	}
	return KERN_SUCCESS;
}

/*
 * The task's first rights: its task port, the host and host_priv ports,
 * and a bootstrap port of its own (the receive right is the task's, the
 * task keeps a send right as its bootstrap special port for children).
 */
static int
setup_ports(struct task *task, struct bootstrap_info *info)
{
	struct ipc_space *space = task->itk_space;
	struct ipc_port *port;
	struct ipc_entry *e;
	int kr;

	info->task_self = ipc_port_copyout_send(ipc_task_make_send(task), space);
	info->host = ipc_port_copyout_send(ipc_host_make_send(false), space);
	info->host_priv = ipc_port_copyout_send(ipc_host_make_send(true), space);
	kr = mach_port_allocate(space, MACH_PORT_RIGHT_RECEIVE, &info->bootstrap);
	if (kr != KERN_SUCCESS)
		return kr;
	e = ipc_entry_lookup(space, info->bootstrap);
	port = (struct ipc_port *)e->object;
	task->itk_bootstrap = ipc_port_make_send(port);
	if (!info->task_self || !info->host || !info->host_priv)
		return KERN_RESOURCE_SHORTAGE;
	return KERN_SUCCESS;
}

static int
setup_memory(struct task *task, const struct boot_module *mod,
    const struct elf_image *img, const char *args)
{
	struct vm_map *map = task->map;
	struct bootstrap_info *info = kzalloc(sizeof(*info));
	vm_address_t stack = BOOTSTRAP_STACK_TOP - BOOTSTRAP_STACK_SIZE;
	vm_address_t page = BOOTSTRAP_INFO_ADDR;
	int kr;

	if (!info)
		return KERN_RESOURCE_SHORTAGE;
	info->magic = BOOTSTRAP_INFO_MAGIC;
	strlcpy(info->args, args ? args : "", sizeof(info->args));
	kr = setup_ports(task, info);
	if (kr == KERN_SUCCESS)
		kr = elf_load(map, PHYS_TO_KVA(mod->start), img);
	if (kr == KERN_SUCCESS)
		kr = vm_allocate(map, &stack, BOOTSTRAP_STACK_SIZE, VM_FLAGS_FIXED);
	if (kr == KERN_SUCCESS)
		kr = map_modules(map, mod, info);
	if (kr == KERN_SUCCESS)
		kr = vm_allocate(map, &page, PAGE_SIZE, VM_FLAGS_FIXED);
	if (kr == KERN_SUCCESS)
		kr = vm_map_copyout_kernel(map, page, info, sizeof(*info), false);
	if (kr == KERN_SUCCESS)
		kr = vm_protect(map, page, PAGE_SIZE, TRUE, VM_PROT_READ);
	if (kr == KERN_SUCCESS)
		kr = vm_protect(map, page, PAGE_SIZE, FALSE, VM_PROT_READ);
	kfree(info, sizeof(*info));
	return kr;
}

int
bootstrap_start_module(const char *name, const char *args, struct task **out)
{
	const struct boot_module *mod = module_find(name);
	struct elf_image img;
	struct thread *th;
	struct task *task;
	const char *why;
	int kr;

	if (!mod) {
		kprintf("harbor: no boot module named %s\n", name);
		return KERN_INVALID_NAME;
	}
	if (elf_check(PHYS_TO_KVA(mod->start), mod->end - mod->start, &img, &why)) {
		kprintf("harbor: boot module %s is not a valid static ELF64 executable: %s\n",
		    name, why);
		return KERN_INVALID_ARGUMENT;
	}
	kr = task_create(NULL, false, name, &task);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = setup_memory(task, mod, &img, args);
	if (kr == KERN_SUCCESS)
		kr = thread_create_user(task, img.entry, BOOTSTRAP_STACK_TOP,
		    BOOTSTRAP_INFO_ADDR, &th);
	if (kr != KERN_SUCCESS) {
		kprintf("harbor: cannot start %s: error %d\n", name, kr);
		task_terminate(task, kr);
		task_deallocate(task);
		return kr;
	}
	thread_resume(th);
	thread_deallocate(th);
	*out = task;
	return KERN_SUCCESS;
}

/*
 * bootstrap decides what the system starts from the kernel's command
 * line (start=, priv=, posix=, wait=: servers/bootstrap/DESIGN.md), so
 * it gets the whole line as its arguments.  A line longer than the
 * page's field is cut at a word boundary, never in a word, and said.
 */
static void
bootstrap_args(char *args, size_t size)
{
	const char *line = cmdline_text();
	size_t len = strlen(line);

	if (len < size) {
		strlcpy(args, line, size);
		return;
	}
	len = size - 1;
	while (len > 0 && line[len] != ' ')
		len--;
	memcpy(args, line, len);
	args[len] = '\0';
	kprintf("harbor: the command line is too long for bootstrap; it gets \"%s\"\n",
	    args);
}

int
bootstrap_run(void)
{
	char args[BOOTSTRAP_ARGS_MAX];
	struct task *task;
	int status = -1;

	bootstrap_args(args, sizeof(args));
	if (bootstrap_start_module("bootstrap", args, &task) != KERN_SUCCESS) {
		kprintf("harbor: the first task could not be started\n");
		return -1;
	}
	kprintf("harbor: started bootstrap (task %lu)\n", (unsigned long)task->id);
	task_wait_dead(task, 0, &status);
	kprintf("harbor: bootstrap ended with status %#x\n", status);
	task_deallocate(task);
	return status;
}
