/*
 * What a child task created with inherited memory (task_create with
 * inherit_memory, the kernel half of fork) gets of each region: the same
 * memory shared, a copy-on-write copy, or nothing.  Values as in Mach.
 */
#ifndef _MACH_VM_INHERIT_H_
#define _MACH_VM_INHERIT_H_

typedef unsigned int vm_inherit_t;

#define VM_INHERIT_SHARE	((vm_inherit_t)0)
#define VM_INHERIT_COPY		((vm_inherit_t)1)
#define VM_INHERIT_NONE		((vm_inherit_t)2)
#define VM_INHERIT_LAST_VALID	VM_INHERIT_NONE

#define VM_INHERIT_DEFAULT	VM_INHERIT_COPY

#endif /* _MACH_VM_INHERIT_H_ */
