/*
 * Starting the memory system: kern_main() calls vm_bootstrap() right
 * after the banner.  In order: the page-frame allocator
 * (vm_page_bootstrap), the kernel page tables with the full direct map
 * (pmap_bootstrap), zones and kalloc (zone_bootstrap), then the VM object
 * and map zones.  After it returns every memory interface works.
 */
#ifndef VM_VM_INIT_H
#define VM_VM_INIT_H

void vm_bootstrap(void);

#endif
