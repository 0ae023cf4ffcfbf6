/*
 * User FPU/SSE state (FXSAVE format, 512 bytes).  The kernel never uses
 * the FPU (-mgeneral-regs-only), so the registers can keep the state of
 * the last user thread that ran while kernel threads run: the state is
 * switched only when a *different* user thread is about to run, without
 * device-not-available traps.  See x86_64/DESIGN.md.
 */
#ifndef X86_64_FPU_H
#define X86_64_FPU_H

#include "kern/types.h"

#define FPU_AREA_SIZE	512

struct fpu_area {
	uint8_t bytes[FPU_AREA_SIZE];
} __attribute__((aligned(16)));

/* Enable FXSAVE/SSE and record the clean initial state. */
void fpu_init(void);

/* Fill an area with the clean initial state (x87 and SSE defaults). */
void fpu_area_init(struct fpu_area *area);

/* The area whose contents are in the registers now (never NULL: fpu.c). */
extern struct fpu_area *fpu_owner;

static inline void
fxsave(struct fpu_area *a)
{
	__asm__ volatile("fxsave64 %0" : "=m"(*a));
}

static inline void
fxrstor(const struct fpu_area *a)
{
	__asm__ volatile("fxrstor64 %0" :: "m"(*a));
}

/*
 * Make the registers hold `area` (saving the previous owner's); inline,
 * as it runs on every switch between user threads (IPC hand-offs too).
 */
static inline void
fpu_switch_to(struct fpu_area *area)
{
	if (fpu_owner == area)
		return;
	fxsave(fpu_owner);
	fxrstor(area);
	fpu_owner = area;
}

/* `area` goes away: if the registers belong to it, forget that. */
void fpu_release(struct fpu_area *area);

/* Bring `area` up to date with the registers if it owns them. */
void fpu_sync(struct fpu_area *area);

#endif
