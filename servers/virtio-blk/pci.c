/*
 * PCI configuration access (see pci.h).
 */
#include "pci.h"

static uint32_t pci_address(struct pci_loc loc, uint8_t off)
{
	return 0x80000000u | (uint32_t)loc.bus << 16 | (uint32_t)(loc.dev & 31) << 11 |
	       (uint32_t)(loc.fn & 7) << 8 | (off & 0xFCu);
}

uint32_t pci_read32(const struct portio *io, struct pci_loc loc, uint8_t off)
{
	io->out32(io->ctx, PCI_CONFIG_ADDRESS, pci_address(loc, off));
	return io->in32(io->ctx, PCI_CONFIG_DATA);
}

void pci_write32(const struct portio *io, struct pci_loc loc, uint8_t off, uint32_t v)
{
	io->out32(io->ctx, PCI_CONFIG_ADDRESS, pci_address(loc, off));
	io->out32(io->ctx, PCI_CONFIG_DATA, v);
}

static int pci_match(uint32_t id, uint16_t vendor, const uint16_t *devices, unsigned n)
{
	if ((id & 0xFFFF) != vendor)
		return 0;
	for (unsigned i = 0; i < n; i++)
		if ((id >> 16) == devices[i])
			return 1;
	return 0;
}

int pci_find(const struct portio *io, uint16_t vendor, const uint16_t *devices, unsigned ndevices,
	     unsigned index, struct pci_loc *loc)
{
	for (unsigned bus = 0; bus < PCI_BUSES; bus++) {
		for (unsigned dev = 0; dev < PCI_DEVICES; dev++) {
			struct pci_loc l = { (uint8_t)bus, (uint8_t)dev, 0 };
			uint32_t id = pci_read32(io, l, PCI_ID);
			unsigned nfn;

			if ((id & 0xFFFF) == 0xFFFF)
				continue;	/* no device answers here */
			nfn = (pci_read32(io, l, PCI_HEADER_TYPE) >> 16) & 0x80 ? PCI_FUNCTIONS : 1;
			for (unsigned fn = 0; fn < nfn; fn++) {
				l.fn = (uint8_t)fn;
				if (fn > 0)
					id = pci_read32(io, l, PCI_ID);
				if (pci_match(id, vendor, devices, ndevices) && index-- == 0) {
					*loc = l;
					return 1;
				}
			}
		}
	}
	return 0;
}
