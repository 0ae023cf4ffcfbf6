/*
 * vm_bootstrap(): bring up the memory system in dependency order.  Each
 * step may use only what the steps before it made (see vm/DESIGN.md).
 */
#include "kern/zalloc.h"
#include "vm/pmap.h"
#include "vm/vm_init.h"
#include "vm/vm_map_copy.h"
#include "vm/vm_map_impl.h"
#include "vm/vm_page.h"

void
vm_bootstrap(void)
{
	vm_page_bootstrap();	/* needs boot_info and the boot direct map */
	pmap_bootstrap();	/* needs vm_page_alloc; builds the full direct map */
	zone_bootstrap();	/* needs pages and the direct map */
	vm_object_bootstrap();	/* zones */
	vm_map_bootstrap();	/* zones */
	vm_map_copy_bootstrap();	/* zones */
}
