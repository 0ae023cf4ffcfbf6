/* setjmp and longjmp, including from nested calls. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include "tap.h"

static jmp_buf env;
static int depth;

static void dive(int n);
/* Called through a volatile pointer: real nested frames, which gcc's
 * -Winfinite-recursion would misjudge since longjmp does not return. */
static void (*volatile dive_next)(int) = dive;

static void dive(int n)
{
	depth = n;
	if (n == 0)
		longjmp(env, 42);
	dive_next(n - 1);
}

int main(void)
{
	volatile int passes = 0;
	int r;

	tap_plan(4);
	r = setjmp(env);
	if (r == 0) {
		passes++;
		dive(100);
	}
	TAP_OK(r == 42, "longjmp delivers its value");
	TAP_OK(passes == 1 && depth == 0, "control returned once, from depth");
	r = setjmp(env);
	if (r == 0)
		longjmp(env, 0);
	TAP_OK(r == 1, "longjmp with 0 returns 1");
	sigjmp_buf senv;
	r = sigsetjmp(senv, 0);
	if (!r)
		siglongjmp(senv, 7);
	TAP_OK(r == 7, "sigsetjmp without a mask");
	return tap_done();
}
