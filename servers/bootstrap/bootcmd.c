/*
 * Command-line words and lists (see bootcmd.h).
 */
#include "bootcmd.h"

#include <string.h>

/* Copy n bytes and a NUL if they fit. */
static bool bc_copy(char *dst, size_t size, const char *src, size_t n)
{
	if (n >= size)
		return false;
	memcpy(dst, src, n);
	dst[n] = '\0';
	return true;
}

int bc_word(const char *line, const char *key, char *val, size_t size)
{
	size_t klen = strlen(key);
	const char *found = NULL;
	size_t found_len = 0;

	while (*line != '\0') {
		size_t wlen = 0;

		while (*line == ' ')
			line++;
		while (line[wlen] != '\0' && line[wlen] != ' ')
			wlen++;
		if (wlen >= klen && strncmp(line, key, klen) == 0 &&
		    (wlen == klen || line[klen] == '=')) {
			found = wlen == klen ? line + klen : line + klen + 1;
			found_len = wlen == klen ? 0 : wlen - klen - 1;
		}
		line += wlen;
	}
	if (found == NULL)
		return 0;
	if (val == NULL)
		return 1;
	return bc_copy(val, size, found, found_len) ? 1 : -1;
}

int bc_list_next(const char **cursor, char *item, size_t size)
{
	const char *p = *cursor;
	size_t n;

	while (*p == ',')
		p++;
	if (*p == '\0') {
		*cursor = p;
		return 0;
	}
	for (n = 0; p[n] != '\0' && p[n] != ','; n++)
		;
	*cursor = p + n;
	return bc_copy(item, size, p, n) ? 1 : -1;
}

bool bc_list_has(const char *list, const char *name)
{
	size_t len = strlen(name);

	while (*list != '\0') {
		size_t n;

		while (*list == ',')
			list++;
		for (n = 0; list[n] != '\0' && list[n] != ','; n++)
			;
		if (n == len && n > 0 && strncmp(list, name, n) == 0)
			return true;
		list += n;
	}
	return false;
}

bool bc_module_split(const char *cmdline, char *name, size_t size, const char **args)
{
	size_t n;

	while (*cmdline == ' ')
		cmdline++;
	for (n = 0; cmdline[n] != '\0' && cmdline[n] != ' '; n++)
		;
	if (n == 0 || !bc_copy(name, size, cmdline, n))
		return false;
	cmdline += n;
	while (*cmdline == ' ')
		cmdline++;
	*args = cmdline;
	return true;
}
