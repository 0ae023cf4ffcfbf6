/*
 * A stand-in for the bootstrap server (servers/bootstrap will replace
 * it): the first user task proves that the kernel loaded it, gave it
 * its information page and mapped the other modules, then exits 0.
 */
#include "ulib.h"

__attribute__((noreturn)) void ustart(const struct bootstrap_info *info);

void
ustart(const struct bootstrap_info *info)
{
	if (info->magic != BOOTSTRAP_INFO_MAGIC)
		u_exit(2);
	u_printf("bootstrap: first user task running, %u other boot modules\n",
	    info->nmodules);
	for (unsigned i = 0; i < info->nmodules; i++) {
		const struct bootstrap_module_info *m = &info->modules[i];
		const unsigned char *p = (const unsigned char *)m->addr;
		/* a module we can read is mapped; an ELF one starts with its magic */
		u_printf("bootstrap:   %s: %lu bytes at %p%s\n", m->name, m->size,
		    (void *)m->addr, m->size >= 4 && p[0] == 0x7f && p[1] == 'E' ? " (ELF)" : "");
	}
	u_exit(0);
}
