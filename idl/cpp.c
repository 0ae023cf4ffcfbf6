#include "cpp.h"

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diag.h"
#include "util.h"

extern char **environ;

static bool slurp(int fd, char **out, size_t *len)
{
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap);

	if (buf == NULL)
		return false;
	for (;;) {
		ssize_t r;

		if (n == cap) {
			char *nb = realloc(buf, cap * 2);

			if (nb == NULL) {
				free(buf);
				return false;
			}
			buf = nb;
			cap *= 2;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(buf);
			return false;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	*out = buf;
	*len = n;
	return true;
}

bool read_file(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "r");
	bool ok;

	if (f == NULL) {
		diag_fatal("cannot open %s: %m", path);
		return false;
	}
	ok = slurp(fileno(f), out, len);
	fclose(f);
	if (!ok)
		diag_fatal("cannot read %s", path);
	return ok;
}

/* argv: the command's words, then flags, dependency options, the file. */
static const char **cpp_argv(const struct cpp_run *run, const char *path)
{
	char *cmd = mig_strdup(run->command);
	const char **argv = mig_alloc(sizeof(char *) * (strlen(cmd) + (size_t)run->nflags + 8));
	int n = 0;

	for (char *w = strtok(cmd, " \t"); w; w = strtok(NULL, " \t"))
		argv[n++] = w;
	for (int i = 0; i < run->nflags; i++)
		argv[n++] = run->flags[i];
	if (run->depfile) {
		argv[n++] = "-MD";
		argv[n++] = "-MF";
		argv[n++] = run->depfile;
		argv[n++] = "-MT";
		argv[n++] = run->deptarget;
	}
	argv[n++] = path;
	argv[n] = NULL;
	return argv;
}

bool cpp_run(const struct cpp_run *run, const char *path, char **out, size_t *len)
{
	const char **argv = cpp_argv(run, path);
	posix_spawn_file_actions_t fa;
	int pipefd[2], status, err;
	pid_t pid;
	bool ok;

	if (access(path, R_OK) != 0) {
		diag_fatal("cannot read %s: %m", path);
		return false;
	}
	if (pipe(pipefd) != 0) {
		diag_fatal("pipe: %m");
		return false;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
	posix_spawn_file_actions_addclose(&fa, pipefd[0]);
	err = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[1]);
	if (err != 0) {
		close(pipefd[0]);
		diag_fatal("cannot run the preprocessor '%s': %s", argv[0], strerror(err));
		return false;
	}
	ok = slurp(pipefd[0], out, len);
	close(pipefd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!ok || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		if (ok)
			free(*out);
		diag_fatal("the preprocessor failed on %s", path);
		return false;
	}
	return true;
}
