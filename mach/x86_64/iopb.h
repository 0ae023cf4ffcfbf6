#ifndef X86_64_IOPB_H
#define X86_64_IOPB_H

struct task;

/* A thread of `task` (a user task) is being switched in: its I/O ports. */
void iopb_switch(struct task *task);

#endif
