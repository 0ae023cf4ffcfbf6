#ifndef X86_64_IOPB_H
#define X86_64_IOPB_H

#include "kern/types.h"

struct task;

/* A thread of `task` (a user task) is being switched in: its I/O ports. */
void iopb_switch(struct task *task);

/*
 * Whether iopb_switch(task) would change anything: not when the task's
 * bits are loaded already, nor when neither it nor the loaded state has
 * any (the common case, checked inline on every switch).
 */
extern uint64_t iopb_loaded_task;
extern uint32_t iopb_loaded_len;

static inline bool
iopb_switch_needed(uint64_t task_id, bool has_bitmap)
{
	/* the usual case first: no bitmap wanted, none loaded */
	return (has_bitmap || iopb_loaded_len) && task_id != iopb_loaded_task;
}

#endif
