/*
 * The host and host_priv interfaces (idl/defs/mach/host.defs,
 * host_priv.defs).  host_priv_t converts only from the host_priv port,
 * so every function here that takes one is privileged by construction.
 */
#include <mach/host_info.h>

#include "ipc/host_privServer.h"
#include "ipc/hostServer.h"
#include "ipc/ipc_tt.h"
#include "kern/clock.h"
#include "kern/cpu.h"
#include "kern/device.h"
#include "kern/string.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "kern/zalloc.h"
#include "vm/vm_page.h"
#include "vm/vm_param.h"

#define HARBOR_KERNEL_VERSION	"Harbor 0.1 (x86_64)"

kern_return_t
kobj_host_info(host_t host, host_flavor_t flavor, host_info_t host_info_out,
    mach_msg_type_number_t *count)
{
	struct host_basic_info info;

	if (!host)
		return KERN_INVALID_HOST;
	if (flavor != HOST_BASIC_INFO)
		return KERN_INVALID_ARGUMENT;
	if (*count < HOST_BASIC_INFO_COUNT)
		return KERN_FAILURE;
	/* Cached zone pages count as free: leak checks compare this. */
	zone_gc();
	memset(&info, 0, sizeof(info));
	info.max_cpus = 1;
	info.avail_cpus = 1;
	info.memory_size = (uint64_t)vm_page_total_count() * PAGE_SIZE;
	info.page_size = PAGE_SIZE;
	info.free_pages = (natural_t)vm_page_free_count();
	memcpy(host_info_out, &info, sizeof(info));
	*count = HOST_BASIC_INFO_COUNT;
	return KERN_SUCCESS;
}

kern_return_t
kobj_host_kernel_version(host_t host, kernel_version_t kernel_version)
{
	if (!host)
		return KERN_INVALID_HOST;
	strlcpy(kernel_version, HARBOR_KERNEL_VERSION, HOST_KERNEL_VERSION_MAX);
	return KERN_SUCCESS;
}

kern_return_t
kobj_host_page_size(host_t host, vm_size_t *out_page_size)
{
	if (!host)
		return KERN_INVALID_HOST;
	*out_page_size = PAGE_SIZE;
	return KERN_SUCCESS;
}

kern_return_t
kobj_host_get_time(host_t host, int clock, mach_time_ns_t *time_ns)
{
	if (!host)
		return KERN_INVALID_HOST;
	if (clock == HOST_CLOCK_MONOTONIC)
		*time_ns = clock_monotonic_ns();
	else if (clock == HOST_CLOCK_WALL)
		*time_ns = clock_wall_ns();
	else
		return KERN_INVALID_ARGUMENT;
	return KERN_SUCCESS;
}

kern_return_t
kobj_task_set_security_token(host_priv_t host_priv, task_t target_task,
    security_token_t sec_token)
{
	if (!host_priv)
		return KERN_INVALID_HOST;
	if (!target_task)
		return KERN_INVALID_TASK;
	target_task->sec_token = sec_token;
	return KERN_SUCCESS;
}

kern_return_t
kobj_host_set_exception_ports(host_priv_t host_priv,
    exception_mask_t exception_mask, mach_port_t new_port,
    exception_behavior_t behavior, thread_state_flavor_t new_flavor)
{
	if (!host_priv)
		return KERN_INVALID_HOST;
	return ipc_exc_ports_set(&host_priv->exc, exception_mask, new_port,
	    behavior, new_flavor);
}

kern_return_t
kobj_host_get_exception_ports(host_priv_t host_priv,
    exception_mask_t exception_mask, exception_mask_array_t masks,
    mach_msg_type_number_t *masksCnt, exception_handler_array_t old_handlers,
    exception_behavior_array_t old_behaviors,
    exception_flavor_array_t old_flavors)
{
	if (!host_priv)
		return KERN_INVALID_HOST;
	return ipc_exc_ports_get(&host_priv->exc, exception_mask, masks,
	    masksCnt, old_handlers, old_behaviors, old_flavors);
}

/* Device privileges (kern/device.h): each checks host_priv, then the rest. */
kern_return_t
kobj_io_port_grant(host_priv_t host_priv, task_t target_task, natural_t base,
    natural_t count)
{
	if (!host_priv)
		return KERN_INVALID_HOST;
	return device_io_grant(target_task, base, count);
}

kern_return_t
kobj_phys_map(host_priv_t host_priv, task_t target_task, vm_offset_t paddr,
    vm_size_t size, vm_address_t *address)
{
	if (!host_priv)
		return KERN_INVALID_HOST;
	return device_phys_map(target_task, paddr, size, address);
}

kern_return_t
kobj_dma_alloc(host_priv_t host_priv, task_t target_task, vm_size_t size,
    vm_address_t *address, vm_offset_t *paddr)
{
	if (!host_priv)
		return KERN_INVALID_HOST;
	return device_dma_alloc(target_task, size, address, paddr);
}

/* Interrupts as messages: the line is the caller's task's to register. */
kern_return_t
kobj_irq_register(host_priv_t host_priv, natural_t irq, mach_port_t port)
{
	if (!host_priv)
		return KERN_INVALID_HOST;
	return device_irq_register(current_thread()->task, irq, port);
}

kern_return_t
kobj_irq_ack(host_priv_t host_priv, natural_t irq)
{
	if (!host_priv)
		return KERN_INVALID_HOST;
	return device_irq_ack(irq);
}
