/* The interface being built: statements and routines in id order. */
#include "spec.h"

#include "util.h"

void spec_init(struct mig_spec *spec)
{
	*spec = (struct mig_spec){ 0 };
	spec->imports_tail = &spec->imports;
	spec->routines_tail = &spec->routines;
}

void spec_add_import(struct mig_spec *spec, enum mig_import_kind kind,
		     const char *file)
{
	struct mig_import *imp = mig_alloc(sizeof(*imp));

	imp->kind = kind;
	imp->file = file;
	*spec->imports_tail = imp;
	spec->imports_tail = &imp->next;
}

static void spec_append(struct mig_spec *spec, struct mig_routine *rt)
{
	rt->number = spec->next_number++;
	*spec->routines_tail = rt;
	spec->routines_tail = &rt->next;
}

void spec_add_routine(struct mig_spec *spec, struct mig_routine *rt)
{
	if (spec->subsystem == NULL) {
		diag_error(rt->loc, "routine '%s' comes before the subsystem statement",
			   rt->name);
		return;
	}
	rt->waittime = spec->waittime;
	rt->sendtime = spec->sendtime;
	rt->msgoption = spec->msgoption;
	if (!routine_check(spec, rt)) {
		/* Keep ids stable so later diagnostics stay meaningful. */
		spec->next_number++;
		return;
	}
	spec_append(spec, rt);
}

void spec_skip(struct mig_spec *spec, unsigned count)
{
	while (count-- > 0) {
		struct mig_routine *rt = mig_alloc(sizeof(*rt));

		rt->skipped = true;
		rt->name = "(skip)";
		spec_append(spec, rt);
	}
}

bool spec_finish(struct mig_spec *spec)
{
	if (spec->subsystem == NULL && diag_error_count() == 0) {
		struct mig_loc none = { 0 };

		none.file = "(input)";
		none.line = 1;
		none.col = 1;
		diag_error(none, "no subsystem statement");
	}
	if ((unsigned long long)spec->base + spec->next_number + 100 > 0x7fffffffULL &&
	    spec->subsystem != NULL)
		diag_error(spec->subsystem_loc, "message ids of subsystem '%s' overflow",
			   spec->subsystem);
	return diag_error_count() == 0;
}
