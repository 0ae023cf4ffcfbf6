/*
 * The split virtqueue (see virtq.h).
 */
#include "virtq.h"

#include <string.h>

static size_t virtq_align(size_t n)
{
	return (n + VIRTQ_ALIGN - 1) & ~(size_t)(VIRTQ_ALIGN - 1);
}

static size_t virtq_used_offset(uint16_t size)
{
	/* Descriptors, then avail's flags, idx, ring and used_event. */
	return virtq_align(sizeof(struct virtq_desc) * size + sizeof(uint16_t) * (3u + size));
}

size_t virtq_bytes(uint16_t size)
{
	return virtq_used_offset(size) +
	       virtq_align(sizeof(uint16_t) * 3 + sizeof(struct virtq_used_elem) * size);
}

int virtq_init(struct virtq *q, void *mem, uint64_t pa, uint16_t size)
{
	if (size == 0 || size > VIRTQ_SIZE_MAX || (size & (size - 1)) != 0 || pa % VIRTQ_ALIGN)
		return 0;
	memset(q, 0, sizeof(*q));
	memset(mem, 0, virtq_bytes(size));
	q->size = size;
	q->pa = pa;
	q->desc = mem;
	q->avail = (struct virtq_avail *)(void *)((char *)mem + sizeof(struct virtq_desc) * size);
	q->used = (struct virtq_used *)(void *)((char *)mem + virtq_used_offset(size));
	for (uint16_t i = 0; i < size; i++)
		q->desc[i].next = (uint16_t)(i + 1);
	q->free_head = 0;
	q->nfree = size;
	return 1;
}

int virtq_add(struct virtq *q, const struct virtq_buf *bufs, unsigned n, void *cookie)
{
	uint16_t head = q->free_head, i = head, last = head;

	if (n == 0 || n > q->nfree)
		return -1;
	for (unsigned k = 0; k < n; k++) {
		struct virtq_desc *d = &q->desc[i];

		d->addr = bufs[k].pa;
		d->len = bufs[k].len;
		d->flags = (uint16_t)((bufs[k].device_writes ? VIRTQ_DESC_F_WRITE : 0) |
				      (k + 1 < n ? VIRTQ_DESC_F_NEXT : 0));
		last = i;
		i = d->next;
	}
	q->free_head = q->desc[last].next;
	q->nfree = (uint16_t)(q->nfree - n);
	q->cookie[head] = cookie;
	q->avail->ring[q->avail->idx & (q->size - 1)] = head;
	/* The device may read the entry as soon as it sees the new idx. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	q->avail->idx++;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);	/* idx before the notify */
	return head;
}

int virtq_get_used(struct virtq *q, void **cookie, uint32_t *len, uint16_t *head_out)
{
	uint16_t used_idx = __atomic_load_n(&q->used->idx, __ATOMIC_ACQUIRE);
	struct virtq_used_elem e;
	uint16_t head, i, n = 1;

	if (used_idx == q->last_used)
		return 0;
	e = q->used->ring[q->last_used & (q->size - 1)];
	q->last_used++;
	if (e.id >= q->size || q->cookie[e.id] == NULL)
		return -1;	/* a device bug: never trust the id blindly */
	head = (uint16_t)e.id;
	/* Bounded: a corrupted chain cannot make us loop. */
	for (i = head; (q->desc[i].flags & VIRTQ_DESC_F_NEXT) && n < q->size; i = q->desc[i].next)
		n++;
	q->desc[i].next = q->free_head;
	q->free_head = head;
	q->nfree = (uint16_t)(q->nfree + n);
	*cookie = q->cookie[head];
	q->cookie[head] = NULL;
	*len = e.len;
	*head_out = head;
	return 1;
}
