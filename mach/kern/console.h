/*
 * The kernel log: a polled output line for the kernel's own messages and
 * panics (design.md §2: the kernel has no console driver; user space has
 * its own UART driver).  The lock keeps one kprintf's output together.
 */
#ifndef KERN_CONSOLE_H
#define KERN_CONSOLE_H

void console_putc(char c);
void console_lock(void);
void console_unlock(void);

#endif
