/*
 * ELF64 checks (see elf_check.h).  Field layouts from the System V gABI
 * (chapters 4 and 5) and its x86-64 supplement.  The headers are read
 * with memcpy into local structs, so a module at any alignment is fine.
 */
#include "elf_check.h"

#include <string.h>

#define ELF_CLASS64	2
#define ELF_DATA2LSB	1
#define ELF_VERSION	1
#define ELF_ET_EXEC	2
#define ELF_EM_X86_64	62
#define ELF_PT_LOAD	1
#define ELF_PT_DYNAMIC	2
#define ELF_PT_INTERP	3

/* The file header (gABI "ELF Header"). */
struct bs_ehdr {
	uint8_t ident[16];	/* magic, class, data, version, ABI */
	uint16_t type;		/* ET_EXEC for a static executable */
	uint16_t machine;
	uint32_t version;
	uint64_t entry;
	uint64_t phoff;		/* program headers: where in the file */
	uint64_t shoff;		/* sections: not used to load */
	uint32_t flags;
	uint16_t ehsize;
	uint16_t phentsize;
	uint16_t phnum;
	uint16_t shentsize;
	uint16_t shnum;
	uint16_t shstrndx;
};

/* A program header (gABI "Program Header"). */
struct bs_phdr {
	uint32_t type;
	uint32_t flags;		/* PF_R, PF_W, PF_X */
	uint64_t offset;	/* of the segment's bytes in the file */
	uint64_t vaddr;
	uint64_t paddr;		/* unused */
	uint64_t filesz;
	uint64_t memsz;
	uint64_t align;		/* checked through offset and vaddr instead */
};

_Static_assert(sizeof(struct bs_ehdr) == 64, "ELF64 file header");
_Static_assert(sizeof(struct bs_phdr) == 56, "ELF64 program header");

static const char *elf_check_header(const struct bs_ehdr *eh, size_t size)
{
	if (memcmp(eh->ident, "\177ELF", 4) != 0)
		return "no ELF magic";
	if (eh->ident[4] != ELF_CLASS64 || eh->ident[5] != ELF_DATA2LSB ||
	    eh->ident[6] != ELF_VERSION || eh->version != ELF_VERSION)
		return "not a little-endian ELF64 version 1 file";
	if (eh->type != ELF_ET_EXEC)
		return "not an executable (ET_EXEC)";
	if (eh->machine != ELF_EM_X86_64)
		return "not for x86_64";
	if (eh->ehsize < sizeof(*eh) || eh->phentsize != sizeof(struct bs_phdr))
		return "bad header sizes";
	if (eh->phnum == 0 || eh->phnum > BS_ELF_PHNUM_MAX)
		return "bad program header count";
	if (eh->phoff > size || (uint64_t)eh->phnum * sizeof(struct bs_phdr) > size - eh->phoff)
		return "program headers outside the file";
	return NULL;
}

/* One PT_LOAD segment; prev_end is where the previous one ended (0: none). */
static const char *elf_check_load(const struct bs_phdr *ph, size_t size, uint64_t limit,
				  uint64_t prev_end)
{
	if (ph->filesz > ph->memsz)
		return "segment's file size above its memory size";
	if (ph->offset > size || ph->filesz > size - ph->offset)
		return "segment bytes outside the file";
	if (ph->memsz == 0)
		return "empty loadable segment";
	if (ph->vaddr < BS_ELF_MIN_ADDR || ph->vaddr >= limit || ph->memsz > limit - ph->vaddr)
		return "segment outside the user address range";
	/* limit is page aligned, so the rounded-up end stays below it too. */
	if (ph->vaddr < prev_end)
		return "segments overlap or are out of order";
	if ((ph->vaddr - ph->offset) % BS_ELF_PAGE != 0)
		return "segment offset and address not congruent modulo the page size";
	if (ph->flags & ~(uint32_t)(BS_ELF_R | BS_ELF_W | BS_ELF_X))
		return "unknown segment flags";
	return NULL;
}

/* The segment whose file bytes hold the program headers gives their address. */
static uint64_t elf_phdr_vaddr(const struct bs_elf_image *img)
{
	uint64_t len = (uint64_t)img->phnum * img->phentsize;

	for (unsigned i = 0; i < img->nsegments; i++) {
		const struct bs_elf_segment *s = &img->seg[i];

		if (img->phoff >= s->offset && img->phoff - s->offset <= s->filesz &&
		    len <= s->filesz - (img->phoff - s->offset))
			return s->vaddr + (img->phoff - s->offset);
	}
	return 0;
}

static int elf_entry_ok(const struct bs_elf_image *img)
{
	for (unsigned i = 0; i < img->nsegments; i++) {
		const struct bs_elf_segment *s = &img->seg[i];

		if ((s->flags & BS_ELF_X) && img->entry >= s->vaddr &&
		    img->entry - s->vaddr < s->memsz)
			return 1;
	}
	return 0;
}

static const char *elf_check_segments(const void *data, size_t size, uint64_t limit,
				      const struct bs_ehdr *eh, struct bs_elf_image *img)
{
	uint64_t prev_end = 0;

	for (unsigned i = 0; i < eh->phnum; i++) {
		struct bs_phdr ph;
		struct bs_elf_segment *s;
		const char *why;

		memcpy(&ph, (const uint8_t *)data + eh->phoff + i * sizeof(ph), sizeof(ph));
		if (ph.type == ELF_PT_INTERP || ph.type == ELF_PT_DYNAMIC)
			return "dynamically linked (PT_INTERP or PT_DYNAMIC)";
		if (ph.type != ELF_PT_LOAD)
			continue;
		if (img->nsegments == BS_ELF_SEG_MAX)
			return "too many loadable segments";
		why = elf_check_load(&ph, size, limit, prev_end);
		if (why != NULL)
			return why;
		s = &img->seg[img->nsegments++];
		s->vaddr = ph.vaddr;
		s->memsz = ph.memsz;
		s->filesz = ph.filesz;
		s->offset = ph.offset;
		s->flags = ph.flags;
		prev_end = ph.vaddr + ph.memsz;
	}
	return NULL;
}

int bs_elf_check(const void *data, size_t size, uint64_t limit,
		 struct bs_elf_image *img, const char **why)
{
	struct bs_ehdr eh;

	memset(img, 0, sizeof(*img));
	*why = NULL;
	if (limit % BS_ELF_PAGE != 0 || limit <= BS_ELF_MIN_ADDR)
		*why = "bad address limit";
	else if (data == NULL || size < sizeof(eh))
		*why = "shorter than an ELF header";
	if (*why != NULL)
		return -1;
	memcpy(&eh, data, sizeof(eh));
	*why = elf_check_header(&eh, size);
	if (*why == NULL)
		*why = elf_check_segments(data, size, limit, &eh, img);
	if (*why == NULL && img->nsegments == 0)
		*why = "no loadable segment";
	img->entry = eh.entry;
	img->phoff = eh.phoff;
	img->phnum = eh.phnum;
	img->phentsize = eh.phentsize;
	if (*why == NULL && !elf_entry_ok(img))
		*why = "entry point outside every executable segment";
	if (*why != NULL) {
		memset(img, 0, sizeof(*img));
		return -1;
	}
	img->phdr_vaddr = elf_phdr_vaddr(img);
	return 0;
}
