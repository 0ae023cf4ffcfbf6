/*
 * FPU/SSE state switching (see fpu.h).  Facts from the Intel SDM vol. 1
 * ch. 10.5 (FXSAVE/FXRSTOR) and vol. 3 ch. 2.5 (CR0.MP/EM/TS, CR4.OSFXSR,
 * CR4.OSXMMEXCPT) and 13.1.
 *
 * Protected by the scheduler lock (interrupts off): fpu_owner and the
 * registers themselves.
 */
#include "kern/string.h"
#include "x86_64/fpu.h"

#define CR0_MP		(1ul << 1)
#define CR0_EM		(1ul << 2)
#define CR0_TS		(1ul << 3)
#define CR0_NE		(1ul << 5)
#define CR4_OSFXSR	(1ul << 9)
#define CR4_OSXMMEXCPT	(1ul << 10)
#define MXCSR_DEFAULT	0x1f80u		/* all exceptions masked, round to nearest */

/*
 * The area whose contents are in the registers now; &fpu_nobody when they
 * are nobody's (at boot, after the owner went away), so that the switch
 * saves without testing for "no owner" (fpu.h, fpu_switch_to): a save
 * into fpu_nobody is written and never read.
 */
static struct fpu_area fpu_nobody;
struct fpu_area *fpu_owner = &fpu_nobody;
static struct fpu_area fpu_initial;


void
fpu_init(void)
{
	uint64_t cr0, cr4;
	uint32_t mxcsr = MXCSR_DEFAULT;

	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	cr0 = (cr0 & ~(CR0_EM | CR0_TS)) | CR0_MP | CR0_NE;
	__asm__ volatile("mov %0, %%cr0" :: "r"(cr0));
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	cr4 |= CR4_OSFXSR | CR4_OSXMMEXCPT;
	__asm__ volatile("mov %0, %%cr4" :: "r"(cr4));
	__asm__ volatile("fninit; ldmxcsr %0" :: "m"(mxcsr));
	fxsave(&fpu_initial);
	fpu_owner = &fpu_nobody;
}

void
fpu_area_init(struct fpu_area *area)
{
	memcpy(area, &fpu_initial, sizeof(*area));
}

void
fpu_release(struct fpu_area *area)
{
	if (fpu_owner == area)
		fpu_owner = &fpu_nobody;
}

void
fpu_sync(struct fpu_area *area)
{
	if (fpu_owner == area)
		fxsave(area);
}
