/*
 * Starting a POSIX program (see posix_start.h and docs/startup.md).
 *
 * The top of the stack — strings, AT_RANDOM bytes, start-up block,
 * program headers if no segment maps them, then argc/argv/envp/auxv —
 * is laid out in a buffer of bootstrap's, every address computed as
 * where it will be in the child, and written into the child's stack
 * with one vm_write.
 */
#include "posix_start.h"

#include <string.h>

#include "ulib.h"

#include "../../personality/posix/include/harbor/startup.h"

#include "posix_args.h"

/* Same place and depth as every Harbor POSIX stack (docs/startup.md §6). */
#define POSIX_STACK_TOP		0x00007fffffd00000ull
#define POSIX_STACK_SIZE	(8ull << 20)
#define POSIX_PAGE		4096ull
#define POSIX_FDS		3	/* stdin, stdout, stderr: the console */

/* Auxiliary vector types (System V x86-64 ABI, Linux's numbers). */
enum {
	POSIX_AT_NULL = 0, POSIX_AT_PHDR = 3, POSIX_AT_PHENT = 4, POSIX_AT_PHNUM = 5,
	POSIX_AT_PAGESZ = 6, POSIX_AT_ENTRY = 9, POSIX_AT_UID = 11, POSIX_AT_EUID = 12,
	POSIX_AT_GID = 13, POSIX_AT_EGID = 14, POSIX_AT_SECURE = 23,
	POSIX_AT_RANDOM = 25, POSIX_AT_EXECFN = 31,
};
#define POSIX_AUXV_PAIRS	14

struct posix_block {
	struct harbor_startup head;
	struct harbor_startup_fd fds[POSIX_FDS];
};

/* The buffer standing for [top - size, top) of the child's stack. */
struct posix_frame {
	uint8_t *buf;
	uint64_t size, top, cursor;	/* cursor: child address, moving down */
};

/* Put len bytes just below the cursor, aligned down to 16: their child address. */
static uint64_t posix_push(struct posix_frame *f, const void *data, size_t len)
{
	f->cursor = (f->cursor - len) & ~15ull;
	memcpy(f->buf + (f->cursor - (f->top - f->size)), data, len);
	return f->cursor;
}

/*
 * 16 bytes for AT_RANDOM: the cycle counter and the clock stirred with
 * SplitMix64's finaliser.  Good enough for a stack canary in a test boot
 * (there is no entropy source yet), not for keys.
 */
static void posix_random(uint64_t out[2])
{
	uint64_t x = u_rdtsc() ^ (u_clock() << 21);

	for (int i = 0; i < 2; i++) {
		x += 0x9e3779b97f4a7c15ull;
		out[i] = x;
		out[i] = (out[i] ^ (out[i] >> 30)) * 0xbf58476d1ce4e5b9ull;
		out[i] = (out[i] ^ (out[i] >> 27)) * 0x94d049bb133111ebull;
		out[i] ^= out[i] >> 31;
	}
}

static void posix_block_fill(struct posix_block *b, mach_port_t names, mach_port_t console)
{
	memset(b, 0, sizeof(*b));
	b->head.magic = HARBOR_STARTUP_MAGIC;
	b->head.version = HARBOR_STARTUP_VERSION;
	b->head.size = sizeof(*b);
	b->head.nfds = POSIX_FDS;
	/* The first programs are their own session, as root: proc takes over later. */
	b->head.pid = b->head.pgid = b->head.sid = 1;
	b->head.umask = 022;
	b->head.bootstrap_port = names;
	b->head.console_port = console;
	for (int fd = 0; fd < POSIX_FDS; fd++) {
		b->fds[fd].fd = fd;
		b->fds[fd].kind = HARBOR_FD_KIND_CONSOLE;
		b->fds[fd].port = console;
	}
}

/* argc, argv, envp, auxv at the bottom; returns the stack pointer. */
static uint64_t posix_vector(struct posix_frame *f, const struct posix_args *a,
			     uint64_t strings, const uint64_t at[][2])
{
	uint64_t nwords = 1 + a->argc + 1 + a->envc + 1 + 2 * POSIX_AUXV_PAIRS;
	uint64_t sp = (f->cursor - nwords * 8) & ~15ull;
	uint64_t *w = (uint64_t *)(void *)(f->buf + (sp - (f->top - f->size)));
	uint64_t off = 0;
	unsigned i = 0;

	w[i++] = a->argc;
	for (unsigned k = 0; k < a->argc + a->envc; k++) {
		if (k == a->argc)
			w[i++] = 0;		/* end of argv */
		w[i++] = strings + off;
		off += strlen(a->strings + off) + 1;
	}
	if (a->envc == 0)
		w[i++] = 0;			/* end of argv, when no string followed it */
	w[i++] = 0;				/* end of envp */
	memcpy(&w[i], at, POSIX_AUXV_PAIRS * 2 * sizeof(uint64_t));
	f->cursor = sp;
	return sp;
}

/* Lay out the stack's top in f; *sp where the thread starts. */
static void posix_layout(struct posix_frame *f, const void *image,
			 const struct bs_elf_image *img, const struct posix_args *a,
			 const struct posix_block *block, uint64_t *sp)
{
	uint64_t rnd[2], strings, random, blk, phdr = img->phdr_vaddr;

	posix_random(rnd);
	strings = posix_push(f, a->strings, a->size);
	random = posix_push(f, rnd, sizeof(rnd));
	blk = posix_push(f, block, sizeof(*block));
	if (phdr == 0)
		phdr = posix_push(f, (const uint8_t *)image + img->phoff,
				  (size_t)img->phnum * img->phentsize);
	const uint64_t at[POSIX_AUXV_PAIRS][2] = {
		{ POSIX_AT_PHDR, phdr }, { POSIX_AT_PHENT, img->phentsize },
		{ POSIX_AT_PHNUM, img->phnum }, { POSIX_AT_PAGESZ, POSIX_PAGE },
		{ POSIX_AT_ENTRY, img->entry }, { POSIX_AT_UID, 0 }, { POSIX_AT_EUID, 0 },
		{ POSIX_AT_GID, 0 }, { POSIX_AT_EGID, 0 }, { POSIX_AT_SECURE, 0 },
		{ POSIX_AT_RANDOM, random }, { POSIX_AT_EXECFN, a->argc ? strings : 0 },
		{ AT_HARBOR_STARTUP, blk }, { POSIX_AT_NULL, 0 },
	};
	*sp = posix_vector(f, a, strings, at);
}

/* The stack region, its top written from a frame of bootstrap's. */
static kern_return_t posix_stack(const struct spawn_task *t, const void *image,
				 const struct bs_elf_image *img, const struct posix_args *a,
				 const struct posix_block *block, uint64_t *sp)
{
	struct posix_frame f;
	vm_address_t buf = 0;
	kern_return_t kr;

	/* Room for everything posix_layout pushes, each rounded to 16. */
	f.size = a->size + 16 + sizeof(*block) + (uint64_t)img->phnum * img->phentsize +
		 (1 + a->argc + 1 + a->envc + 1 + 2 * POSIX_AUXV_PAIRS) * 8 + 6 * 16;
	f.size = (f.size + POSIX_PAGE - 1) & ~(POSIX_PAGE - 1);
	f.top = f.cursor = POSIX_STACK_TOP;
	kr = vm_allocate(mach_task_self(), &buf, f.size, VM_FLAGS_ANYWHERE);
	if (kr != KERN_SUCCESS)
		return kr;
	f.buf = (uint8_t *)buf;
	posix_layout(&f, image, img, a, block, sp);
	kr = spawn_region(t, POSIX_STACK_TOP - POSIX_STACK_SIZE, POSIX_STACK_SIZE, NULL, 0,
			  VM_PROT_DEFAULT);
	if (kr == KERN_SUCCESS)
		kr = vm_write(t->task, POSIX_STACK_TOP - f.size, buf, (mach_msg_type_number_t)f.size);
	vm_deallocate(mach_task_self(), buf, f.size);
	return kr;
}

/* NAME.args, or argv = { NAME }. */
static bool posix_find_args(const struct bootstrap_info *info, const char *name,
			    struct posix_args *a, const char **why)
{
	size_t len = strlen(name);

	for (unsigned i = 0; i < info->nmodules && i < BOOTSTRAP_MODULES_MAX; i++) {
		const struct bootstrap_module_info *m = &info->modules[i];

		if (strncmp(m->name, name, len) == 0 && strcmp(m->name + len, ".args") == 0)
			return posix_args_parse((const void *)m->addr, m->size, a, why) == 0;
	}
	a->strings = name;
	a->size = len + 1;
	a->argc = 1;
	a->envc = 0;
	return true;
}

kern_return_t posix_start(const struct bootstrap_info *info, const char *name,
			  const void *image, size_t size, const struct spawn_ports *ports,
			  mach_port_t console, struct spawn_task *t, const char **why)
{
	struct bs_elf_image img;
	struct posix_args args;
	struct posix_block block;
	uint64_t sp = 0;
	kern_return_t kr;

	if (bs_elf_check(image, size, SPAWN_IMAGE_LIMIT, &img, why) != 0 ||
	    !posix_find_args(info, name, &args, why))
		return KERN_INVALID_ARGUMENT;
	*why = "cannot make the task";
	kr = spawn_task_create(ports, SPAWN_UID_ROOT, t);
	if (kr != KERN_SUCCESS)
		return kr;
	*why = "cannot load the image";
	kr = spawn_load(t, image, &img);
	if (kr == KERN_SUCCESS) {
		*why = "cannot give it its ports";
		kr = spawn_give(t, ports->names, MACH_MSG_TYPE_MAKE_SEND);
	}
	if (kr == KERN_SUCCESS)
		kr = spawn_give(t, console, MACH_MSG_TYPE_COPY_SEND);
	if (kr == KERN_SUCCESS) {
		*why = "cannot build the initial stack";
		posix_block_fill(&block, ports->names, console);
		kr = posix_stack(t, image, &img, &args, &block, &sp);
	}
	if (kr == KERN_SUCCESS) {
		*why = "cannot start its thread";
		kr = spawn_thread_start(t, img.entry, sp, 0);
	}
	if (kr != KERN_SUCCESS) {
		spawn_abort(t);
		return kr;
	}
	*why = NULL;
	return KERN_SUCCESS;
}
