/*
 * host_info flavors.  Counts are in natural_t.
 */
#ifndef _MACH_HOST_INFO_H_
#define _MACH_HOST_INFO_H_

#include <mach/std_types.h>

typedef int host_flavor_t;
typedef integer_t *host_info_t;
#define HOST_INFO_MAX		32	/* natural_t: the bound in host.defs */

#define HOST_BASIC_INFO		1
struct host_basic_info {
	integer_t	max_cpus;
	integer_t	avail_cpus;
	uint64_t	memory_size;	/* bytes of RAM the kernel manages */
	natural_t	page_size;
	natural_t	free_pages;	/* now (after returning cached zone pages) */
};
typedef struct host_basic_info host_basic_info_data_t;
#define HOST_BASIC_INFO_COUNT \
	((natural_t)(sizeof(struct host_basic_info) / sizeof(natural_t)))

#endif /* _MACH_HOST_INFO_H_ */
