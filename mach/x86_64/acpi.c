#include "kern/string.h"
#include "x86_64/acpi.h"
#include "x86_64/cpu.h"

struct rsdp {
	char signature[8];
	uint8_t checksum;
	char oem[6];
	uint8_t revision;
	uint32_t rsdt;
} __attribute__((packed));

struct sdt_header {
	char signature[4];
	uint32_t length;
	uint8_t revision, checksum;
	char oem[6], oem_table[8];
	uint32_t oem_revision, creator, creator_revision;
} __attribute__((packed));

#define FADT_DSDT		40
#define FADT_PM1A_CNT		64
#define FADT_PM1B_CNT		68
#define SDT_MAX_LENGTH		(1u << 20)	/* sanity bound for scanning */
#define AML_PACKAGE_OP		0x12
#define AML_BYTE_PREFIX		0x0a
#define PM1_SLP_EN		(1u << 13)

static struct rsdp rsdp_copy;
static bool have_rsdp;

void
acpi_set_rsdp(const void *rsdp, size_t len)
{
	if (len < sizeof(rsdp_copy))
		return;
	memcpy(&rsdp_copy, rsdp, sizeof(rsdp_copy));
	have_rsdp = memcmp(rsdp_copy.signature, "RSD PTR ", 8) == 0;
}

static const struct sdt_header *
sdt_at(uint32_t pa, const char *sig)
{
	const struct sdt_header *h = PHYS_TO_VIRT(pa);

	if (pa == 0 || memcmp(h->signature, sig, 4) != 0 ||
	    h->length < sizeof(*h) || h->length > SDT_MAX_LENGTH)
		return NULL;
	return h;
}

static const struct sdt_header *
find_table(const char *sig)
{
	const struct sdt_header *rsdt = sdt_at(rsdp_copy.rsdt, "RSDT");
	const uint32_t *entries;
	size_t n;

	if (!rsdt)
		return NULL;
	entries = (const uint32_t *)(rsdt + 1);
	n = (rsdt->length - sizeof(*rsdt)) / 4;
	for (size_t i = 0; i < n; i++) {
		const struct sdt_header *h = sdt_at(entries[i], sig);
		if (h)
			return h;
	}
	return NULL;
}

/*
 * Find SLP_TYPa in the DSDT's \_S5 package: NameOp "_S5_" PackageOp
 * PkgLength NumElements, then the first element as a BytePrefix constant
 * or a bare ZeroOp/OneOp.  A full AML interpreter is not worth it for one
 * value; this is the shape every firmware we target emits.
 */
static int
dsdt_slp_typ(const struct sdt_header *dsdt)
{
	const uint8_t *p = (const uint8_t *)dsdt, *end = p + dsdt->length;

	for (p += sizeof(*dsdt); p + 8 < end; p++) {
		if (memcmp(p, "_S5_", 4) != 0 || p[4] != AML_PACKAGE_OP)
			continue;
		p += 5;
		p += ((*p & 0xc0) >> 6) + 1;	/* PkgLength */
		p++;				/* NumElements */
		if (p + 1 >= end)
			return -1;
		if (*p == AML_BYTE_PREFIX)
			p++;
		return *p & 7;
	}
	return -1;
}

void
acpi_poweroff(void)
{
	const uint8_t *fadt;
	const struct sdt_header *dsdt;
	uint32_t pm1a, pm1b;
	int slp;

	if (!have_rsdp || !(fadt = (const uint8_t *)find_table("FACP")) ||
	    ((const struct sdt_header *)fadt)->length < FADT_PM1B_CNT + 4)
		return;
	memcpy(&pm1a, fadt + FADT_PM1A_CNT, 4);
	memcpy(&pm1b, fadt + FADT_PM1B_CNT, 4);
	dsdt = sdt_at(*(const uint32_t *)(fadt + FADT_DSDT), "DSDT");
	if (!dsdt || (slp = dsdt_slp_typ(dsdt)) < 0 || pm1a == 0)
		return;
	outw((uint16_t)pm1a, (uint16_t)(slp << 10) | PM1_SLP_EN);
	if (pm1b)
		outw((uint16_t)pm1b, (uint16_t)(slp << 10) | PM1_SLP_EN);
	/*
	 * The chipset acts a little after the write (an emulator finishes
	 * the current block of guest code first): give it time before the
	 * caller concludes that power-off failed.
	 */
	for (int i = 0; i < 10000000; i++)
		__asm__ volatile("pause");
}
