/*
 * One interface: the subsystem statement, the settings other statements
 * make, and the routines in id order.  The parser fills it in; main.c
 * hands it to the generators.
 */
#ifndef IDL_SPEC_H
#define IDL_SPEC_H

#include <stdbool.h>
#include <stdio.h>
#include "diag.h"
#include "routine.h"

enum mig_import_kind {
	IMPORT_BOTH,		/* import: user and server */
	IMPORT_USER,		/* uimport */
	IMPORT_SERVER,		/* simport */
	IMPORT_HEADER,		/* iimport: Apple, headers only */
	IMPORT_DEFS,		/* dimport: Apple, everywhere */
};

struct mig_import {
	struct mig_import *next;
	enum mig_import_kind kind;
	const char *file;	/* with its quotes or angle brackets */
};

struct mig_spec {
	const char *subsystem;
	struct mig_loc subsystem_loc;
	unsigned base;
	bool kernel_user;
	bool kernel_server;

	const char *user_prefix;
	const char *server_prefix;
	const char *server_demux;
	const char *rcsid;
	struct mig_import *imports, **imports_tail;
	struct mig_routine *routines, **routines_tail;
	unsigned next_number;

	/* Set by waittime/sendtime/msgoption statements; NULL when off. */
	const char *waittime;
	const char *sendtime;
	const char *msgoption;
};

void spec_init(struct mig_spec *spec);
void spec_add_import(struct mig_spec *spec, enum mig_import_kind kind,
		     const char *file);
void spec_add_routine(struct mig_spec *spec, struct mig_routine *rt);
void spec_skip(struct mig_spec *spec, unsigned count);
/* Checks that need the whole file; false if it has errors. */
bool spec_finish(struct mig_spec *spec);

/* Parse preprocessed .defs text (lexer.l); false if there were errors. */
bool mig_parse_file(FILE *in, const char *name, struct mig_spec *spec);
bool mig_parse_buffer(const char *buf, size_t len, const char *name,
		      struct mig_spec *spec);

#endif /* IDL_SPEC_H */
