#include "kern/ksyms.h"

/* Layout written by tools/gen-ksyms: sorted by address. */
struct ksym {
	uint64_t addr;
	uint64_t name;		/* offset into ksym_names */
};

extern const uint64_t ksym_count;
extern const struct ksym ksym_table[];
extern const char ksym_names[];
extern char _etext[];

const char *
ksym_lookup(uint64_t addr, uint64_t *offset)
{
	uint64_t lo = 0, hi = ksym_count;

	if (ksym_count == 0 || addr < ksym_table[0].addr ||
	    addr >= (uint64_t)_etext)
		return NULL;
	/* binary search for the last symbol at or below addr */
	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;
		if (ksym_table[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	*offset = addr - ksym_table[lo].addr;
	return ksym_names + ksym_table[lo].name;
}
