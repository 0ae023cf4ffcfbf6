/*
 * Loading static ELF64 executables (the boot modules) into a new address
 * space.  elf_check() validates everything it will rely on — every
 * header field and every segment bound, with overflow-safe arithmetic —
 * and describes the image; elf_load() then maps and fills the segments,
 * and can fail only for lack of memory.  A malformed image gets a
 * reason string, never a crash: the bytes are untrusted input (a fuzz
 * target, design.md §5).
 */
#ifndef KERN_ELF_H
#define KERN_ELF_H

#include <mach/vm_prot.h>

#include "kern/types.h"

struct vm_map;

#define ELF_MAX_SEGMENTS	16

struct elf_segment {
	vaddr_t vaddr;			/* where the segment starts */
	uint64_t memsz, filesz;		/* filesz <= memsz; the rest is zero */
	uint64_t offset;		/* of its bytes in the file */
	vm_prot_t prot;
};

struct elf_image {
	vaddr_t entry;
	unsigned nsegments;
	struct elf_segment seg[ELF_MAX_SEGMENTS];	/* ascending, disjoint */
};

/*
 * Validate the `size` bytes at `data` as a static x86_64 ELF64
 * executable for user space.  KERN_SUCCESS and *img filled, or
 * KERN_INVALID_ARGUMENT with *why saying what is wrong.
 */
int elf_check(const void *data, size_t size, struct elf_image *img,
    const char **why);

/* Map and fill img's segments in map.  KERN_RESOURCE_SHORTAGE and such. */
int elf_load(struct vm_map *map, const void *data, const struct elf_image *img);

#endif
