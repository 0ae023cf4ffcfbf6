/*
 * block.defs on the virtio-blk core: the S_block_* functions harbor-mig's
 * demux calls, and the deferred replies (block_reply.defs) sent when the
 * device completes.
 *
 * Ownership (servers/lib/srv_loop.h): a function that returns an error
 * has taken nothing, so the loop destroys the request (a write's data
 * too) and sends the error on its reply right.  One that returns
 * MIG_NO_REPLY owns the reply right from then on and, for a write, the
 * data it was sent.
 *
 * Data moves by page transfer on the wire and is copied once on our
 * side, between the client's pages and the slot's DMA buffer (DESIGN.md
 * says why not straight into the client's pages).
 */
#include "blockServer.h"
#include "block_reply.h"
#include "device_errors.h"
#include "disk.h"
#include "libmach.h"
#include "servers_bounds.h"
#include "srv_reply.h"
#include "ulib.h"

#define PAGE_SIZE	4096u

/*
 * The one copy of the data path, 8 bytes a step (every valid length is a
 * multiple of 512).  libmachrt's memcpy moves a byte a step (rep movsb):
 * without the fast-strings feature (qemu64 reports none) that is slow on
 * hardware, and under icount every step counts as an instruction (64 KiB:
 * 65,536 against 8,192; docs/performance.md).
 */
static void block_copy(void *dst, const void *src, size_t n)
{
	size_t words = n / 8;

	__asm__ volatile("rep movsq" : "+D"(dst), "+S"(src), "+c"(words) : : "memory");
	memcpy(dst, src, n % 8);
}

/* Check the reply right and take a slot: the common first step of the deferred calls. */
static kern_return_t block_accept(mach_port_t device, mach_port_t reply, mach_msg_type_name_t poly,
				  mach_msg_id_t id, struct disk_req **out)
{
	struct disk *d = disk_lookup(&disk_driver, device);

	if (d == NULL)
		return D_NO_SUCH_DEVICE;
	/* We answer later with MOVE_SEND_ONCE: any other right cannot carry that reply. */
	if (poly != MACH_MSG_TYPE_PORT_SEND_ONCE)
		return MIG_TYPE_ERROR;
	*out = disk_req_get(&disk_driver, d, reply, id);
	return *out != NULL ? KERN_SUCCESS : D_NO_MEMORY;
}

/* Submit; on refusal the slot goes back and the caller returns the error. */
static kern_return_t block_submit(struct disk_req *r, uint32_t type, uint64_t offset, uint32_t len)
{
	kern_return_t kr;

	r->vr.type = type;
	r->vr.offset = offset;
	r->vr.len = len;
	kr = vblk_submit(&r->disk->v, &r->vr);
	if (kr != KERN_SUCCESS) {
		disk_req_put(r);
		return kr;
	}
	return MIG_NO_REPLY;
}

kern_return_t S_block_read(mach_port_t device, mach_port_t reply, mach_msg_type_name_t replyPoly,
			   uint64_t offset, natural_t size, block_data_t *data,
			   mach_msg_type_number_t *dataCnt)
{
	struct disk_req *r;
	kern_return_t kr;

	(void)data;	/* the data goes in block_read_reply */
	(void)dataCnt;
	kr = block_accept(device, reply, replyPoly, block_block_read_MSGID, &r);
	if (kr != KERN_SUCCESS)
		return kr;
	return block_submit(r, VIRTIO_BLK_T_IN, offset, size);
}

kern_return_t S_block_write(mach_port_t device, mach_port_t reply, mach_msg_type_name_t replyPoly,
			    uint64_t offset, block_data_t data, mach_msg_type_number_t dataCnt)
{
	struct disk_req *r;
	kern_return_t kr;

	if (dataCnt > BLOCK_IO_MAX)	/* the stub checks too; the buffer depends on it */
		return D_INVALID_SIZE;
	kr = block_accept(device, reply, replyPoly, block_block_write_MSGID, &r);
	if (kr != KERN_SUCCESS)
		return kr;
	/* The core may start the request at once: the data must be in place first. */
	block_copy(r->buf, data, dataCnt);
	kr = block_submit(r, VIRTIO_BLK_T_OUT, offset, dataCnt);
	if (kr == MIG_NO_REPLY && dataCnt > 0)
		vm_deallocate(mach_task_self(), (vm_address_t)data, dataCnt);
	return kr;
}

kern_return_t S_block_get_size(mach_port_t device, uint64_t *size, natural_t *sector_size)
{
	struct disk *d = disk_lookup(&disk_driver, device);

	if (d == NULL)
		return D_NO_SUCH_DEVICE;
	*size = d->v.capacity * VBLK_SECTOR;
	*sector_size = d->v.sector_size;
	return KERN_SUCCESS;
}

kern_return_t S_block_flush(mach_port_t device, mach_port_t reply, mach_msg_type_name_t replyPoly)
{
	struct disk_req *r;
	kern_return_t kr;

	kr = block_accept(device, reply, replyPoly, block_block_flush_MSGID, &r);
	if (kr != KERN_SUCCESS)
		return kr;
	return block_submit(r, VIRTIO_BLK_T_FLUSH, 0, 0);
}

/* A read's data in fresh pages, moved to the client with the reply. */
static kern_return_t block_read_done(struct disk_req *r)
{
	vm_address_t page = 0;
	vm_size_t len = (r->vr.len + PAGE_SIZE - 1) & ~(vm_size_t)(PAGE_SIZE - 1);
	kern_return_t kr;

	kr = vm_allocate(mach_task_self(), &page, len, VM_FLAGS_ANYWHERE);
	if (kr != KERN_SUCCESS)
		return srv_reply_error(&disk_driver.srv, r->reply, r->request_id, D_NO_MEMORY);
	block_copy((void *)page, r->buf, r->vr.len);
	kr = block_read_reply(r->reply, (block_data_t)page, r->vr.len);
	/* A dead client: the message never left, so the pages are still ours. */
	if (kr == MACH_SEND_INVALID_DEST)
		vm_deallocate(mach_task_self(), page, len);
	return kr;
}

void block_ipc_complete(struct disk_req *r, kern_return_t rc)
{
	if (rc != KERN_SUCCESS)
		srv_reply_error(&disk_driver.srv, r->reply, r->request_id, rc);
	else if (r->request_id == block_block_read_MSGID)
		block_read_done(r);
	else if (r->request_id == block_block_write_MSGID)
		block_write_reply(r->reply, KERN_SUCCESS);
	else
		block_flush_reply(r->reply, KERN_SUCCESS);
	disk_req_put(r);
}
