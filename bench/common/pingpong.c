/*
 * pingpong.c — the forked partner for pipe and socket benchmarks.
 * See pingpong.h.
 */
#include "pingpong.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int pingpong_read_full(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len > 0) {
		ssize_t n = read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int pingpong_write_full(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The child's whole life: echo until the parent closes its end. */
static void pingpong_serve(int rx, int tx, char *buf, size_t req_size,
			   size_t reply_size)
{
	for (;;) {
		if (pingpong_read_full(rx, buf, req_size) != 0)
			_exit(0);
		if (pingpong_write_full(tx, buf, reply_size) != 0)
			_exit(1);
	}
}

static void pingpong_close_pair(int a, int b)
{
	close(a);
	if (b != a)
		close(b);
}

int pingpong_start(struct pingpong *pp, int parent_rx, int parent_tx,
		   int child_rx, int child_tx, size_t req_size,
		   size_t reply_size)
{
	size_t bufsize = req_size > reply_size ? req_size : reply_size;

	pp->rx = parent_rx;
	pp->tx = parent_tx;
	pp->req_size = req_size;
	pp->reply_size = reply_size;
	/* Touch every page now so no sample pays for first-touch faults. */
	pp->buf = malloc(bufsize);
	if (pp->buf == NULL)
		return -1;
	memset(pp->buf, 0x5a, bufsize);

	pp->child = fork();
	if (pp->child < 0) {
		free(pp->buf);
		return -1;
	}
	if (pp->child == 0) {
		pingpong_close_pair(parent_rx, parent_tx);
		pingpong_serve(child_rx, child_tx, pp->buf, req_size,
			       reply_size);
	}
	pingpong_close_pair(child_rx, child_tx);
	return 0;
}

void pingpong_op(void *ctx, uint64_t iters)
{
	struct pingpong *pp = ctx;

	for (uint64_t i = 0; i < iters; i++) {
		if (pingpong_write_full(pp->tx, pp->buf, pp->req_size) != 0 ||
		    pingpong_read_full(pp->rx, pp->buf, pp->reply_size) != 0) {
			perror("pingpong");
			exit(1);
		}
	}
}

int pingpong_stop(struct pingpong *pp)
{
	int status;

	pingpong_close_pair(pp->rx, pp->tx);
	free(pp->buf);
	if (waitpid(pp->child, &status, 0) != pp->child)
		return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int pingpong_measure(const struct bench_spec *spec, int parent_rx,
		     int parent_tx, int child_rx, int child_tx,
		     size_t req_size, size_t reply_size)
{
	struct pingpong pp;
	int rc;

	if (pingpong_start(&pp, parent_rx, parent_tx, child_rx, child_tx,
			   req_size, reply_size) != 0) {
		bench_fail(spec->name, "fork");
		return -1;
	}
	rc = bench_run(spec, pingpong_op, &pp, NULL);
	if (pingpong_stop(&pp) != 0) {
		bench_fail(spec->name, "partner did not exit cleanly");
		rc = -1;
	}
	return rc;
}
