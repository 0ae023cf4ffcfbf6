/*
 * Host tests of bootstrap's ELF checks (servers/bootstrap/elf_check.c).
 * A small well-formed image is built here, then broken one field at a
 * time: each broken copy must be refused with the reason for that
 * field.  A real executable (bootstrap itself, BOOTSTRAP_ELF) must pass.
 * Last, thousands of random corruptions: whatever passes must still
 * satisfy every promise of elf_check.h (the fuzz target checks the same
 * with sanitizers: elf_check_fuzz.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf_check.h"
#include "tap.h"

#define LIMIT		0x00007fff00000000ull
#define IMG_SIZE	0x1200
#define PH_OFF		64
#define PH_SIZE		56

static uint8_t img[IMG_SIZE];

static void put16(size_t at, uint16_t v) { memcpy(img + at, &v, 2); }
static void put32(size_t at, uint32_t v) { memcpy(img + at, &v, 4); }
static void put64(size_t at, uint64_t v) { memcpy(img + at, &v, 8); }

/* Program header i: type, flags, offset, vaddr, filesz, memsz. */
static void phdr(unsigned i, uint32_t type, uint32_t flags, uint64_t off, uint64_t vaddr,
		 uint64_t filesz, uint64_t memsz)
{
	size_t at = PH_OFF + i * PH_SIZE;

	put32(at, type);
	put32(at + 4, flags);
	put64(at + 8, off);
	put64(at + 16, vaddr);
	put64(at + 24, vaddr);
	put64(at + 32, filesz);
	put64(at + 40, memsz);
	put64(at + 48, 0x1000);
}

/*
 * Text (R X) at 0x400000 from offset 0, with the headers in it; data
 * (R W) sharing text's last page, with bss; a PT_NOTE, which is ignored.
 */
static void good(void)
{
	memset(img, 0, sizeof(img));
	memcpy(img, "\177ELF\2\1\1", 7);
	put16(16, 2);		/* ET_EXEC */
	put16(18, 62);		/* EM_X86_64 */
	put32(20, 1);
	put64(24, 0x400100);	/* entry */
	put64(32, PH_OFF);
	put16(52, 64);
	put16(54, PH_SIZE);
	put16(56, 3);
	phdr(0, 1, 5, 0, 0x400000, 0x1080, 0x1080);
	phdr(1, 1, 6, 0x1080, 0x401080, 0x100, 0x3000);
	phdr(2, 4, 4, 0x200, 0x400200, 0x20, 0x20);
}

static const char *check(size_t size, struct bs_elf_image *out)
{
	const char *why = NULL;
	int r = bs_elf_check(img, size, LIMIT, out, &why);

	if (r == 0)
		return why == NULL ? NULL : "success with a reason";
	return why != NULL ? why : "failure without a reason";
}

/* Refused, with a reason containing `want`. */
static int refused(const char *want)
{
	struct bs_elf_image out;
	const char *why = check(sizeof(img), &out);

	return why != NULL && strstr(why, want) != NULL && out.nsegments == 0;
}

static void test_good(void)
{
	struct bs_elf_image out;

	good();
	TAP_OK(check(sizeof(img), &out) == NULL && out.nsegments == 2 && out.entry == 0x400100 &&
	       out.seg[1].vaddr == 0x401080 && out.seg[1].memsz == 0x3000 &&
	       out.seg[1].filesz == 0x100 && out.seg[0].flags == (BS_ELF_R | BS_ELF_X),
	       "a well-formed image: two loadable segments, the note ignored");
	TAP_OK(out.phdr_vaddr == 0x400000 + PH_OFF && out.phnum == 3 && out.phentsize == PH_SIZE,
	       "the program headers are found in memory (AT_PHDR)");
	phdr(1, 1, 6, 0x1080, 0x401080, 0x100, LIMIT - 0x401080);
	TAP_OK(check(sizeof(img), &out) == NULL, "a segment may end exactly at the limit");
	phdr(1, 1, 6, 0x1080, 0x401080, 0x100, LIMIT - 0x401080 + 1);
	TAP_OK(refused("outside the user address range"), "... but not one byte past it");
}

static void test_header(void)
{
	struct bs_elf_image out;

	good();
	TAP_OK(check(63, &out) != NULL && strstr(check(63, &out), "shorter"), "a short file");
	good(); img[1] = 'X';
	TAP_OK(refused("no ELF magic"), "bad magic");
	good(); img[4] = 1;
	TAP_OK(refused("ELF64"), "ELF32");
	good(); img[5] = 2;
	TAP_OK(refused("little-endian"), "big-endian");
	good(); put16(16, 3);
	TAP_OK(refused("ET_EXEC"), "a shared object (ET_DYN)");
	good(); put16(18, 3);
	TAP_OK(refused("x86_64"), "another machine");
	good(); put16(54, 55);
	TAP_OK(refused("header sizes"), "an odd program header size");
	good(); put16(56, 0);
	TAP_OK(refused("program header count"), "no program headers");
	good(); put16(56, 65);
	TAP_OK(refused("program header count"), "too many program headers");
	good(); put64(32, IMG_SIZE - 100);
	TAP_OK(refused("outside the file"), "program headers past the end");
	good(); put64(32, UINT64_MAX - 16);
	TAP_OK(refused("outside the file"), "a program header offset that wraps");
}

static void test_segments(void)
{
	good(); phdr(1, 1, 6, 0x1080, 0x401080, 0x200, 0x100);
	TAP_OK(refused("file size above"), "filesz > memsz");
	good(); phdr(1, 1, 6, 0x1080, 0x401080, 0x1000, 0x3000);
	TAP_OK(refused("bytes outside the file"), "segment bytes past the end");
	good(); phdr(1, 1, 6, UINT64_MAX - 0x7f, 0x401080, 0x100, 0x3000);
	TAP_OK(refused("bytes outside the file"), "a segment offset that wraps");
	good(); phdr(1, 1, 6, 0x1080, 0x401080, 0, 0);
	TAP_OK(refused("empty"), "an empty segment");
	good(); phdr(0, 1, 5, 0, 0x1000, 0x1080, 0x1080);
	TAP_OK(refused("user address range"), "a segment in the lowest pages");
	good(); phdr(1, 1, 6, 0x1080, 0x401080, 0x100, UINT64_MAX - 0x1000);
	TAP_OK(refused("user address range"), "vaddr + memsz that wraps");
	good(); phdr(1, 1, 6, 0x1080, 0x401000, 0x100, 0x3000);
	TAP_OK(refused("overlap"), "overlapping segments");
	good(); phdr(0, 1, 5, 0x1080, 0x401080, 0x100, 0x3000);
	phdr(1, 1, 6, 0, 0x400000, 0x1080, 0x1080);
	TAP_OK(refused("overlap or are out of order"), "segments out of order");
	good(); phdr(1, 1, 6, 0x1080, 0x401090, 0x100, 0x3000);
	TAP_OK(refused("congruent"), "offset and address not congruent");
	good(); phdr(1, 1, 0x16, 0x1080, 0x401080, 0x100, 0x3000);
	TAP_OK(refused("flags"), "unknown flags");
	good(); phdr(2, 3, 4, 0x200, 0x400200, 0x20, 0x20);
	TAP_OK(refused("dynamically linked"), "PT_INTERP");
	good(); phdr(2, 2, 4, 0x200, 0x400200, 0x20, 0x20);
	TAP_OK(refused("dynamically linked"), "PT_DYNAMIC");
	good(); put64(24, 0x401100);
	TAP_OK(refused("entry point"), "the entry in a non-executable segment");
	good(); put64(24, 0x500000);
	TAP_OK(refused("entry point"), "the entry outside every segment");
	good(); phdr(0, 4, 5, 0, 0x400000, 0x1080, 0x1080); phdr(1, 4, 6, 0x1080, 0x401080, 0, 0);
	TAP_OK(refused("no loadable segment"), "no PT_LOAD at all");
	good(); put16(56, 17);
	for (unsigned i = 0; i < 17; i++)
		phdr(i, 1, 5, 0, 0x400000 + i * 0x10000ull, 0x10, 0x10);
	put64(24, 0x400000);
	TAP_OK(refused("too many loadable segments"), "17 loadable segments");
}

/* Everything elf_check.h promises of an image it accepted. */
static int promises_hold(const struct bs_elf_image *o, size_t size)
{
	uint64_t prev_end = 0;
	int entry_ok = 0;

	if (o->nsegments == 0 || o->nsegments > BS_ELF_SEG_MAX)
		return 0;
	for (unsigned i = 0; i < o->nsegments; i++) {
		const struct bs_elf_segment *s = &o->seg[i];

		if (s->filesz > s->memsz || s->offset > size || s->filesz > size - s->offset ||
		    s->vaddr < BS_ELF_MIN_ADDR || s->vaddr < prev_end || s->memsz == 0 ||
		    s->vaddr > LIMIT || s->memsz > LIMIT - s->vaddr ||
		    (s->vaddr - s->offset) % BS_ELF_PAGE != 0 || (s->flags & ~7u) != 0)
			return 0;
		prev_end = s->vaddr + s->memsz;
		if ((s->flags & BS_ELF_X) && o->entry >= s->vaddr && o->entry - s->vaddr < s->memsz)
			entry_ok = 1;
	}
	return entry_ok;
}

static void test_random(void)
{
	unsigned accepted = 0, broken = 0;

	srand(12345);
	for (int round = 0; round < 200000; round++) {
		struct bs_elf_image out;
		int flips = 1 + rand() % 4;

		good();
		for (int f = 0; f < flips; f++)
			img[rand() % (PH_OFF + 3 * PH_SIZE)] = (uint8_t)rand();
		if (check(sizeof(img), &out) == NULL) {
			accepted++;
			broken += !promises_hold(&out, sizeof(img));
		}
	}
	TAP_OK(accepted > 0 && broken == 0,
	       "200000 random corruptions: %u accepted, every one keeping the promises", accepted);
}

static void test_real(void)
{
	static uint8_t buf[4 << 20];
	struct bs_elf_image out;
	const char *why = "cannot read it";
	FILE *f = fopen(BOOTSTRAP_ELF, "rb");
	size_t n = 0;

	if (f != NULL) {
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		if (n > 0 && n < sizeof(buf) && bs_elf_check(buf, n, LIMIT, &out, &why) == 0)
			why = NULL;
	}
	TAP_OK(why == NULL && out.entry >= 0x400000 && out.phdr_vaddr != 0,
	       "the real bootstrap executable passes (%s)", why ? why : "ok");
}

int main(void)
{
	TAP_PLAN(33);
	test_good();
	test_header();
	test_segments();
	test_random();
	test_real();
	return TAP_DONE();
}
