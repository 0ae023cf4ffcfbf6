/*
 * libFuzzer target over bootstrap's parsers of untrusted boot-module
 * bytes (servers/bootstrap): the ELF checks, NAME.args, and command-line
 * words.  Built with clang's sanitizers (Makefile.am); besides crashes
 * and sanitizer reports it aborts when an accepted ELF image breaks a
 * promise of elf_check.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bootcmd.h"
#include "elf_check.h"
#include "posix_args.h"

#define LIMIT	0x00007fff00000000ull

static void elf_promises(const struct bs_elf_image *o, size_t size)
{
	uint64_t prev_end = 0;

	for (unsigned i = 0; i < o->nsegments; i++) {
		const struct bs_elf_segment *s = &o->seg[i];

		if (s->offset > size || s->filesz > size - s->offset || s->filesz > s->memsz ||
		    s->vaddr < prev_end || s->vaddr > LIMIT || s->memsz > LIMIT - s->vaddr)
			abort();
		prev_end = s->vaddr + s->memsz;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bs_elf_image img;
	struct posix_args args;
	const char *why;
	char *line, val[64], name[48];
	const char *rest, *cursor;

	if (bs_elf_check(data, size, LIMIT, &img, &why) == 0)
		elf_promises(&img, size);
	if (posix_args_parse(data, size, &args, &why) == 0 &&
	    (args.size > size || (args.size > 0 && args.strings[args.size - 1] != '\0')))
		abort();
	line = malloc(size + 1);
	if (line == NULL)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	if (bc_word(line, "start", val, sizeof(val)) == 1 && strlen(val) >= sizeof(val))
		abort();
	cursor = line;
	while (bc_list_next(&cursor, val, sizeof(val)) != 0)
		;
	(void)bc_list_has(line, "console");
	if (bc_module_split(line, name, sizeof(name), &rest) && strlen(name) >= sizeof(name))
		abort();
	free(line);
	return 0;
}
