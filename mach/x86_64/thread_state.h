/*
 * User-visible x86_64 thread state flavors (thread_get_state /
 * thread_set_state).  Plain fixed-size types only: user programs include
 * this file too.  The flavor number matches Mach's x86_THREAD_STATE64;
 * the layout is Harbor's (FS and GS *bases*, which is what x86_64 TLS
 * uses, instead of segment selectors).
 */
#ifndef X86_64_THREAD_STATE_H
#define X86_64_THREAD_STATE_H

#include <stdint.h>

#define X86_THREAD_STATE64	4

struct x86_thread_state64 {
	uint64_t rax, rbx, rcx, rdx, rdi, rsi, rbp, rsp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rip, rflags;
	uint64_t fs_base, gs_base;
};

#endif
