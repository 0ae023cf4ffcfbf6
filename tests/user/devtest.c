/*
 * Device privileges through host_priv (mach/kern/device.h): I/O port
 * grants, physical (MMIO) mappings, DMA memory, and that the plain host
 * port gets none of them.  Run as kernel tests user_dev_* (tests/kern/user.c).
 *
 * Under QEMU's pc machine: COM1's scratch register (0x3ff) keeps what is
 * written to it; the VGA option ROM at 0xc0000 (in no memory-map region)
 * starts with 0x55 0xaa; RAM starts at 0 and at 1 MiB.  COM1 (IRQ 4)
 * in loopback mode receives what it sends, which raises its interrupt.
 */
#include "usertest.h"
#include "device_notifyServer.h"

#define COM1		0x3f8
#define COM1_SCRATCH	(COM1 + 7)
#define COM1_IER	(COM1 + 1)
#define COM1_MCR	(COM1 + 4)
#define COM1_LSR	(COM1 + 5)
#define COM1_IRQ	4
#define IER_RX_DATA	0x01	/* interrupt when a byte is received */
#define MCR_OUT2	0x08	/* gates the UART's interrupt onto its IRQ */
#define MCR_LOOP	0x10	/* what is sent is received */
#define LSR_DATA_READY	0x01
#define VEC_GP		13
#define EXIT_EXCEPTION	0x100		/* kern/task.h TASK_EXIT_EXCEPTION */
#define VGA_ROM		0xc0000ull
#define PCI_CONFIG_ADDR	0xcf8

static inline void
u_outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" :: "a"(v), "Nd"(port));
}

static inline uint8_t
u_inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void
u_outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" :: "a"(v), "Nd"(port));
}

static inline uint32_t
u_inl(uint16_t port)
{
	uint32_t v;

	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* A child that was granted nothing: its first `in` faults. */
static void
read_scratch_child(uint64_t arg)
{
	(void)arg;
	u_exit(u_inb(COM1_SCRATCH) == 0x77 ? 0 : 0x55);
}

/* A child granted COM1 by its parent after it started: waits, then reads. */
static void
granted_child(uint64_t arg)
{
	(void)arg;
	u_sleep(50 * MSEC);
	u_outb(COM1_SCRATCH, 0x77);
	u_exit(u_inb(COM1_SCRATCH) == 0x77 ? 0 : 0x55);
}

static void
test_io_ports(void)
{
	mach_port_t hp = boot_info->host_priv, child;
	uint64_t stack = u_stack(16 * PG), id;

	CHECK_EQ(io_port_grant(hp, mach_task_self(), COM1, 8), KERN_SUCCESS);
	u_outb(COM1_SCRATCH, 0x5a);
	CHECK_EQ(u_inb(COM1_SCRATCH), 0x5a);
	u_outb(COM1_SCRATCH, 0xa5);
	CHECK_EQ(u_inb(COM1_SCRATCH), 0xa5);
	/* PCI configuration space: vendor and device of 00:00.0 (i440FX) */
	CHECK_EQ(io_port_grant(hp, mach_task_self(), PCI_CONFIG_ADDR, 8), KERN_SUCCESS);
	u_outl(PCI_CONFIG_ADDR, 0x80000000u);
	CHECK_EQ(u_inl(PCI_CONFIG_ADDR + 4), 0x12378086u);
	/* bounds and the kernel's own ports */
	CHECK_EQ(io_port_grant(hp, mach_task_self(), COM1, 0), KERN_INVALID_ARGUMENT);
	CHECK_EQ(io_port_grant(hp, mach_task_self(), 0x10000, 1), KERN_INVALID_ARGUMENT);
	CHECK_EQ(io_port_grant(hp, mach_task_self(), 0xffff, 2), KERN_INVALID_ARGUMENT);
	CHECK_EQ(io_port_grant(hp, mach_task_self(), 1, 0xffffffffu), KERN_INVALID_ARGUMENT);
	CHECK_EQ(io_port_grant(hp, mach_task_self(), 0x21, 1), KERN_NO_ACCESS);
	CHECK_EQ(io_port_grant(hp, mach_task_self(), 0x1e, 4), KERN_NO_ACCESS);
	CHECK_EQ(io_port_grant(hp, mach_task_self(), 0x40, 1), KERN_NO_ACCESS);
	CHECK_EQ(io_port_grant(hp, hp, COM1, 8), KERN_INVALID_TASK);
	/* a new task has no ports, even when its parent has: #GP, terminated */
	CHECK_EQ(wait_child(spawn_child(read_scratch_child, 0, stack, NULL)),
	    EXIT_EXCEPTION + VEC_GP);
	/* a grant to another task */
	id = spawn_child(granted_child, 0, stack, &child);
	CHECK_EQ(io_port_grant(hp, child, COM1, 8), KERN_SUCCESS);
	CHECK_EQ(wait_child(id), 0);
	/* a dead task gets nothing */
	kern_return_t kr = io_port_grant(hp, child, COM1, 8);
	CHECK(kr == KERN_INVALID_TASK || kr == MACH_SEND_INVALID_DEST);
	mach_port_deallocate(mach_task_self(), child);
	/* our own grant survived the switches */
	u_outb(COM1_SCRATCH, 0x3c);
	CHECK_EQ(u_inb(COM1_SCRATCH), 0x3c);
}

static void
test_phys_map(void)
{
	mach_port_t hp = boot_info->host_priv;
	vm_address_t a = 0;
	volatile uint8_t *rom;

	CHECK_EQ(phys_map(hp, mach_task_self(), VGA_ROM, PG, &a), KERN_SUCCESS);
	rom = (volatile uint8_t *)a;
	CHECK_EQ(rom[0], 0x55);
	CHECK_EQ(rom[1], 0xaa);
	CHECK_EQ(vm_deallocate(mach_task_self(), a, PG), KERN_SUCCESS);
	/* RAM is refused, wholly or in part */
	CHECK_EQ(phys_map(hp, mach_task_self(), 0, PG, &a), KERN_NO_ACCESS);
	CHECK_EQ(phys_map(hp, mach_task_self(), 0x100000, PG, &a), KERN_NO_ACCESS);
	CHECK_EQ(phys_map(hp, mach_task_self(), 0x200000, 16 * PG, &a), KERN_NO_ACCESS);
	CHECK_EQ(phys_map(hp, mach_task_self(), 0xff000, 2 * PG, &a), KERN_NO_ACCESS);
	/* the interrupt controllers */
	CHECK_EQ(phys_map(hp, mach_task_self(), 0xfee00000, PG, &a), KERN_NO_ACCESS);
	CHECK_EQ(phys_map(hp, mach_task_self(), 0xfec00000, PG, &a), KERN_NO_ACCESS);
	/* bounds */
	CHECK_EQ(phys_map(hp, mach_task_self(), VGA_ROM + 1, PG, &a), KERN_INVALID_ARGUMENT);
	CHECK_EQ(phys_map(hp, mach_task_self(), VGA_ROM, 0, &a), KERN_INVALID_ARGUMENT);
	CHECK_EQ(phys_map(hp, mach_task_self(), VGA_ROM, 100, &a), KERN_INVALID_ARGUMENT);
	CHECK_EQ(phys_map(hp, mach_task_self(), ~0ull & ~(PG - 1), PG, &a),
	    KERN_INVALID_ARGUMENT);
	CHECK_EQ(phys_map(hp, mach_task_self(), VGA_ROM, ~0ull & ~(PG - 1), &a),
	    KERN_INVALID_ARGUMENT);
	CHECK_EQ(phys_map(hp, hp, VGA_ROM, PG, &a), KERN_INVALID_TASK);
}

static void
test_dma(void)
{
	mach_port_t hp = boot_info->host_priv;
	vm_address_t a = 0, b = 0;
	vm_offset_t pa = 0, pb = 0;
	volatile uint64_t *p;
	uint64_t before;
	int zero = 1;

	/* once first, so that page tables for the range exist already */
	CHECK_EQ(dma_alloc(hp, mach_task_self(), 3 * PG, &a, &pa), KERN_SUCCESS);
	((volatile uint64_t *)a)[0] = 1;
	CHECK_EQ(vm_deallocate(mach_task_self(), a, 3 * PG), KERN_SUCCESS);
	before = free_pages();

	CHECK_EQ(dma_alloc(hp, mach_task_self(), 3 * PG - 100, &a, &pa), KERN_SUCCESS);
	CHECK(a != 0 && (a & (PG - 1)) == 0);
	CHECK(pa != 0 && (pa & (PG - 1)) == 0 && pa + 3 * PG <= (1ull << 32));
	CHECK(free_pages() + 3 <= before);
	p = (volatile uint64_t *)a;
	for (unsigned i = 0; i < 3 * PG / 8; i++)
		zero &= p[i] == 0;
	CHECK(zero);
	p[0] = 1;
	p[3 * PG / 8 - 1] = 2;
	CHECK_EQ(p[0] + p[3 * PG / 8 - 1], 3);
	/* it is RAM: no second mapping through phys_map */
	CHECK_EQ(phys_map(hp, mach_task_self(), pa, PG, &b), KERN_NO_ACCESS);
	CHECK_EQ(dma_alloc(hp, mach_task_self(), PG, &b, &pb), KERN_SUCCESS);
	CHECK(pb + PG <= pa || pa + 3 * PG <= pb);
	CHECK_EQ(vm_deallocate(mach_task_self(), b, PG), KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(mach_task_self(), a, 3 * PG), KERN_SUCCESS);
	CHECK_EQ(free_pages(), before);		/* gone with the mapping */
	/* bounds */
	CHECK_EQ(dma_alloc(hp, mach_task_self(), 0, &a, &pa), KERN_INVALID_ARGUMENT);
	CHECK_EQ(dma_alloc(hp, mach_task_self(), (4ull << 20) + 1, &a, &pa),
	    KERN_INVALID_ARGUMENT);
	CHECK_EQ(dma_alloc(hp, mach_task_self(), ~0ull, &a, &pa), KERN_INVALID_ARGUMENT);
	CHECK_EQ(dma_alloc(hp, hp, PG, &a, &pa), KERN_INVALID_TASK);
}

/* The plain host port (what every task has) gets none of it. */
static void
test_no_privilege(void)
{
	mach_port_t h = mach_host_self();
	vm_address_t a = 0;
	vm_offset_t pa = 0;

	CHECK_EQ(io_port_grant(h, mach_task_self(), COM1, 8), KERN_INVALID_HOST);
	CHECK_EQ(phys_map(h, mach_task_self(), VGA_ROM, PG, &a), KERN_INVALID_HOST);
	CHECK_EQ(dma_alloc(h, mach_task_self(), PG, &a, &pa), KERN_INVALID_HOST);
	CHECK_EQ(io_port_grant(mach_task_self(), mach_task_self(), COM1, 8),
	    KERN_INVALID_HOST);
	/* no grant happened: the port still faults in a child */
	CHECK_EQ(wait_child(spawn_child(read_scratch_child, 0, u_stack(16 * PG), NULL)),
	    EXIT_EXCEPTION + VEC_GP);
}

/* --- interrupts as messages (device_notify.defs) --- */

static natural_t irq_seen;

kern_return_t
catch_irq_notify(mach_port_t port, natural_t irq)
{
	(void)port;
	irq_seen = irq;
	return KERN_SUCCESS;
}

/* One irq_notify on port within ms: its line, or -1 if none came. */
static int
irq_wait(mach_port_t port, mach_msg_timeout_t ms)
{
	static union {
		mach_msg_header_t h;
		_Alignas(8) char buf[256];
	} in, out;

	irq_seen = ~0u;
	if (mach_msg(&in.h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(in),
	    port, ms, MACH_PORT_NULL) != MACH_MSG_SUCCESS)
		return -1;
	if (!device_notify_server(&in.h, &out.h))
		return -2;
	return (int)irq_seen;
}

static void
uart_drain(void)
{
	for (int i = 0; i < 64 && (u_inb(COM1_LSR) & LSR_DATA_READY); i++)
		(void)u_inb(COM1);
}

/*
 * COM1 in loopback: a byte sent is a byte received, and IRQ 4.  While
 * loopback is on the kernel's log (COM1, polled) would loop back too,
 * so nothing is printed until the UART is as it was: results are kept
 * and checked afterwards.
 */
static void
test_irq(void)
{
	mach_port_t hp = boot_info->host_priv, p = new_port();
	int first, unacked, second, late;
	kern_return_t ack1, ack2;
	uint8_t ier, mcr, b1, b2;

	CHECK_EQ(io_port_grant(hp, mach_task_self(), COM1, 8), KERN_SUCCESS);
	CHECK_EQ(irq_register(hp, 0, p), KERN_INVALID_ARGUMENT);
	CHECK_EQ(irq_register(hp, 2, p), KERN_INVALID_ARGUMENT);
	CHECK_EQ(irq_register(hp, 16, p), KERN_INVALID_ARGUMENT);
	CHECK_EQ(irq_register(mach_host_self(), COM1_IRQ, p), KERN_INVALID_HOST);
	CHECK_EQ(irq_ack(mach_host_self(), COM1_IRQ), KERN_INVALID_HOST);
	CHECK_EQ(irq_ack(hp, COM1_IRQ), KERN_INVALID_ARGUMENT);
	CHECK_EQ(irq_register(hp, COM1_IRQ, MACH_PORT_NULL), KERN_INVALID_ARGUMENT);
	CHECK_EQ(irq_register(hp, COM1_IRQ, mach_task_self()),
	    KERN_INVALID_CAPABILITY);
	CHECK_EQ(irq_register(hp, COM1_IRQ, p), KERN_SUCCESS);
	CHECK_EQ(irq_register(hp, COM1_IRQ, p), KERN_NO_ACCESS);
	CHECK_EQ(irq_wait(p, 0), -1);

	ier = u_inb(COM1_IER);
	mcr = u_inb(COM1_MCR);
	uart_drain();
	u_outb(COM1_MCR, (uint8_t)(mcr | MCR_LOOP | MCR_OUT2));
	u_outb(COM1_IER, IER_RX_DATA);
	u_outb(COM1, 'h');
	first = irq_wait(p, 2000);
	b1 = u_inb(COM1);
	u_outb(COM1, 'i');		/* raised again, but the line is masked */
	unacked = irq_wait(p, 100);
	ack1 = irq_ack(hp, COM1_IRQ);
	second = irq_wait(p, 2000);
	b2 = u_inb(COM1);
	ack2 = irq_ack(hp, COM1_IRQ);
	late = irq_wait(p, 50);		/* the byte was read: quiet */
	u_outb(COM1_IER, ier);
	u_outb(COM1_MCR, mcr);
	uart_drain();

	CHECK_EQ(first, COM1_IRQ);
	CHECK_EQ(b1, 'h');
	CHECK_EQ(unacked, -1);
	CHECK_EQ(ack1, KERN_SUCCESS);
	CHECK_EQ(second, COM1_IRQ);
	CHECK_EQ(b2, 'i');
	CHECK_EQ(ack2, KERN_SUCCESS);
	CHECK_EQ(late, -1);
	/* only the task that registered can end it */
	CHECK_EQ(irq_register(hp, COM1_IRQ, MACH_PORT_NULL), KERN_SUCCESS);
	CHECK_EQ(irq_register(hp, COM1_IRQ, MACH_PORT_NULL), KERN_INVALID_ARGUMENT);
	CHECK_EQ(irq_ack(hp, COM1_IRQ), KERN_INVALID_ARGUMENT);
	CHECK_EQ(mach_port_destroy(mach_task_self(), p), KERN_SUCCESS);
}

/*
 * The kernel never waits for a driver's queue: with the queue full the
 * interrupt stays pending and comes once there is room (device.c
 * retries every 10 ms).
 */
static void
test_irq_queue_full(void)
{
	mach_port_t hp = boot_info->host_priv, p = new_port();
	mach_msg_header_t own = {
		.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
		.msgh_size = sizeof(own), .msgh_remote_port = p, .msgh_id = 1234,
	};
	integer_t limit = 1;
	mach_port_status_t st;
	mach_msg_type_number_t n = MACH_PORT_RECEIVE_STATUS_COUNT;
	kern_return_t stkr;
	int mine, irq, late;
	uint8_t ier, mcr, b;

	CHECK_EQ(io_port_grant(hp, mach_task_self(), COM1, 8), KERN_SUCCESS);
	CHECK_EQ(mach_port_set_attributes(mach_task_self(), p,
	    MACH_PORT_LIMITS_INFO, &limit, 1), KERN_SUCCESS);
	CHECK_EQ(mach_msg(&own, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(own),
	    0, MACH_PORT_NULL, 0, MACH_PORT_NULL), MACH_MSG_SUCCESS);
	CHECK_EQ(irq_register(hp, COM1_IRQ, p), KERN_SUCCESS);

	ier = u_inb(COM1_IER);
	mcr = u_inb(COM1_MCR);
	uart_drain();
	u_outb(COM1_MCR, (uint8_t)(mcr | MCR_LOOP | MCR_OUT2));
	u_outb(COM1_IER, IER_RX_DATA);
	u_outb(COM1, 'q');
	u_sleep(30 * MSEC);		/* raised, and the send found no room */
	stkr = mach_port_get_attributes(mach_task_self(), p,
	    MACH_PORT_RECEIVE_STATUS, (mach_port_info_t)&st, &n);
	mine = irq_wait(p, 0);		/* ours: not an irq_notify */
	irq = irq_wait(p, 2000);	/* the retry */
	b = u_inb(COM1);
	late = irq_wait(p, 50);
	u_outb(COM1_IER, ier);
	u_outb(COM1_MCR, mcr);
	uart_drain();

	CHECK_EQ(stkr, KERN_SUCCESS);
	CHECK_EQ(st.mps_msgcount, 1);	/* no overshoot: it waited */
	CHECK_EQ(mine, -2);
	CHECK_EQ(irq, COM1_IRQ);
	CHECK_EQ(b, 'q');
	CHECK_EQ(late, -1);
	CHECK_EQ(irq_register(hp, COM1_IRQ, MACH_PORT_NULL), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(mach_task_self(), p), KERN_SUCCESS);
}

/* A child that registers IRQ 4 and ends without giving it back. */
static void
irq_child(uint64_t arg)
{
	kern_return_t kr;

	(void)arg;
	u_sleep(50 * MSEC);		/* until the parent gave us host_priv */
	kr = irq_register(boot_info->host_priv, COM1_IRQ, new_port());
	u_exit(kr == KERN_SUCCESS ? 0 : 0x40 + kr);
}

/* A registration ends with its port, and with its task. */
static void
test_irq_release(void)
{
	mach_port_t hp = boot_info->host_priv, p = new_port(), child;
	uint64_t id;

	CHECK_EQ(irq_register(hp, COM1_IRQ, p), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(mach_task_self(), p), KERN_SUCCESS);
	p = new_port();
	CHECK_EQ(irq_register(hp, COM1_IRQ, p), KERN_SUCCESS);
	CHECK_EQ(irq_register(hp, COM1_IRQ, MACH_PORT_NULL), KERN_SUCCESS);

	id = spawn_child(irq_child, 0, u_stack(16 * PG), &child);
	CHECK_EQ(mach_port_insert_right(child, hp, hp, MACH_MSG_TYPE_COPY_SEND),
	    KERN_SUCCESS);
	CHECK_EQ(wait_child(id), 0);
	mach_port_deallocate(mach_task_self(), child);
	CHECK_EQ(irq_register(hp, COM1_IRQ, p), KERN_SUCCESS);
	CHECK_EQ(irq_register(hp, COM1_IRQ, MACH_PORT_NULL), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(mach_task_self(), p), KERN_SUCCESS);
}

const struct test dev_tests[] = {
	{ "dev_io_ports", test_io_ports },
	{ "dev_phys_map", test_phys_map },
	{ "dev_dma", test_dma },
	{ "dev_no_privilege", test_no_privilege },
	{ "dev_irq", test_irq },
	{ "dev_irq_release", test_irq_release },
	{ "dev_irq_queue_full", test_irq_queue_full },
};
const unsigned dev_ntests = sizeof(dev_tests) / sizeof(dev_tests[0]);
