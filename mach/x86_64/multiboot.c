/*
 * Read the multiboot2 boot information (GRUB) into boot_info.
 *
 * The information block is untrusted in the sense that a wrong size must
 * not make us read wild memory: every tag is checked against the block's
 * total size before it is used.  Layout: multiboot2 specification,
 * section 3.6 (boot information format).
 */
#include "kern/bootinfo.h"
#include "kern/cmdline.h"
#include "kern/panic.h"
#include "kern/printf.h"
#include "kern/string.h"
#include "x86_64/acpi.h"
#include "x86_64/cpu.h"
#include "x86_64/x86_64.h"

#define MB2_BOOTLOADER_MAGIC	0x36d76289

enum {
	MB2_TAG_END = 0,
	MB2_TAG_CMDLINE = 1,
	MB2_TAG_LOADER = 2,
	MB2_TAG_MODULE = 3,
	MB2_TAG_MMAP = 6,
	MB2_TAG_ACPI_OLD = 14,
	MB2_TAG_ACPI_NEW = 15,
};

struct mb2_tag {
	uint32_t type;
	uint32_t size;
};

struct mb2_module {
	struct mb2_tag tag;
	uint32_t start, end;
	char cmdline[];
};

struct mb2_mmap {
	struct mb2_tag tag;
	uint32_t entry_size, entry_version;
	uint8_t entries[];
};

struct mb2_mmap_entry {
	uint64_t base, length;
	uint32_t type, reserved;
};

extern char _kernel_start[], _kernel_end[];

/* Copy a string field of a tag, bounded by the tag's own size. */
static void
copy_tag_string(char *dst, size_t dstsize, const char *src, size_t avail)
{
	size_t n = strnlen(src, avail);

	if (n >= dstsize)
		n = dstsize - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static void
parse_mmap(const struct mb2_mmap *m)
{
	uint32_t esize = m->entry_size;

	if (esize < sizeof(struct mb2_mmap_entry) || m->tag.size < sizeof(*m))
		return;
	for (uint32_t off = 0; off + esize <= m->tag.size - sizeof(*m) &&
	    boot_info.nmem < BOOT_MEM_MAX; off += esize) {
		const struct mb2_mmap_entry *e = (const void *)(m->entries + off);
		struct boot_mem_region *r = &boot_info.mem[boot_info.nmem++];
		r->base = e->base;
		r->length = e->length;
		/* multiboot2 types 1..5 match enum boot_mem_type */
		r->type = e->type >= 1 && e->type <= 5 ?
		    (enum boot_mem_type)e->type : BOOT_MEM_RESERVED;
	}
}

static void
parse_module(const struct mb2_module *m)
{
	struct boot_module *bm;

	if (m->tag.size < sizeof(*m) || boot_info.nmodules >= BOOT_MODULES_MAX ||
	    m->end < m->start)
		return;
	bm = &boot_info.modules[boot_info.nmodules++];
	bm->start = m->start;
	bm->end = m->end;
	copy_tag_string(bm->cmdline, sizeof(bm->cmdline), m->cmdline,
	    m->tag.size - sizeof(*m));
}

static void
parse_tag(const struct mb2_tag *t)
{
	const char *payload = (const char *)(t + 1);
	size_t plen = t->size - sizeof(*t);

	switch (t->type) {
	case MB2_TAG_CMDLINE:
		copy_tag_string(boot_info.cmdline, sizeof(boot_info.cmdline),
		    payload, plen);
		break;
	case MB2_TAG_LOADER:
		copy_tag_string(boot_info.loader, sizeof(boot_info.loader),
		    payload, plen);
		break;
	case MB2_TAG_MODULE:
		parse_module((const struct mb2_module *)t);
		break;
	case MB2_TAG_MMAP:
		parse_mmap((const struct mb2_mmap *)t);
		break;
	case MB2_TAG_ACPI_OLD:
	case MB2_TAG_ACPI_NEW:
		acpi_set_rsdp(payload, plen);
		break;
	}
}

void
multiboot_parse(uint32_t magic, paddr_t info)
{
	const uint8_t *base = PHYS_TO_VIRT(info);
	uint32_t total;

	boot_info.kernel_start = (paddr_t)(_kernel_start - KERNEL_IMAGE_BASE);
	boot_info.kernel_end = (paddr_t)(_kernel_end - KERNEL_IMAGE_BASE);
	if (magic != MB2_BOOTLOADER_MAGIC)
		panic("not started by a multiboot2 loader (magic %#x)", magic);
	total = *(const uint32_t *)base;
	if (total < 16 || total > (1u << 20))
		panic("multiboot2 information has a bad size (%u)", total);
	boot_info.info_start = info;
	boot_info.info_end = info + total;

	for (uint32_t off = 8; off + sizeof(struct mb2_tag) <= total;) {
		const struct mb2_tag *t = (const void *)(base + off);
		if (t->type == MB2_TAG_END || t->size < sizeof(*t) ||
		    t->size > total - off)
			break;
		parse_tag(t);
		off += ALIGN_UP(t->size, 8u);
	}
	cmdline_set(boot_info.cmdline);
}
