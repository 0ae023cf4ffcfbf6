/*
 * The generators: <sub>.h (gen_header.c), <sub>User.c (gen_user.c),
 * <sub>Server.c (gen_server.c), and what they share (gen_common.c):
 * names, message layouts and function prototypes.
 *
 * Generated messages are C structs with natural alignment (descriptors are
 * packed in <mach/message.h>); variable-size data sits at the end, each
 * item 8-aligned, so only the tail needs run-time offsets.  docs/idl.md
 * describes the layout.
 */
#ifndef IDL_GEN_H
#define IDL_GEN_H

#include <stdbool.h>
#include <stdio.h>

#include "routine.h"
#include "spec.h"

struct gen_options {
	const char *user_prefix;	/* -prefix, overrides userprefix */
	const char *subr_prefix;	/* -subrprefix */
	const char *header_include;	/* how .c files include the header */
	const char *source_name;	/* the .defs file, for comments */
};

/* Names. */
const char *gen_req_type(const struct mig_spec *s, const struct mig_routine *rt);
const char *gen_rep_type(const struct mig_spec *s, const struct mig_routine *rt);
const char *gen_msgid(const struct mig_spec *s, const struct mig_routine *rt);
const char *gen_user_name(const struct mig_spec *s, const struct gen_options *o,
			  const struct mig_routine *rt);
const char *gen_server_name(const struct mig_spec *s, const struct mig_routine *rt);
const char *gen_demux_name(const struct mig_spec *s);
unsigned gen_routine_count(const struct mig_spec *s);

/* The first tail (variable-size) argument of a message, or NULL. */
const struct mig_arg *gen_first_tail(const struct mig_routine *rt, bool reply);
/* Zeros from the end of a packed tail argument to its 8-byte boundary. */
void gen_tail_pad(FILE *f, const struct mig_arg *a);
/* C expression: bytes of the fixed part of a message. */
const char *gen_fixed_size(const struct mig_spec *s, const struct mig_routine *rt,
			   bool reply);
/* C expression for a port disposition number or name. */
const char *gen_disp(unsigned disp);
bool gen_reply_complex(const struct mig_routine *rt);
bool gen_inline_is_c_array(const struct mig_arg *a);
/* A port, an inline array of ports or an OOL-ports array: has a disposition. */
bool gen_has_disposition(const struct mig_arg *a);
bool gen_out_by_pointer(const struct mig_arg *a);
bool gen_request_complex(const struct mig_routine *rt);

void gen_banner(FILE *f, const struct gen_options *o, const char *what);
void gen_layouts(FILE *f, const struct mig_spec *s);
void gen_user_prototype(FILE *f, const struct mig_spec *s,
			const struct gen_options *o, const struct mig_routine *rt,
			bool declaration);
void gen_server_prototype(FILE *f, const struct mig_spec *s,
			  const struct mig_routine *rt, bool declaration);
void gen_imports(FILE *f, const struct mig_spec *s, bool user, bool server);

void gen_header(FILE *f, const struct mig_spec *s, const struct gen_options *o);
void gen_server_header(FILE *f, const struct mig_spec *s,
		       const struct gen_options *o);
void gen_user(FILE *f, const struct mig_spec *s, const struct gen_options *o);
void gen_server(FILE *f, const struct mig_spec *s, const struct gen_options *o);



/* gen_check.c */
const char *gen_count_expr(const struct mig_arg *a, const char *p);
bool gen_tail_positions(FILE *f, const struct mig_routine *rt, bool reply,
			const char *p, const char *qual);
void gen_check_message(FILE *f, const struct mig_spec *s, const struct mig_routine *rt,
		       bool reply, const char *p, const char *fail);
#endif /* IDL_GEN_H */
