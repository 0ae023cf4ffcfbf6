/*
 * vblk_read (Linux only): the peer of Harbor's blkbench (bench/harbor/
 * blkbench.c).  Sequential read of 64 MiB from /dev/vda in 64 KiB read()
 * calls with O_DIRECT, so that every call reaches the device as Harbor's
 * block_read does (Harbor's driver has no cache).  Figures per 4 KiB, the
 * median of VBLK_REPS passes after one warm-up pass:
 *
 *   blk_seq_read_64k        the reader's CPU time (sum_exec_runtime in
 *                           /proc/self/schedstat, ns: instructions under
 *                           icount).  On one CPU, submission runs in the
 *                           reader; completion interrupts that arrive while
 *                           the CPU idles are charged to idle and left out,
 *                           as on Harbor.
 *   blk_seq_read_64k_vtime  virtual ns by rdtsc, idle waits included.
 *
 * Debian's kernel has virtio-blk as modules; bench/Makefile.am copies
 * virtio_ring, virtio, virtio_pci_{legacy,modern}_dev, virtio_pci and
 * virtio_blk into the initramfs under VBLK_MODDIR, named so that sorted
 * order is load order.  No modules or no disk: a comment and no figure
 * (the table shows "—"), not a failed run.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define VBLK_MODDIR	"/lib/modules/vblk"
#define VBLK_DEV	"/dev/vda"
#define VBLK_BYTES	(64ull << 20)
#define VBLK_REQUEST	(64u << 10)
#define VBLK_UNIT	4096u
#define VBLK_REPS	5
#define VBLK_WAIT_MS	5000

static int vblk_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Load every module of VBLK_MODDIR in name order: the count loaded, -1 if the directory is missing. */
static int vblk_load_modules(void)
{
	DIR *dir = opendir(VBLK_MODDIR);
	struct dirent *e;
	char *names[16];
	int n = 0, loaded = 0;

	if (dir == NULL)
		return -1;
	while ((e = readdir(dir)) != NULL && n < 16)
		if (e->d_name[0] != '.')
			names[n++] = strdup(e->d_name);
	closedir(dir);
	qsort(names, (size_t)n, sizeof(names[0]), vblk_cmp);
	for (int i = 0; i < n; i++) {
		char path[256];
		int fd;

		snprintf(path, sizeof(path), "%s/%s", VBLK_MODDIR, names[i]);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0 && (syscall(SYS_finit_module, fd, "", 0) == 0 || errno == EEXIST))
			loaded++;
		else
			printf("# vblk_read: loading %s: %s\n", names[i], strerror(errno));
		if (fd >= 0)
			close(fd);
		free(names[i]);
	}
	return loaded;
}

/* The device node appears (devtmpfs) once virtio_blk has probed the disk. */
static int vblk_open(void)
{
	struct timespec ms = { 0, 1000000 };

	for (int i = 0; i < VBLK_WAIT_MS; i++) {
		int fd = open(VBLK_DEV, O_RDONLY | O_DIRECT | O_CLOEXEC);

		if (fd >= 0 || errno != ENOENT)
			return fd;
		nanosleep(&ms, NULL);
	}
	return -1;
}

/* This process's CPU time in ns, or 0 if schedstat is missing. */
static uint64_t vblk_cpu_ns(void)
{
	unsigned long long ns = 0;
	FILE *f = fopen("/proc/self/schedstat", "r");

	if (f == NULL)
		return 0;
	if (fscanf(f, "%llu", &ns) != 1)
		ns = 0;
	fclose(f);
	return ns;
}

/*
 * CPU 0's idle time in ns (NO_HZ's idle_sleeptime plus iowait_sleeptime,
 * /proc/timer_list), or 0 if it is not there.  Only for the comment line
 * that says what the whole system executed, interrupts included.
 */
static uint64_t vblk_idle_ns(void)
{
	unsigned long long v, sum = 0;
	char line[256];
	FILE *f = fopen("/proc/timer_list", "r");

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "  .idle_sleeptime : %llu", &v) == 1 ||
		    sscanf(line, "  .iowait_sleeptime: %llu", &v) == 1)
			sum += v;
	fclose(f);
	return sum;
}

static int vblk_pass(int fd, void *buf)
{
	for (uint64_t off = 0; off < VBLK_BYTES; off += VBLK_REQUEST)
		if (pread(fd, buf, VBLK_REQUEST, (off_t)off) != (ssize_t)VBLK_REQUEST)
			return -1;
	return 0;
}

static int vblk_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void vblk_print(const char *name, uint64_t *v)
{
	qsort(v, VBLK_REPS, sizeof(v[0]), vblk_cmp_u64);
	printf("BENCH %s median=%" PRIu64 " min=%" PRIu64 " max=%" PRIu64 " reps=%d\n", name,
	       v[VBLK_REPS / 2], v[0], v[VBLK_REPS - 1], VBLK_REPS);
}

int main(void)
{
	const uint64_t units = VBLK_BYTES / VBLK_UNIT;
	uint64_t insns[VBLK_REPS], vtime[VBLK_REPS];
	void *buf;
	int fd;

	setvbuf(stdout, NULL, _IOLBF, 0);
	mkdir("/proc", 0555);
	mount("proc", "/proc", "proc", 0, NULL);	/* EBUSY if init mounted it: fine */
	if (vblk_load_modules() < 0) {
		printf("# vblk_read: no %s in the initramfs: no virtio-blk figure\n", VBLK_MODDIR);
		return 0;
	}
	fd = vblk_open();
	if (fd < 0) {
		printf("# vblk_read: no %s (%s): no virtio-blk figure\n", VBLK_DEV, strerror(errno));
		return 0;
	}
	if (posix_memalign(&buf, VBLK_UNIT, VBLK_REQUEST) != 0 || vblk_pass(fd, buf) != 0) {
		printf("BENCH-FAIL blk_seq_read_64k %s\n", strerror(errno));
		return 1;
	}
	for (int r = 0; r < VBLK_REPS; r++) {
		uint64_t c0 = vblk_cpu_ns(), i0 = vblk_idle_ns(), t0 = bench_rdtsc(), busy;

		if (vblk_pass(fd, buf) != 0) {
			printf("BENCH-FAIL blk_seq_read_64k %s\n", strerror(errno));
			return 1;
		}
		vtime[r] = (bench_rdtsc() - t0) / units;
		insns[r] = (vblk_cpu_ns() - c0) / units;
		busy = vtime[r] - (vblk_idle_ns() - i0) / units;
		printf("# vblk_read: pass %d: 64 MiB in %" PRIu64 " us of virtual time, %" PRIu64
		       " instructions per 4 KiB in the reader, %" PRIu64 " in the whole system\n",
		       r, vtime[r] * units / 1000, insns[r], busy);
	}
	vblk_print("blk_seq_read_64k", insns);
	vblk_print("blk_seq_read_64k_vtime", vtime);
	return 0;
}
