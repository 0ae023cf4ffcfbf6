/*
 * PCI configuration space through configuration mechanism #1 (address at
 * port 0xCF8, data at 0xCFC; PCI Local Bus Specification 3.0, 3.2.2.3.2),
 * and finding a device by vendor and device id.  Needs ports
 * 0xCF8..0xCFF granted (or, later, a pci_config_* call of host_priv).
 */
#ifndef SERVERS_VIRTIO_BLK_PCI_H
#define SERVERS_VIRTIO_BLK_PCI_H

#include <stdint.h>

#include "portio.h"

#define PCI_CONFIG_ADDRESS	0xCF8
#define PCI_CONFIG_DATA		0xCFC
#define PCI_BUSES		256
#define PCI_DEVICES		32
#define PCI_FUNCTIONS		8

#define PCI_ID			0x00	/* vendor (low 16), device (high 16) */
#define PCI_COMMAND		0x04
#define PCI_HEADER_TYPE		0x0C	/* byte 2 of this word; bit 7: multifunction */
#define PCI_BAR0		0x10
#define PCI_SUBSYSTEM		0x2C
#define PCI_INTERRUPT		0x3C	/* line in the low byte */

#define PCI_COMMAND_IO		0x0001
#define PCI_COMMAND_MASTER	0x0004

struct pci_loc {
	uint8_t bus, dev, fn;
};

uint32_t pci_read32(const struct portio *io, struct pci_loc loc, uint8_t off);
void pci_write32(const struct portio *io, struct pci_loc loc, uint8_t off, uint32_t v);

/*
 * The index-th function (0: the first, in bus, device, function order)
 * with this vendor and one of the device ids: 1, or 0 if there are fewer.
 */
int pci_find(const struct portio *io, uint16_t vendor, const uint16_t *devices, unsigned ndevices,
	     unsigned index, struct pci_loc *loc);

#endif
