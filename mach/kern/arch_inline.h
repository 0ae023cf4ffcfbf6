/*
 * Processor operations that generic code calls inline (see
 * x86_64/arch_inline.h for each): arch_intr_save_inline,
 * arch_intr_restore_inline, arch_copy_words, arch_fill_words,
 * arch_copyin_words4(_nowait), arch_copyout_words4(_nowait),
 * arch_clock_ns_inline,
 * arch_clock_ticks_inline, arch_clock_ticks_to_ns, arch_clock_ns_at.  With
 * vm/vm_param.h and kern/arch_switch.h, this is one of the three
 * generic headers that name the architecture's directory, so that no
 * generic file needs an #ifdef.
 */
#ifndef KERN_ARCH_INLINE_H
#define KERN_ARCH_INLINE_H

#include "x86_64/arch_inline.h"

#endif
