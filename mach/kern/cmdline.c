#include "kern/cmdline.h"
#include "kern/bootinfo.h"
#include "kern/string.h"

static char cmdline[BOOT_CMDLINE_MAX];

void
cmdline_set(const char *text)
{
	strlcpy(cmdline, text, sizeof(cmdline));
}

void
cmdline_append(const char *text)
{
	size_t len = strlen(cmdline);

	if (len && len + 1 < sizeof(cmdline))
		cmdline[len++] = ' ';
	strlcpy(cmdline + len, text, sizeof(cmdline) - len);
}

const char *
cmdline_text(void)
{
	return cmdline;
}

bool
cmdline_get(const char *key, char *buf, size_t size)
{
	size_t klen = strlen(key);
	bool found = false;

	for (const char *w = cmdline; *w;) {
		size_t wlen = 0;
		while (w[wlen] && w[wlen] != ' ')
			wlen++;
		if (wlen >= klen && strncmp(w, key, klen) == 0 &&
		    (wlen == klen || w[klen] == '=')) {
			/* keep scanning: the last occurrence wins */
			found = true;
			if (buf && size) {
				size_t vlen = wlen == klen ? 0 : wlen - klen - 1;
				if (vlen >= size)
					vlen = size - 1;
				memcpy(buf, w + klen + (wlen > klen), vlen);
				buf[vlen] = '\0';
			}
		}
		w += wlen;
		while (*w == ' ')
			w++;
	}
	return found;
}
