/*
 * Checking a boot module as a static x86_64 ELF64 executable before
 * bootstrap loads it (spawn.c).  The module's bytes are untrusted: every
 * header field and segment bound is checked with overflow-safe
 * arithmetic, and the result describes only what passed.  A bad image
 * gets a reason string, never a crash.  No IPC and no Mach calls here:
 * host tested (tests/servers/elf_check_test.c) and fuzzed
 * (tests/servers/elf_check_fuzz.c).
 *
 * Accepted: ET_EXEC for EM_X86_64, little-endian ELF64 version 1;
 * program headers of the standard size inside the file; 1..BS_ELF_SEG_MAX
 * PT_LOAD segments in ascending address order, not overlapping (they may
 * share a page at their boundary, as linkers pack them), with their file
 * bytes inside the file, filesz <= memsz, addresses in [BS_ELF_MIN_ADDR,
 * limit), congruent offset and address modulo the page size; the entry
 * point inside an executable segment.  Refused: PT_INTERP and PT_DYNAMIC
 * (there is no dynamic loader).  Other kinds (PT_TLS, PT_PHDR, PT_NOTE,
 * PT_GNU_STACK...) are left to the program.
 */
#ifndef SERVERS_BOOTSTRAP_ELF_CHECK_H
#define SERVERS_BOOTSTRAP_ELF_CHECK_H

#include <stddef.h>
#include <stdint.h>

#define BS_ELF_SEG_MAX		16
#define BS_ELF_PHNUM_MAX	64
#define BS_ELF_PAGE		4096u
#define BS_ELF_MIN_ADDR		0x10000u	/* page 0 and its neighbours stay unmapped */

/* Segment rights, as the ELF flags say them. */
#define BS_ELF_R		4
#define BS_ELF_W		2
#define BS_ELF_X		1

struct bs_elf_segment {
	uint64_t vaddr;		/* where it starts */
	uint64_t memsz;		/* bytes in memory; those past filesz are zero */
	uint64_t filesz;	/* bytes from the file, at offset */
	uint64_t offset;
	unsigned flags;		/* BS_ELF_R | W | X */
};

struct bs_elf_image {
	uint64_t entry;
	uint64_t phoff;		/* the program headers in the file */
	unsigned phnum, phentsize;
	uint64_t phdr_vaddr;	/* where a segment maps them, or 0 */
	unsigned nsegments;
	struct bs_elf_segment seg[BS_ELF_SEG_MAX];	/* ascending */
};

/*
 * Check the size bytes at data; segments must end at or below limit.
 * Returns 0 with *img filled, or -1 with *why saying what is wrong.
 */
int bs_elf_check(const void *data, size_t size, uint64_t limit,
		 struct bs_elf_image *img, const char **why);

#endif /* SERVERS_BOOTSTRAP_ELF_CHECK_H */
