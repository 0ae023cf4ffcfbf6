/*
 * The processor half of I/O port grants (kern/device.h): the running
 * user task's I/O permission bitmap is copied into the TSS's bitmap
 * (gdt.c) when a thread of another task is switched in.  Only the bytes
 * a task uses are copied (its io_bitmap_len, up to its highest granted
 * port), and only the bytes the previous task used are reset, so tasks
 * without grants cost one comparison per switch.
 *
 * What is loaded is remembered by task id, not pointer: a finished task's
 * struct may be reused.  Protected by the scheduler lock (interrupts off),
 * like the switch that reads it.  One CPU: per-CPU state when SMP comes.
 */
#include "kern/cpu.h"
#include "kern/device.h"
#include "kern/string.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "x86_64/cpu.h"
#include "x86_64/gdt.h"
#include "x86_64/iopb.h"

#define NO_TASK		(~0ull)
#define MSR_APIC_BASE	0x1b
#define APIC_BASE_ADDR	0xffffffffff000ull

uint64_t iopb_loaded_task = NO_TASK;	/* id of the task whose bits are in */
uint32_t iopb_loaded_len;		/* bytes that may differ from 0xff */

void
iopb_switch(struct task *task)
{
	uint8_t *tss_map;

	if (task->id == iopb_loaded_task || (!task->io_bitmap && iopb_loaded_len == 0))
		return;
	tss_map = gdt_io_bitmap();
	memset(tss_map, 0xff, iopb_loaded_len);
	iopb_loaded_len = 0;
	iopb_loaded_task = NO_TASK;
	if (task->io_bitmap) {
		memcpy(tss_map, task->io_bitmap, task->io_bitmap_len);
		iopb_loaded_len = task->io_bitmap_len;
		iopb_loaded_task = task->id;
	}
}

void
arch_io_bitmap_changed(struct task *task)
{
	struct thread *t = current_thread();

	if (task->id == iopb_loaded_task)
		iopb_loaded_task = NO_TASK;	/* force the copy */
	/* A grant to the caller's own task takes effect on its way out. */
	if (!(t->flags & THREAD_KERNEL) && t->task == task)
		iopb_switch(task);
}

/* The 8259s and their edge/level register, the PIT: the kernel's. */
static const struct { uint32_t base, count; } kernel_ports[] = {
	{ 0x20, 2 }, { 0xa0, 2 }, { 0x40, 4 }, { 0x4d0, 2 },
};

bool
arch_device_ports_reserved(uint32_t base, uint32_t count)
{
	for (size_t i = 0; i < sizeof(kernel_ports) / sizeof(kernel_ports[0]); i++)
		if (base < kernel_ports[i].base + kernel_ports[i].count &&
		    kernel_ports[i].base < base + count)
			return true;
	return false;
}

/*
 * The interrupt controllers' registers: a task programming the I/O APIC
 * or the local APIC could aim interrupts at exception vectors.
 */
bool
arch_device_phys_reserved(paddr_t pa, uint64_t size)
{
	paddr_t lapic = rdmsr(MSR_APIC_BASE) & APIC_BASE_ADDR;
	const paddr_t ioapic = 0xfec00000, ioapic_end = 0xfed00000;

	if (pa < ioapic_end && ioapic < pa + size)
		return true;
	return pa < lapic + 4096 && lapic < pa + size;
}
