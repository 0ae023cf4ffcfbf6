/*
 * Harbor overlay for musl's arch/x86_64/syscall_arch.h.
 *
 * musl reaches the kernel only through the __syscallN inlines defined
 * here (and the few assembly files replaced beside this one).  On Linux
 * they execute the `syscall` instruction.  Harbor has no Linux system
 * calls: every one becomes an ordinary C call into the POSIX personality
 * (personality/posix/dispatch.c), which looks the Linux number up in its
 * table and runs one C function per call.  The numbers, argument order
 * and the "negative errno on failure" result are exactly the Linux ABI,
 * so the rest of musl runs unchanged.
 *
 * Because these are now function calls, the compiler saves the
 * caller-saved registers itself; nothing here needs an asm clobber list.
 */

/* Linux x86_64 passes a 64-bit value in one register: no splitting. */
#define __SYSCALL_LL_E(x) (x)
#define __SYSCALL_LL_O(x) (x)

/* The personality's single entry point: Linux number, six arguments. */
long __harbor_syscall(long, long, long, long, long, long, long);

static __inline long __syscall0(long n)
{
	return __harbor_syscall(n, 0, 0, 0, 0, 0, 0);
}

static __inline long __syscall1(long n, long a1)
{
	return __harbor_syscall(n, a1, 0, 0, 0, 0, 0);
}

static __inline long __syscall2(long n, long a1, long a2)
{
	return __harbor_syscall(n, a1, a2, 0, 0, 0, 0);
}

static __inline long __syscall3(long n, long a1, long a2, long a3)
{
	return __harbor_syscall(n, a1, a2, a3, 0, 0, 0);
}

static __inline long __syscall4(long n, long a1, long a2, long a3, long a4)
{
	return __harbor_syscall(n, a1, a2, a3, a4, 0, 0);
}

static __inline long __syscall5(long n, long a1, long a2, long a3, long a4,
	long a5)
{
	return __harbor_syscall(n, a1, a2, a3, a4, a5, 0);
}

static __inline long __syscall6(long n, long a1, long a2, long a3, long a4,
	long a5, long a6)
{
	return __harbor_syscall(n, a1, a2, a3, a4, a5, a6);
}

/*
 * No vDSO on Harbor: VDSO_USEFUL is deliberately left undefined, so
 * clock_gettime goes straight to the personality instead of looking for
 * a __vdso_clock_gettime symbol in the auxiliary vector.
 */

/* The SysV IPC calls take the x86_64 (non-IPC_64-flagged) commands. */
#define IPC_64 0
