/*
 * blkbench: sequential read of 64 MiB from disk0 (the virtio-blk driver,
 * servers/virtio-blk) in 64 KiB block_read calls, one at a time.  A native
 * Harbor program, booted by `make bench-harbor-blk` with
 * `start=virtio-blk,blkbench wait=blkbench poweroff bootstrap.expose-tasks`
 * and a 64 MiB disk.
 *
 * Two figures per 4 KiB read, each the median of BLKBENCH_REPS passes
 * after one warm-up pass:
 *
 *   blk_seq_read_64k        guest instructions: the CPU time (run_ns,
 *                           task_info) of this task and of the driver,
 *                           which under icount shift=0 is the instructions
 *                           they executed.  Interrupt entry while the CPU
 *                           idles is charged to the idle thread and left out.
 *   blk_seq_read_64k_vtime  virtual nanoseconds (rdtsc): the instructions
 *                           plus the virtual time the CPU spent idle
 *                           waiting for the device, which with sleep=off
 *                           is however far QEMU warps the clock to the
 *                           next timer.  64 MiB over this is the throughput.
 *
 * The driver's task port comes from bootstrap's test-mode name
 * task/virtio-blk (bootstrap.expose-tasks), only to read its CPU time.
 */
#include "libmach.h"
#include "ulib.h"

#include "block.h"
#include "name.h"

#define BLKBENCH_BYTES		(64ull << 20)
#define BLKBENCH_REQUEST	(64u << 10)
#define BLKBENCH_UNIT		4096u		/* figures are per 4 KiB */
#define BLKBENCH_REPS		5		/* odd: the median is one pass */
#define BLKBENCH_WAIT_MS	10000u

static inline uint64_t blkbench_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* CPU time of a task's live threads, in ns (instructions under icount). */
static uint64_t blkbench_cpu(mach_port_t task)
{
	task_basic_info_data_t info;
	mach_msg_type_number_t n = TASK_BASIC_INFO_COUNT;

	if (task_info(task, TASK_BASIC_INFO, (task_info_t)&info, &n) != KERN_SUCCESS)
		return 0;
	return info.user_time_ns;
}

/* One pass over the disk: 0, or the first error. */
static kern_return_t blkbench_pass(mach_port_t disk)
{
	for (uint64_t off = 0; off < BLKBENCH_BYTES; off += BLKBENCH_REQUEST) {
		block_data_t data = NULL;
		mach_msg_type_number_t n = 0;
		kern_return_t kr = block_read(disk, off, BLKBENCH_REQUEST, &data, &n);

		if (kr != KERN_SUCCESS)
			return kr;
		vm_deallocate(mach_task_self(), (vm_address_t)data, n);
	}
	return KERN_SUCCESS;
}

static void blkbench_sort(uint64_t *v, unsigned n)
{
	for (unsigned i = 1; i < n; i++)
		for (unsigned j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint64_t t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

static void blkbench_print(const char *name, uint64_t *v)
{
	blkbench_sort(v, BLKBENCH_REPS);
	u_printf("BENCH %s median=%lu min=%lu max=%lu reps=%u\n", name,
		 (unsigned long)v[BLKBENCH_REPS / 2], (unsigned long)v[0],
		 (unsigned long)v[BLKBENCH_REPS - 1], BLKBENCH_REPS);
}

__attribute__((noreturn)) void ustart(const struct bootstrap_info *info);

void ustart(const struct bootstrap_info *info)
{
	const uint64_t units = BLKBENCH_BYTES / BLKBENCH_UNIT;
	uint64_t insns[BLKBENCH_REPS], vtime[BLKBENCH_REPS], size = 0;
	mach_port_t disk = MACH_PORT_NULL, driver = MACH_PORT_NULL;
	natural_t sector = 0;
	kern_return_t kr;

	mach_init();
	kr = name_lookup(info->bootstrap, "disk0", BLKBENCH_WAIT_MS, &disk);
	if (kr == KERN_SUCCESS)
		kr = name_lookup(info->bootstrap, "task/virtio-blk", BLKBENCH_WAIT_MS, &driver);
	if (kr == KERN_SUCCESS)
		kr = block_get_size(disk, &size, &sector);
	if (kr == KERN_SUCCESS && size < BLKBENCH_BYTES)
		kr = KERN_INVALID_ARGUMENT;
	/* The warm-up pass: the driver's DMA slot, QEMU's first touch of the image. */
	if (kr == KERN_SUCCESS)
		kr = blkbench_pass(disk);
	for (unsigned r = 0; kr == KERN_SUCCESS && r < BLKBENCH_REPS; r++) {
		uint64_t me0 = blkbench_cpu(mach_task_self()), drv0 = blkbench_cpu(driver);
		uint64_t t0 = blkbench_rdtsc(), me, drv;

		kr = blkbench_pass(disk);
		vtime[r] = (blkbench_rdtsc() - t0) / units;
		me = (blkbench_cpu(mach_task_self()) - me0) / units;
		drv = (blkbench_cpu(driver) - drv0) / units;
		insns[r] = me + drv;
		u_printf("# blkbench: pass %u: 64 MiB in %lu us of virtual time (%lu KiB/s), "
			 "%lu instructions per 4 KiB (client %lu, driver %lu)\n", r,
			 (unsigned long)(vtime[r] * units / 1000),
			 (unsigned long)(BLKBENCH_BYTES / 1024 * 1000000000ull / (vtime[r] * units)),
			 (unsigned long)insns[r], (unsigned long)me, (unsigned long)drv);
	}
	if (kr != KERN_SUCCESS) {
		u_printf("BENCH-FAIL blk_seq_read_64k error %d\n", kr);
		u_exit(1);
	}
	blkbench_print("blk_seq_read_64k", insns);
	blkbench_print("blk_seq_read_64k_vtime", vtime);
	u_exit(0);
}
