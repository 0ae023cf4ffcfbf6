#include "output.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "util.h"

bool output_open(struct output *out, const char *path)
{
	int fd;

	out->path = path;
	out->tmp = NULL;
	out->f = NULL;
	if (strcmp(path, "/dev/null") == 0) {
		out->f = fopen(path, "w");
		return out->f != NULL;
	}
	out->tmp = mig_printf("%s.tmpXXXXXX", path);
	fd = mkstemp(out->tmp);
	if (fd < 0) {
		diag_fatal("cannot create %s: %m", path);
		out->tmp = NULL;
		return false;
	}
	out->f = fdopen(fd, "w");
	if (out->f == NULL) {
		close(fd);
		unlink(out->tmp);
		out->tmp = NULL;
		diag_fatal("cannot write %s: %m", path);
		return false;
	}
	return true;
}

bool output_commit_all(struct output *outs, int n, bool ok)
{
	for (int i = 0; i < n; i++) {
		if (outs[i].f == NULL)
			continue;
		if (ferror(outs[i].f) || fclose(outs[i].f) != 0) {
			diag_fatal("error writing %s", outs[i].path);
			ok = false;
		}
		outs[i].f = NULL;
	}
	for (int i = 0; i < n; i++) {
		if (outs[i].tmp == NULL)
			continue;
		if (ok && rename(outs[i].tmp, outs[i].path) != 0) {
			diag_fatal("cannot rename %s to %s: %m", outs[i].tmp, outs[i].path);
			ok = false;
		}
	}
	if (!ok)
		for (int i = 0; i < n; i++)
			if (outs[i].tmp != NULL)
				unlink(outs[i].tmp);
	return ok;
}
