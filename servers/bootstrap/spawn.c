/*
 * Making a task from a boot module (see spawn.h).  Everything goes
 * through the kernel's RPCs on the child's task port: bootstrap builds
 * the child from outside, as proc's exec will later.
 */
#include "spawn.h"

#include <string.h>

#include <mach/task_info.h>
#include "x86_64/thread_state.h"
#include <mach/vm_statistics.h>

#include "kern/bootstrap_info.h"

#define SPAWN_PAGE		4096ull
#define SPAWN_TRUNC(a)		((a) & ~(SPAWN_PAGE - 1))
#define SPAWN_ROUND(a)		(((a) + SPAWN_PAGE - 1) & ~(SPAWN_PAGE - 1))
/* vm_write moves its data out of line; keep each well under the kernel's bound. */
#define SPAWN_WRITE_CHUNK	(64ull << 20)

static vm_prot_t spawn_prot(unsigned elf_flags)
{
	return ((elf_flags & BS_ELF_R) ? VM_PROT_READ : 0) |
	       ((elf_flags & BS_ELF_W) ? VM_PROT_WRITE : 0) |
	       ((elf_flags & BS_ELF_X) ? VM_PROT_EXECUTE : 0);
}

static kern_return_t spawn_write(const struct spawn_task *t, uint64_t addr,
				 const void *data, size_t len)
{
	kern_return_t kr = KERN_SUCCESS;

	for (size_t done = 0; done < len && kr == KERN_SUCCESS; ) {
		size_t n = len - done < SPAWN_WRITE_CHUNK ? len - done : SPAWN_WRITE_CHUNK;

		kr = vm_write(t->task, addr + done, (vm_offset_t)data + done,
			      (mach_msg_type_number_t)n);
		done += n;
	}
	return kr;
}

kern_return_t spawn_task_create(const struct spawn_ports *ports, uint32_t uid,
				struct spawn_task *t)
{
	struct task_basic_info info;
	mach_msg_type_number_t n = TASK_BASIC_INFO_COUNT;
	security_token_t token;
	kern_return_t kr;

	t->task = MACH_PORT_NULL;
	kr = task_create(mach_task_self(), FALSE, &t->task);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = task_info(t->task, TASK_BASIC_INFO, (task_info_t)&info, &n);
	if (kr == KERN_SUCCESS) {
		t->id = info.task_id;
		/* Its identity before it runs a single instruction (spawn.h). */
		token.val[0] = uid;
		token.val[1] = (uint32_t)info.task_id;
		kr = task_set_security_token(ports->host_priv, t->task, token);
	}
	if (kr == KERN_SUCCESS)
		kr = task_set_special_port(t->task, TASK_BOOTSTRAP_PORT, ports->names);
	if (kr != KERN_SUCCESS)
		spawn_abort(t);
	return kr;
}

/*
 * Linkers pack segments so that one may start in the page where the
 * previous one ends: each segment allocates only pages not yet made,
 * every segment's bytes are written while all is still writable, and
 * only then does each page get its rights (a shared page the union of
 * its segments').
 */
kern_return_t spawn_load(const struct spawn_task *t, const void *image,
			 const struct bs_elf_image *img)
{
	uint64_t made_end = 0;
	kern_return_t kr = KERN_SUCCESS;

	for (unsigned i = 0; i < img->nsegments && kr == KERN_SUCCESS; i++) {
		const struct bs_elf_segment *s = &img->seg[i];
		vm_address_t start = SPAWN_TRUNC(s->vaddr) > made_end ?
				     SPAWN_TRUNC(s->vaddr) : made_end;
		uint64_t end = SPAWN_ROUND(s->vaddr + s->memsz);

		if (end > start)
			kr = vm_allocate(t->task, &start, end - start, VM_FLAGS_FIXED);
		if (kr == KERN_SUCCESS && s->filesz > 0)
			kr = spawn_write(t, s->vaddr, (const char *)image + s->offset, s->filesz);
		if (end > made_end)
			made_end = end;
	}
	for (unsigned i = 0; i < img->nsegments && kr == KERN_SUCCESS; i++) {
		const struct bs_elf_segment *s = &img->seg[i];
		uint64_t first = SPAWN_TRUNC(s->vaddr);
		vm_prot_t prot = spawn_prot(s->flags);

		kr = vm_protect(t->task, first, SPAWN_ROUND(s->vaddr + s->memsz) - first,
				FALSE, prot);
		if (kr == KERN_SUCCESS && i > 0 &&
		    SPAWN_ROUND(img->seg[i - 1].vaddr + img->seg[i - 1].memsz) > first)
			kr = vm_protect(t->task, first, SPAWN_PAGE, FALSE,
					prot | spawn_prot(img->seg[i - 1].flags));
	}
	return kr;
}

kern_return_t spawn_region(const struct spawn_task *t, uint64_t addr, uint64_t size,
			   const void *data, size_t len, vm_prot_t prot)
{
	vm_address_t at = addr;
	kern_return_t kr;

	kr = vm_allocate(t->task, &at, size, VM_FLAGS_FIXED);
	if (kr == KERN_SUCCESS && len > 0)
		kr = spawn_write(t, addr, data, len);
	if (kr == KERN_SUCCESS && prot != VM_PROT_DEFAULT)
		kr = vm_protect(t->task, addr, size, FALSE, prot);
	return kr;
}

kern_return_t spawn_give(const struct spawn_task *t, mach_port_t name,
			 mach_msg_type_name_t how)
{
	if (name == MACH_PORT_NULL)
		return KERN_SUCCESS;
	return mach_port_insert_right(t->task, name, name, how);
}

kern_return_t spawn_thread_start(const struct spawn_task *t, uint64_t rip, uint64_t rsp,
				 uint64_t rdi)
{
	struct x86_thread_state64 st;
	mach_port_t thread = MACH_PORT_NULL;
	kern_return_t kr;

	memset(&st, 0, sizeof(st));
	st.rip = rip;
	st.rsp = rsp;
	st.rdi = rdi;
	kr = thread_create(t->task, &thread);
	if (kr == KERN_SUCCESS)
		kr = thread_set_state(thread, X86_THREAD_STATE64, (thread_state_t)&st,
				      sizeof(st) / sizeof(natural_t));
	if (kr == KERN_SUCCESS)
		kr = thread_resume(thread);
	if (thread != MACH_PORT_NULL)
		mach_port_deallocate(mach_task_self(), thread);
	return kr;
}

void spawn_abort(struct spawn_task *t)
{
	if (t->task == MACH_PORT_NULL)
		return;
	task_terminate(t->task);
	mach_port_deallocate(mach_task_self(), t->task);
	t->task = MACH_PORT_NULL;
}

/* The information page of a native module (contract item 2). */
static void spawn_info(struct bootstrap_info *info, const struct spawn_task *t,
		       const char *args, const struct spawn_ports *ports, bool privileged)
{
	size_t n = strlen(args);

	memset(info, 0, sizeof(*info));
	info->magic = BOOTSTRAP_INFO_MAGIC;
	info->nmodules = 0;
	/* GRUB's module lines are shorter than args[]; cut, never overrun. */
	if (n >= sizeof(info->args))
		n = sizeof(info->args) - 1;
	memcpy(info->args, args, n);
	info->task_self = t->task;
	info->host = ports->host;
	info->host_priv = privileged ? ports->host_priv : MACH_PORT_NULL;
	info->bootstrap = ports->names;
}

kern_return_t spawn_native(const void *image, size_t size, const char *args,
			   const struct spawn_ports *ports, bool privileged,
			   struct spawn_task *t, const char **why)
{
	struct bs_elf_image img;
	struct bootstrap_info info;
	kern_return_t kr;

	if (bs_elf_check(image, size, SPAWN_IMAGE_LIMIT, &img, why) != 0)
		return KERN_INVALID_ARGUMENT;
	*why = "cannot make the task";
	kr = spawn_task_create(ports, privileged ? SPAWN_UID_ROOT : SPAWN_UID_DAEMON, t);
	if (kr != KERN_SUCCESS)
		return kr;
	*why = "cannot load the image";
	kr = spawn_load(t, image, &img);
	if (kr == KERN_SUCCESS) {
		*why = "cannot make the stack or the information page";
		spawn_info(&info, t, args, ports, privileged);
		kr = spawn_region(t, BOOTSTRAP_STACK_TOP - BOOTSTRAP_STACK_SIZE,
				  BOOTSTRAP_STACK_SIZE, NULL, 0, VM_PROT_DEFAULT);
	}
	if (kr == KERN_SUCCESS)
		kr = spawn_region(t, BOOTSTRAP_INFO_ADDR, SPAWN_PAGE, &info, sizeof(info),
				  VM_PROT_READ);
	if (kr == KERN_SUCCESS) {
		*why = "cannot give it its ports";
		kr = spawn_give(t, t->task, MACH_MSG_TYPE_COPY_SEND);
	}
	if (kr == KERN_SUCCESS)
		kr = spawn_give(t, ports->host, MACH_MSG_TYPE_COPY_SEND);
	if (kr == KERN_SUCCESS && privileged)
		kr = spawn_give(t, ports->host_priv, MACH_MSG_TYPE_COPY_SEND);
	if (kr == KERN_SUCCESS)
		kr = spawn_give(t, ports->names, MACH_MSG_TYPE_MAKE_SEND);
	if (kr == KERN_SUCCESS) {
		*why = "cannot start its thread";
		kr = spawn_thread_start(t, img.entry, BOOTSTRAP_STACK_TOP, BOOTSTRAP_INFO_ADDR);
	}
	if (kr != KERN_SUCCESS) {
		spawn_abort(t);
		return kr;
	}
	*why = NULL;
	return KERN_SUCCESS;
}
