/*
 * TEMPORARY: running one POSIX program from a boot module (posix_boot.h).
 * proc's exec replaces this file; it exists so that musl programs can run
 * on Harbor (harbor-run, the tests in tests/posix) before IPC, proc and
 * the console driver do.
 *
 * Order: find and check everything (the ELF image with kern/elf.c's
 * checked loader, the NAME.args module), then make the task, load the
 * image, build the initial stack of docs/startup.md at the top of a fresh
 * stack region, and start the first thread.  A failure after the task
 * exists terminates it.
 *
 * The start-up block's layout comes from the personality's own header,
 * so the kernel's writer and crt1's reader cannot disagree.
 */
#include <mach/kern_return.h>
#include <mach/port.h>
#include <mach/vm_statistics.h>

#include "../../personality/posix/include/harbor/startup.h"

#include "kern/arch.h"
#include "kern/bootinfo.h"
#include "kern/clock.h"
#include "kern/elf.h"
#include "kern/posix_boot.h"
#include "kern/printf.h"
#include "kern/string.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "kern/zalloc.h"
#include "vm/vm_map.h"

/* Where the stack is: the same top as the bootstrap task's, 8 MiB deep
 * (reserved, filled on demand), as much as Linux gives by default. */
#define STACK_TOP	0x00007fffffd00000ull
#define STACK_SIZE	(8ull << 20)

/* Auxiliary vector types (System V x86_64 ABI; Linux's values). */
#define AT_NULL		0
#define AT_PHDR		3
#define AT_PHENT	4
#define AT_PHNUM	5
#define AT_PAGESZ	6
#define AT_ENTRY	9
#define AT_UID		11
#define AT_EUID		12
#define AT_GID		13
#define AT_EGID		14
#define AT_SECURE	23
#define AT_RANDOM	25
#define AT_EXECFN	31
#define AUXV_PAIRS	14	/* the entries build_vector writes, AT_NULL included */

/* Fields of the ELF64 file header (gABI): where the program headers are. */
#define EHDR_PHOFF	32
#define EHDR_PHENTSIZE	54
#define EHDR_PHNUM	56

#define ARGS_MAGIC	"HBARGS1 "
#define STARTUP_FDS	3	/* stdin, stdout, stderr: the console */

/* The program's arguments: argc + envc strings, each ending in NUL. */
struct posix_args {
	const char *strings;
	size_t size;
	unsigned argc, envc;
};

/* What the initial stack needs to know, and where things went. */
struct stack_plan {
	const struct elf_image *img;
	const struct posix_args *args;
	uint64_t phoff, phentsize, phnum;
	vaddr_t phdr_at;		/* the program headers in memory */
	vaddr_t strings_at, random_at, block_at, sp;
};

static const struct boot_module *
module_named(const char *name)
{
	for (unsigned i = 0; i < boot_info.nmodules; i++) {
		const char *c = boot_info.modules[i].cmdline;
		size_t len = strlen(name);
		if (strncmp(c, name, len) == 0 && (c[len] == '\0' || c[len] == ' '))
			return &boot_info.modules[i];
	}
	return NULL;
}

/* A decimal number at *p, at most `max`; advances *p past it. */
static bool
parse_count(const char **p, const char *end, unsigned max, unsigned *out)
{
	unsigned v = 0;
	const char *s = *p;

	if (s == end || *s < '0' || *s > '9')
		return false;
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (unsigned)(*s - '0');
		if (v > max)
			return false;
	}
	*p = s;
	*out = v;
	return true;
}

/* Decode NAME.args (format in posix_boot.h); *why on failure. */
static bool
args_parse(const struct boot_module *m, struct posix_args *a, const char **why)
{
	const char *p = PHYS_TO_KVA(m->start), *end = p + (m->end - m->start);
	size_t magic_len = strlen(ARGS_MAGIC), nul = 0;

	*why = "bad header (want \"" ARGS_MAGIC "<argc> <envc>\\n\")";
	if ((size_t)(end - p) < magic_len || memcmp(p, ARGS_MAGIC, magic_len))
		return false;
	p += magic_len;
	if (!parse_count(&p, end, POSIX_BOOT_ARGC_MAX, &a->argc) ||
	    p == end || *p++ != ' ' ||
	    !parse_count(&p, end, POSIX_BOOT_ARGC_MAX - a->argc, &a->envc) ||
	    p == end || *p++ != '\n')
		return false;
	a->strings = p;
	a->size = (size_t)(end - p);
	*why = "strings too long";
	if (a->size > POSIX_BOOT_ARGS_MAX)
		return false;
	for (size_t i = 0; i < a->size; i++)
		nul += a->strings[i] == '\0';
	*why = "the string count differs from argc + envc";
	if (nul != (size_t)a->argc + a->envc ||
	    (a->size && a->strings[a->size - 1] != '\0'))
		return false;
	return true;
}

/* Where the image's program headers are mapped, if a segment holds them. */
static bool
phdrs_mapped(struct stack_plan *plan)
{
	uint64_t len = plan->phnum * plan->phentsize;

	for (unsigned i = 0; i < plan->img->nsegments; i++) {
		const struct elf_segment *s = &plan->img->seg[i];
		if (plan->phoff >= s->offset &&
		    plan->phoff - s->offset <= s->filesz &&
		    len <= s->filesz - (plan->phoff - s->offset)) {
			plan->phdr_at = s->vaddr + (plan->phoff - s->offset);
			return true;
		}
	}
	return false;
}

/*
 * The 16 AT_RANDOM bytes.  The kernel has no entropy source yet: this is
 * the cycle counter and the clock stirred (SplitMix64), unpredictable
 * enough for a stack canary in a test boot, not for keys.
 */
static void
fill_random(uint64_t out[2])
{
	uint64_t x = arch_cycles() ^ (clock_wall_ns() << 17) ^ clock_monotonic_ns();

	for (int i = 0; i < 2; i++) {
		uint64_t z = (x += 0x9e3779b97f4a7c15ull);
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
		out[i] = z ^ (z >> 31);
	}
}

/* The start-up block of a program that is alone in the system. */
static struct harbor_startup *
make_block(size_t *size)
{
	struct harbor_startup *b;

	*size = sizeof(*b) + STARTUP_FDS * sizeof(b->fds[0]);
	b = kzalloc(*size);
	if (!b)
		return NULL;
	b->magic = HARBOR_STARTUP_MAGIC;
	b->version = HARBOR_STARTUP_VERSION;
	b->size = (uint32_t)*size;
	b->nfds = STARTUP_FDS;
	b->pid = b->pgid = b->sid = 1;
	b->umask = 022;
	b->bootstrap_port = b->console_port = b->proc_port = MACH_PORT_NULL;
	b->cwd_port = b->root_port = MACH_PORT_NULL;
	for (int fd = 0; fd < STARTUP_FDS; fd++) {
		b->fds[fd].fd = fd;
		b->fds[fd].kind = HARBOR_FD_KIND_CONSOLE;
		b->fds[fd].port = MACH_PORT_NULL;
	}
	return b;
}

/* Copy `size` bytes to just below *cursor, aligned down to `align`. */
static int
push_bytes(struct vm_map *map, vaddr_t *cursor, const void *data, size_t size,
    size_t align, vaddr_t *at)
{
	*cursor = ALIGN_DOWN(*cursor - size, align);
	*at = *cursor;
	return size ? vm_map_copyout_kernel(map, *cursor, data, size, false) :
	    KERN_SUCCESS;
}

/* argc, argv, envp and auxv, in `w` (nwords long). */
static void
build_vector(const struct stack_plan *plan, uint64_t *w)
{
	const struct posix_args *a = plan->args;
	uint64_t execfn = a->argc ? plan->strings_at : 0;
	size_t off = 0, i = 0;

	w[i++] = a->argc;
	for (unsigned k = 0; k < a->argc + a->envc; k++) {
		if (k == a->argc)
			w[i++] = 0;		/* end of argv */
		w[i++] = plan->strings_at + off;
		off += strlen(a->strings + off) + 1;
	}
	if (a->envc == 0)
		w[i++] = 0;			/* end of argv */
	w[i++] = 0;				/* end of envp */
	const uint64_t aux[AUXV_PAIRS][2] = {
		{ AT_PHDR, plan->phdr_at }, { AT_PHENT, plan->phentsize },
		{ AT_PHNUM, plan->phnum }, { AT_PAGESZ, PAGE_SIZE },
		{ AT_ENTRY, plan->img->entry }, { AT_UID, 0 }, { AT_EUID, 0 },
		{ AT_GID, 0 }, { AT_EGID, 0 }, { AT_SECURE, 0 },
		{ AT_RANDOM, plan->random_at }, { AT_EXECFN, execfn },
		{ AT_HARBOR_STARTUP, plan->block_at }, { AT_NULL, 0 },
	};
	memcpy(&w[i], aux, sizeof(aux));
}

/*
 * From the top down: the strings, the random bytes, the start-up block,
 * the program headers if no segment maps them, then the vector with
 * %rsp 16-byte aligned at argc.
 */
static int
build_stack(struct vm_map *map, const void *elf, struct stack_plan *plan)
{
	const struct posix_args *a = plan->args;
	size_t nwords = 1 + a->argc + 1 + a->envc + 1 + 2 * AUXV_PAIRS;
	size_t block_size;
	struct harbor_startup *block = make_block(&block_size);
	uint64_t *vec = kalloc(nwords * sizeof(uint64_t));
	uint64_t rnd[2];
	vaddr_t cursor = STACK_TOP, unused;
	int kr = KERN_RESOURCE_SHORTAGE;

	fill_random(rnd);
	if (!block || !vec)
		goto out;
	kr = push_bytes(map, &cursor, a->strings, a->size, 16, &plan->strings_at);
	if (kr == KERN_SUCCESS)
		kr = push_bytes(map, &cursor, rnd, sizeof(rnd), 16, &plan->random_at);
	if (kr == KERN_SUCCESS)
		kr = push_bytes(map, &cursor, block, block_size, 16, &plan->block_at);
	if (kr == KERN_SUCCESS && !phdrs_mapped(plan))
		kr = push_bytes(map, &cursor, (const uint8_t *)elf + plan->phoff,
		    plan->phnum * plan->phentsize, 16, &plan->phdr_at);
	if (kr == KERN_SUCCESS) {
		build_vector(plan, vec);
		kr = push_bytes(map, &cursor, vec, nwords * sizeof(uint64_t), 16,
		    &unused);
		plan->sp = cursor;
	}
out:
	if (vec)
		kfree(vec, nwords * sizeof(uint64_t));
	if (block)
		kfree(block, block_size);
	return kr;
}

/* Make the task, load it, build its stack and start its thread. */
static int
start_program(const char *name, const struct boot_module *mod,
    const struct elf_image *img, const struct posix_args *args,
    struct task **out)
{
	const uint8_t *elf = PHYS_TO_KVA(mod->start);
	struct stack_plan plan = { .img = img, .args = args };
	vm_address_t stack = STACK_TOP - STACK_SIZE;
	uint16_t phentsize, phnum;
	struct thread *th;
	struct task *task;
	int kr;

	/* elf_check has validated these fields and the headers' bounds. */
	memcpy(&plan.phoff, elf + EHDR_PHOFF, sizeof(plan.phoff));
	memcpy(&phentsize, elf + EHDR_PHENTSIZE, sizeof(phentsize));
	memcpy(&phnum, elf + EHDR_PHNUM, sizeof(phnum));
	plan.phentsize = phentsize;
	plan.phnum = phnum;

	kr = task_create(NULL, false, name, &task);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = elf_load(task->map, elf, img);
	if (kr == KERN_SUCCESS)
		kr = vm_allocate(task->map, &stack, STACK_SIZE, VM_FLAGS_FIXED);
	if (kr == KERN_SUCCESS)
		kr = build_stack(task->map, elf, &plan);
	if (kr == KERN_SUCCESS)
		kr = thread_create_user(task, img->entry, plan.sp, 0, &th);
	if (kr != KERN_SUCCESS) {
		task_terminate(task, kr);
		task_deallocate(task);
		return kr;
	}
	/* Said before the thread runs, so the program's output follows it. */
	kprintf("harbor: run: starting %s (task %lu)\n", name,
	    (unsigned long)task->id);
	thread_resume(th);
	thread_deallocate(th);
	*out = task;
	return KERN_SUCCESS;
}

/* Find and check the program and its arguments; nothing is made yet. */
static bool
check_program(const char *name, const struct boot_module **mod,
    struct elf_image *img, struct posix_args *args)
{
	char args_name[BOOT_MODNAME_MAX];
	const struct boot_module *am;
	const char *why;

	*mod = module_named(name);
	if (!*mod) {
		kprintf("harbor: run: no boot module named %s\n", name);
		return false;
	}
	if (elf_check(PHYS_TO_KVA((*mod)->start), (*mod)->end - (*mod)->start,
	    img, &why) != KERN_SUCCESS) {
		kprintf("harbor: run: %s is not a static ELF64 executable: %s\n",
		    name, why);
		return false;
	}
	ksnprintf(args_name, sizeof(args_name), "%s.args", name);
	am = module_named(args_name);
	if (!am) {
		args->strings = name;
		args->size = strlen(name) + 1;
		args->argc = 1;
		args->envc = 0;
	} else if (!args_parse(am, args, &why)) {
		kprintf("harbor: run: %s: %s\n", args_name, why);
		return false;
	}
	return true;
}

unsigned
posix_boot_run(const char *name)
{
	const struct boot_module *mod;
	struct elf_image img;
	struct posix_args args;
	struct task *task;
	int status = 0, kr = KERN_INVALID_ARGUMENT;

	if (check_program(name, &mod, &img, &args))
		kr = start_program(name, mod, &img, &args, &task);
	if (kr != KERN_SUCCESS) {
		kprintf("harbor: run: %s could not be started (error %d)\n", name, kr);
		return HARBOR_EXIT_RUN_NOSTART;
	}
	task_wait_dead(task, WAIT_FOREVER, &status);
	task_deallocate(task);
	if (status >= TASK_EXIT_EXCEPTION) {
		kprintf("harbor: run: %s killed by exception %d\n", name,
		    status - TASK_EXIT_EXCEPTION);
		return HARBOR_EXIT_RUN_KILLED;
	}
	kprintf("harbor: run: %s exited with status %d\n", name, status);
	return HARBOR_EXIT_RUN_STATUS + ((unsigned)status & 0x3f);
}
