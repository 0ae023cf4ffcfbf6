/*
 * pingpong.h — a request/reply partner process for the message-passing
 * benchmarks that Linux runs in place of a Mach RPC.
 *
 * pingpong_start forks a child that, until it sees end of file, reads a
 * request of `req_size` bytes and answers with `reply_size` bytes.  Each
 * operation of pingpong_op is one round trip from the parent: write the
 * request, read the whole reply.  The channel is any pair of descriptors —
 * two pipes, or both ends of one socketpair — so pipe and Unix-socket
 * benchmarks share one loop and differ only in how they make the channel.
 */
#ifndef HARBOR_BENCH_PINGPONG_H
#define HARBOR_BENCH_PINGPONG_H

#include "bench.h"

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct pingpong {
	int rx;             /* parent reads replies here */
	int tx;             /* parent writes requests here (may equal rx) */
	size_t req_size;
	size_t reply_size;
	char *buf;          /* large enough for either direction */
	pid_t child;
};

/*
 * Forks the partner.  parent_rx/parent_tx stay with the caller; child_rx and
 * child_tx go to the child and are closed in the parent.  Returns 0 or -1.
 */
int pingpong_start(struct pingpong *pp, int parent_rx, int parent_tx,
		   int child_rx, int child_tx, size_t req_size,
		   size_t reply_size);

/* bench_op_fn: `iters` round trips.  Exits the program on an I/O error. */
void pingpong_op(void *ctx, uint64_t iters);

/* Closes the channel, reaps the child.  Returns 0 if it exited cleanly. */
int pingpong_stop(struct pingpong *pp);

/*
 * The whole benchmark over one channel: start the partner, bench_run
 * `spec` with pingpong_op, stop the partner.  A failure is reported with
 * bench_fail under spec->name.  Returns 0 or -1.
 */
int pingpong_measure(const struct bench_spec *spec, int parent_rx,
		     int parent_tx, int child_rx, int child_tx,
		     size_t req_size, size_t reply_size);

/* Loop until all `len` bytes are moved: pipes and sockets may do less. */
int pingpong_read_full(int fd, void *buf, size_t len);
int pingpong_write_full(int fd, const void *buf, size_t len);

#endif /* HARBOR_BENCH_PINGPONG_H */
