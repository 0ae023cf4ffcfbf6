/*
 * ELF64 validation and loading (elf.h).  Field layouts from the System V
 * ABI (gABI ch. 4 and 5) and its x86-64 supplement; only what a static
 * executable needs is accepted: ET_EXEC, EM_X86_64, PT_LOAD segments
 * (ascending, non-overlapping, in the user range), and nothing that asks
 * for a dynamic loader.
 */
#include <mach/kern_return.h>
#include <mach/vm_statistics.h>

#include "kern/elf.h"
#include "kern/string.h"
#include "vm/vm_map.h"

#define EI_NIDENT	16
#define ELFCLASS64	2
#define ELFDATA2LSB	1
#define EV_CURRENT	1
#define ET_EXEC		2
#define EM_X86_64	62
#define PT_NULL		0
#define PT_LOAD		1
#define PT_DYNAMIC	2
#define PT_INTERP	3
#define PF_X		1
#define PF_W		2
#define PF_R		4
#define ELF_MAX_PHNUM	64

struct elf64_ehdr {
	uint8_t e_ident[EI_NIDENT];
	uint16_t e_type, e_machine;
	uint32_t e_version;
	uint64_t e_entry, e_phoff, e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type, p_flags;
	uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

static int
check_header(const struct elf64_ehdr *eh, size_t size, const char **why)
{
	static const uint8_t magic[4] = { 0x7f, 'E', 'L', 'F' };

	if (size < sizeof(*eh))
		*why = "shorter than an ELF header";
	else if (memcmp(eh->e_ident, magic, 4) != 0)
		*why = "no ELF magic";
	else if (eh->e_ident[4] != ELFCLASS64 || eh->e_ident[5] != ELFDATA2LSB ||
	    eh->e_ident[6] != EV_CURRENT || eh->e_version != EV_CURRENT)
		*why = "not a little-endian ELF64 version 1 file";
	else if (eh->e_type != ET_EXEC)
		*why = "not an executable (ET_EXEC)";
	else if (eh->e_machine != EM_X86_64)
		*why = "not for x86_64";
	else if (eh->e_ehsize < sizeof(*eh) || eh->e_phentsize != sizeof(struct elf64_phdr))
		*why = "bad header or program header size";
	else if (eh->e_phnum == 0 || eh->e_phnum > ELF_MAX_PHNUM)
		*why = "bad program header count";
	else if (eh->e_phoff > size ||
	    (uint64_t)eh->e_phnum * sizeof(struct elf64_phdr) > size - eh->e_phoff)
		*why = "program headers outside the file";
	else if (eh->e_phoff % 8)
		*why = "misaligned program headers";
	else
		return KERN_SUCCESS;
	return KERN_INVALID_ARGUMENT;
}

static int
check_segment(const struct elf64_phdr *ph, size_t size, vaddr_t prev_end,
    struct elf_segment *seg, const char **why)
{
	if (ph->p_filesz > ph->p_memsz)
		*why = "segment file size above its memory size";
	else if (ph->p_offset > size || ph->p_filesz > size - ph->p_offset)
		*why = "segment bytes outside the file";
	else if (ph->p_memsz == 0)
		*why = "empty loadable segment";
	else if (ph->p_vaddr < VM_MIN_USER_ADDRESS ||
	    ph->p_vaddr > VM_MAX_USER_ADDRESS ||
	    ph->p_memsz > VM_MAX_USER_ADDRESS - ph->p_vaddr ||
	    round_page(ph->p_vaddr + ph->p_memsz) > VM_MAX_USER_ADDRESS)
		*why = "segment outside the user address range";
	else if (ph->p_vaddr < prev_end)
		*why = "segments overlap or are not in ascending order";
	else if (ph->p_align > 1 && ((ph->p_align & (ph->p_align - 1)) ||
	    (ph->p_vaddr - ph->p_offset) % MIN(ph->p_align, PAGE_SIZE)))
		*why = "bad segment alignment";
	else if (ph->p_flags & ~(uint32_t)(PF_R | PF_W | PF_X))
		*why = "unknown segment flags";
	else {
		seg->vaddr = ph->p_vaddr;
		seg->memsz = ph->p_memsz;
		seg->filesz = ph->p_filesz;
		seg->offset = ph->p_offset;
		seg->prot = ((ph->p_flags & PF_R) ? VM_PROT_READ : 0) |
		    ((ph->p_flags & PF_W) ? VM_PROT_WRITE : 0) |
		    ((ph->p_flags & PF_X) ? VM_PROT_EXECUTE : 0);
		return KERN_SUCCESS;
	}
	return KERN_INVALID_ARGUMENT;
}

static bool
entry_is_executable(const struct elf_image *img)
{
	for (unsigned i = 0; i < img->nsegments; i++) {
		const struct elf_segment *s = &img->seg[i];
		if ((s->prot & VM_PROT_EXECUTE) && img->entry >= s->vaddr &&
		    img->entry - s->vaddr < s->memsz)
			return true;
	}
	return false;
}

int
elf_check(const void *data, size_t size, struct elf_image *img, const char **why)
{
	const struct elf64_ehdr *eh = data;
	const struct elf64_phdr *ph;
	vaddr_t prev_end = 0;

	*why = NULL;
	memset(img, 0, sizeof(*img));
	if (check_header(eh, size, why) != KERN_SUCCESS)
		return KERN_INVALID_ARGUMENT;
	ph = (const struct elf64_phdr *)((const uint8_t *)data + eh->e_phoff);
	for (unsigned i = 0; i < eh->e_phnum; i++, ph++) {
		if (ph->p_type == PT_INTERP || ph->p_type == PT_DYNAMIC) {
			*why = "dynamically linked (PT_INTERP/PT_DYNAMIC)";
			return KERN_INVALID_ARGUMENT;
		}
		if (ph->p_type != PT_LOAD)
			continue;
		if (img->nsegments == ELF_MAX_SEGMENTS) {
			*why = "too many loadable segments";
			return KERN_INVALID_ARGUMENT;
		}
		if (check_segment(ph, size, prev_end, &img->seg[img->nsegments], why))
			return KERN_INVALID_ARGUMENT;
		prev_end = ph->p_vaddr + ph->p_memsz;
		img->nsegments++;
	}
	img->entry = eh->e_entry;
	if (img->nsegments == 0)
		*why = "no loadable segment";
	else if (!entry_is_executable(img))
		*why = "entry point outside every executable segment";
	return *why ? KERN_INVALID_ARGUMENT : KERN_SUCCESS;
}

/*
 * Segments may share a page at their boundary (the linker packs them):
 * each segment allocates only the pages not yet allocated, and a shared
 * page gets the union of both segments' rights.
 */
int
elf_load(struct vm_map *map, const void *data, const struct elf_image *img)
{
	vaddr_t mapped_end = 0;
	int kr = KERN_SUCCESS;

	for (unsigned i = 0; i < img->nsegments && kr == KERN_SUCCESS; i++) {
		const struct elf_segment *s = &img->seg[i];
		vm_address_t start = MAX(trunc_page(s->vaddr), mapped_end);
		vaddr_t end = round_page(s->vaddr + s->memsz);
		bool shares_page = i > 0 && trunc_page(s->vaddr) < mapped_end;
		if (end > start)
			kr = vm_allocate(map, &start, end - start, VM_FLAGS_FIXED);
		if (kr == KERN_SUCCESS && s->filesz)
			kr = vm_map_copyout_kernel(map, s->vaddr,
			    (const uint8_t *)data + s->offset, s->filesz, true);
		if (kr == KERN_SUCCESS)
			kr = vm_protect(map, trunc_page(s->vaddr),
			    end - trunc_page(s->vaddr), FALSE, s->prot);
		if (kr == KERN_SUCCESS && shares_page)
			kr = vm_protect(map, trunc_page(s->vaddr), PAGE_SIZE, FALSE,
			    s->prot | img->seg[i - 1].prot);
		mapped_end = MAX(mapped_end, end);
	}
	return kr;
}
