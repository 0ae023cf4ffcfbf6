/*
 * crt1.c: the entry point of every Harbor POSIX program (crt1.o).
 *
 * The program starts at _start with %rsp pointing at the initial stack
 * described in docs/startup.md (argc, argv, envp, auxv).  _start clears
 * the frame pointer (the end of every backtrace), aligns the stack as
 * the C ABI requires and calls __harbor_start_c with the original stack
 * pointer.  That reads the start-up information into the personality
 * and then hands over to musl's __libc_start_main exactly as musl's own
 * crt1.o would, so everything after it is upstream musl.
 *
 * No TLS, errno or stack protector until __libc_start_main has run.
 */
#include "startup.h"

int main();
void _init(void), _fini(void);
int __libc_start_main(int (*)(), int, char **, void (*)(void),
	void (*)(void), void (*)(void));
_Noreturn void __harbor_start_c(long *sp);

__asm__(
	".text\n"
	".global _start\n"
	".type _start,@function\n"
	"_start:\n"
	"	xor %ebp,%ebp\n"
	"	mov %rsp,%rdi\n"
	"	and $-16,%rsp\n"
	"	call __harbor_start_c\n"
	"	ud2\n"
	".size _start,.-_start\n");

_Noreturn void __harbor_start_c(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);

	posix_startup(sp);
	__libc_start_main(main, argc, argv, _init, _fini, 0);
	/* __libc_start_main calls exit and never returns. */
	__builtin_trap();
}
