/*
 * QEMU's firmware configuration device (fw_cfg), read through its I/O
 * ports.  The test harness passes extra kernel command-line text as the
 * fw_cfg file "opt/org.harbor/cmdline", so one boot image serves every
 * test without being rebuilt.  Layout: QEMU docs/specs/fw_cfg.rst.
 * Numbers in the file directory are big-endian.
 */
#include "kern/arch.h"
#include "kern/string.h"
#include "x86_64/cpu.h"

#define FW_CFG_SELECTOR		0x510
#define FW_CFG_DATA		0x511
#define FW_CFG_SIGNATURE	0x0000
#define FW_CFG_FILE_DIR		0x0019
#define FW_CFG_NAME_MAX		56

static const char cmdline_file[] = "opt/org.harbor/cmdline";

static void
fwcfg_read(void *buf, size_t n)
{
	uint8_t *b = buf;

	while (n--)
		*b++ = inb(FW_CFG_DATA);
}

static uint32_t
be32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

size_t
arch_extra_cmdline(char *buf, size_t size)
{
	uint8_t sig[4], word[4];
	uint32_t count;

	if (size == 0)
		return 0;
	outw(FW_CFG_SELECTOR, FW_CFG_SIGNATURE);
	fwcfg_read(sig, 4);
	if (memcmp(sig, "QEMU", 4) != 0)
		return 0;
	outw(FW_CFG_SELECTOR, FW_CFG_FILE_DIR);
	fwcfg_read(word, 4);
	count = be32(word);
	for (uint32_t i = 0; i < count && i < 4096; i++) {
		uint8_t ent[8];
		char name[FW_CFG_NAME_MAX];
		fwcfg_read(ent, 8);	/* size, select, reserved */
		fwcfg_read(name, sizeof(name));
		name[FW_CFG_NAME_MAX - 1] = '\0';
		if (strcmp(name, cmdline_file) != 0)
			continue;
		uint32_t len = be32(ent);
		size_t n = len < size - 1 ? len : size - 1;
		outw(FW_CFG_SELECTOR, (uint16_t)(ent[4] << 8 | ent[5]));
		fwcfg_read(buf, n);
		buf[n] = '\0';
		return strnlen(buf, n);
	}
	return 0;
}
