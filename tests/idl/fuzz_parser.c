/*
 * libFuzzer target: the .defs parser, checker and all generators on
 * arbitrary (already preprocessed) text.  Any crash, leak or sanitizer
 * report is a bug; diagnostics are expected and silenced.
 */
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "gen.h"
#include "spec.h"
#include "types.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	struct mig_spec spec;
	struct gen_options o = { .header_include = "\"fuzz.h\"", .source_name = "fuzz.defs" };

	if (null == NULL)
		null = fopen("/dev/null", "w");
	diag_set_silent(true);
	diag_reset();
	type_table_reset();
	spec_init(&spec);
	if (mig_parse_buffer((const char *)data, size, "fuzz.defs", &spec) &&
	    spec_finish(&spec)) {
		gen_header(null, &spec, &o);
		gen_user(null, &spec, &o);
		gen_server(null, &spec, &o);
		gen_server_header(null, &spec, &o);
	}
	mig_arena_release();
	return 0;
}
