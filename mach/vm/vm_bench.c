/*
 * Kernel-side benchmarks of the memory system (run with `bench`; see
 * kern/kbench.h).  Each sample is one operation, in arch_cycles() — an
 * instruction count under qemu -icount shift=0:
 *   vm_fault_zero       vm_fault() resolving a demand-zero write
 *   vm_fault_cow        vm_fault() breaking copy-on-write after a fork
 *   vm_trap_fault_zero  the same through the processor: a kernel copyout
 *                       to an untouched user page, trap, vm_fault, retry
 *   vm_trap_fault_cow   ditto for a copy-on-write page
 *   vm_map_fork_16m     vm_map_fork of a map with 16 MiB of touched memory
 * The user-mode figures (a fault taken by a user task) come from the user
 * benchmarks; these isolate the VM's share.
 */
#include "kern/arch.h"
#include "kern/copyio.h"
#include "kern/cpu.h"
#include "kern/kbench.h"
#include "vm/vm_map.h"

#define BENCH_BASE	0x10000000ul
#define BENCH_PAGES	(KBENCH_WARMUP + KBENCH_REPS)

/* A map with BENCH_PAGES pages at BENCH_BASE, touched if asked. */
static struct vm_map *
bench_map(bool touch)
{
	struct vm_map *map = vm_map_create();
	vm_address_t a = BENCH_BASE;

	if (!map || vm_allocate(map, &a, BENCH_PAGES * PAGE_SIZE,
	    VM_FLAGS_FIXED) != KERN_SUCCESS)
		return NULL;
	for (size_t i = 0; touch && i < BENCH_PAGES; i++)
		vm_fault(map, BENCH_BASE + i * PAGE_SIZE, VM_PROT_WRITE);
	return map;
}

/* Time one write fault per page of map, directly or through a trap. */
static void
bench_faults(const char *name, struct vm_map *map, bool trap)
{
	static uint64_t samples[KBENCH_REPS];
	struct vm_map *saved = cpu_self()->active_map;
	uint64_t one = 1;

	if (trap) {
		cpu_self()->active_map = map;
		vm_map_activate(map);
	}
	for (size_t i = 0; i < BENCH_PAGES; i++) {
		vm_address_t va = BENCH_BASE + i * PAGE_SIZE;
		uint64_t t0 = arch_cycles();
		if (trap)
			copyout(&one, (void *)va, sizeof(one));
		else
			vm_fault(map, va, VM_PROT_WRITE);
		uint64_t t1 = arch_cycles();
		if (i >= KBENCH_WARMUP)
			samples[i - KBENCH_WARMUP] = t1 - t0;
	}
	if (trap) {
		cpu_self()->active_map = saved;
		vm_map_activate(saved);
	}
	kbench_report(name, samples, KBENCH_REPS);
}

static void
bench_zero(const char *name, bool trap)
{
	struct vm_map *map = bench_map(false);

	if (!map) {
		kbench_fail(name, "no memory");
		return;
	}
	bench_faults(name, map, trap);
	vm_map_deallocate(map);
}

static void
bench_cow(const char *name, bool trap)
{
	struct vm_map *parent = bench_map(true), *child;

	child = parent ? vm_map_fork(parent) : NULL;
	if (!child) {
		kbench_fail(name, "no memory");
		vm_map_deallocate(parent);
		return;
	}
	bench_faults(name, child, trap);
	vm_map_deallocate(child);
	vm_map_deallocate(parent);
}

KBENCH(vm_fault_zero)
{
	bench_zero("vm_fault_zero", false);
}

KBENCH(vm_fault_cow)
{
	bench_cow("vm_fault_cow", false);
}

KBENCH(vm_trap_fault_zero)
{
	bench_zero("vm_trap_fault_zero", true);
}

KBENCH(vm_trap_fault_cow)
{
	bench_cow("vm_trap_fault_cow", true);
}

KBENCH(vm_map_fork_16m)
{
	enum { REPS = 21 };
	static uint64_t samples[REPS];
	struct vm_map *map = vm_map_create();
	vm_address_t a = BENCH_BASE;
	const vm_size_t size = 16ul << 20;

	if (!map || vm_allocate(map, &a, size, VM_FLAGS_FIXED) != KERN_SUCCESS) {
		kbench_fail("vm_map_fork_16m", "no memory");
		vm_map_deallocate(map);
		return;
	}
	for (vm_address_t va = a; va < a + size; va += PAGE_SIZE)
		vm_fault(map, va, VM_PROT_WRITE);
	for (int i = 0; i < REPS + KBENCH_WARMUP; i++) {
		uint64_t t0 = arch_cycles();
		struct vm_map *child = vm_map_fork(map);
		uint64_t t1 = arch_cycles();
		if (i >= KBENCH_WARMUP)
			samples[i - KBENCH_WARMUP] = t1 - t0;
		vm_map_deallocate(child);
		/* the parent writes again, so each fork starts writable */
		vm_fault(map, a, VM_PROT_WRITE);
	}
	kbench_report("vm_map_fork_16m", samples, REPS);
}
