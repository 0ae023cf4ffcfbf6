/*
 * harbor-mig grammar: GNU MIG's .defs language plus Apple MIG's extensions.
 *
 * Actions only build the model (types.c, routine.c, spec.c) and report
 * errors; what can be generated is decided in routine_check().  Memory
 * comes from the run's arena, so error recovery needs no destructors.
 */
%define api.pure full
%locations
%param {yyscan_t scanner}
%parse-param {struct mig_spec *spec}
%define parse.error verbose

%code requires {
#include "diag.h"
#include "routine.h"
#include "spec.h"
#include "types.h"

typedef void *yyscan_t;

/* Locations carry the file so that cpp's line markers are honoured. */
typedef struct YYLTYPE {
	int first_line, first_column, last_line, last_column;
	const char *file;
} YYLTYPE;
#define YYLTYPE_IS_DECLARED 1
#define YYLTYPE_IS_TRIVIAL 1

#define YYLLOC_DEFAULT(Cur, Rhs, N) do {				\
	if (N) {							\
		(Cur).first_line = YYRHSLOC(Rhs, 1).first_line;		\
		(Cur).first_column = YYRHSLOC(Rhs, 1).first_column;	\
		(Cur).file = YYRHSLOC(Rhs, 1).file;			\
		(Cur).last_line = YYRHSLOC(Rhs, N).last_line;		\
		(Cur).last_column = YYRHSLOC(Rhs, N).last_column;	\
	} else {							\
		(Cur).first_line = (Cur).last_line = YYRHSLOC(Rhs, 0).last_line; \
		(Cur).first_column = (Cur).last_column = YYRHSLOC(Rhs, 0).last_column; \
		(Cur).file = YYRHSLOC(Rhs, 0).file;			\
	}								\
} while (0)
}

%union {
	long long num;
	const char *str;
	struct ipc_sym sym;
	struct mig_type *type;
	struct mig_arg *arg;
	struct { struct mig_arg *head, **tail; } args;
}

%code {
#include <string.h>
#include "util.h"

int yylex(YYSTYPE *lval, YYLTYPE *lloc, yyscan_t scanner);
static void yyerror(YYLTYPE *lloc, yyscan_t scanner, struct mig_spec *spec,
		    const char *msg);

static struct mig_loc L(YYLTYPE l)
{
	struct mig_loc loc = { l.file, l.first_line, l.first_column };

	return loc;
}

static long long checked(long long v, YYLTYPE l)
{
	if (v < 0 || v > 0x7fffffffLL) {
		diag_error(L(l), "integer expression out of range");
		return 0;
	}
	return v;
}

static void set_name(const char **slot, const char *value, const char *what,
		     YYLTYPE l)
{
	if (*slot != NULL && strcmp(*slot, value) != 0)
		diag_warn(L(l), "conflicting %s (%s, %s)", what, *slot, value);
	*slot = value;
}

static void ignored(YYLTYPE l, const char *what)
{
	diag_warn(L(l), "'%s' is parsed but has no effect in harbor-mig", what);
}
}

%token <str> IDENT STRING QSTRING OBSOLETE_ROUTINE NATIVE
%token <num> NUMBER ARGKIND FLAG IMPORT
%token <sym> SYMTYPE
%token STRING_MISSING "end of statement (a C expression was expected)"
%token ROUTINE SIMPLEROUTINE SUBSYSTEM KERNELUSER KERNELSERVER
%token WAITTIME SENDTIME MSGOPTION CONSUMEONSENDERROR NOWAITTIME NOSENDTIME
%token USESPECIALREPLYPORT USERTYPELIMIT ONSTACKLIMIT ERRORPROC
%token SERVERPREFIX USERPREFIX SERVERDEMUX RCSID TYPE ARRAY OF STRUCT CSTRING
%token SKIP INTRAN INTRANPAYLOAD OUTTRAN DESTRUCTOR CTYPE CUSERTYPE CSERVERTYPE

%type <num> int_exp sub_mods ipc_flags direction
%type <sym> ipc_type prim_ipc_type
%type <type> type_spec trans_type_spec named_type_spec basic_type_spec
%type <type> struct_list argument_type native_spec
%type <arg> argument
%type <args> argument_list arguments

%left '+' '-'
%left '*' '/'

%%

file
	: %empty
	| file statement
	;

statement
	: subsystem ';'
	| WAITTIME STRING ';'		{ spec->waittime = $2; }
	| SENDTIME STRING ';'		{ spec->sendtime = $2; }
	| MSGOPTION STRING ';'		{ spec->msgoption = $2; }
	| NOWAITTIME ';'		{ spec->waittime = NULL; }
	| NOSENDTIME ';'		{ spec->sendtime = NULL; }
	| CONSUMEONSENDERROR STRING ';'	{ ignored(@1, "ConsumeOnSendError"); }
	| USESPECIALREPLYPORT int_exp ';'	{ ignored(@1, "UseSpecialReplyPort"); }
	| USERTYPELIMIT int_exp ';'	{ ignored(@1, "UserTypeLimit"); }
	| ONSTACKLIMIT int_exp ';'	{ ignored(@1, "OnStackLimit"); }
	| ERRORPROC IDENT ';'		{ ignored(@1, "error"); }
	| SERVERPREFIX IDENT ';'	{ spec->server_prefix = $2; }
	| USERPREFIX IDENT ';'		{ spec->user_prefix = $2; }
	| SERVERDEMUX IDENT ';'		{ spec->server_demux = $2; }
	| TYPE named_type_spec ';'
	| routine_decl ';'
	| SKIP ';'			{ spec_skip(spec, 1); }
	| SKIP int_exp ';'
		{
			if ($2 > 4096 || spec->next_number + $2 > 65536)
				diag_error(L(@2), "skip count %lld is too large", $2);
			else
				spec_skip(spec, (unsigned)$2);
		}
	| IMPORT QSTRING ';'		{ spec_add_import(spec, (enum mig_import_kind)$1, $2); }
	| RCSID QSTRING ';'		{ spec->rcsid = $2; }
	| ';'
	| error ';'			{ yyerrok; }
	;

subsystem
	: SUBSYSTEM sub_mods IDENT int_exp
		{
			if (spec->subsystem != NULL) {
				diag_error(L(@1), "second subsystem statement");
			} else {
				spec->subsystem = $3;
				spec->subsystem_loc = L(@3);
				spec->base = (unsigned)$4;
				spec->kernel_user = ($2 & 1) != 0;
				spec->kernel_server = ($2 & 2) != 0;
			}
		}
	;

sub_mods
	: %empty			{ $$ = 0; }
	| sub_mods KERNELUSER		{ $$ = $1 | 1; }
	| sub_mods KERNELSERVER		{ $$ = $1 | 2; }
	;

named_type_spec
	: IDENT '=' trans_type_spec
		{
			$$ = $3;
			$$->name = $1;
			$$->loc = L(@1);
			type_define($$);
		}
	;

/* A new type starts from a copy: names and translations are its own. */
trans_type_spec
	: type_spec
		{
			$$ = type_copy($1);
			$$->name = NULL;
			$$->ctype = $$->cusertype = $$->cservertype = NULL;
			$$->trans_type = $$->intran = $$->outtran = NULL;
			$$->destructor = $$->intranpayload = NULL;
		}
	| trans_type_spec INTRAN ':' IDENT IDENT '(' IDENT ')'
		{
			$$ = $1;
			set_name(&$$->trans_type, $4, "translation types", @4);
			set_name(&$$->intran, $5, "in-translation functions", @5);
			set_name(&$$->cservertype, $7, "server types", @7);
		}
	| trans_type_spec INTRANPAYLOAD ':' IDENT IDENT
		{
			$$ = $1;
			set_name(&$$->intranpayload, $5, "payload translations", @5);
		}
	| trans_type_spec OUTTRAN ':' IDENT IDENT '(' IDENT ')'
		{
			$$ = $1;
			set_name(&$$->cservertype, $4, "server types", @4);
			set_name(&$$->outtran, $5, "out-translation functions", @5);
			set_name(&$$->trans_type, $7, "translation types", @7);
		}
	| trans_type_spec DESTRUCTOR ':' IDENT '(' IDENT ')'
		{
			$$ = $1;
			set_name(&$$->destructor, $4, "destructors", @4);
			set_name(&$$->trans_type, $6, "translation types", @6);
		}
	| trans_type_spec CTYPE ':' IDENT
		{
			$$ = $1;
			set_name(&$$->ctype, $4, "C types", @4);
		}
	| trans_type_spec CUSERTYPE ':' IDENT
		{
			$$ = $1;
			set_name(&$$->cusertype, $4, "user C types", @4);
		}
	| trans_type_spec CSERVERTYPE ':' IDENT
		{
			$$ = $1;
			set_name(&$$->cservertype, $4, "server C types", @4);
		}
	;

type_spec
	: basic_type_spec
	| IDENT
		{
			$$ = type_lookup($1);
			if ($$ == NULL) {
				struct ipc_sym sym;

				diag_error(L(@1), "type '%s' is not defined", $1);
				ipc_sym_number(2, &sym);
				$$ = type_basic(sym, 0, L(@1));
			}
		}
	| ARRAY '[' ']' OF type_spec
		{
			$$ = type_new(MT_ARRAY, L(@1));
			$$->elem = $5;
			$$->variable = $$->unbounded = true;
		}
	| ARRAY '[' '*' ']' OF type_spec
		{
			$$ = type_new(MT_ARRAY, L(@1));
			$$->elem = $6;
			$$->variable = $$->unbounded = true;
		}
	| ARRAY '[' '*' ':' int_exp ']' OF type_spec
		{
			$$ = type_new(MT_ARRAY, L(@1));
			$$->elem = $8;
			$$->variable = true;
			$$->count = (unsigned)$5;
		}
	| ARRAY '[' int_exp ']' OF type_spec
		{
			$$ = type_new(MT_ARRAY, L(@1));
			$$->elem = $6;
			$$->count = (unsigned)$3;
		}
	| '^' type_spec
		{
			$$ = type_new(MT_POINTER, L(@1));
			$$->elem = $2;
		}
	| STRUCT '[' int_exp ']' OF type_spec
		{
			$$ = type_new(MT_STRUCT, L(@1));
			$$->elem = $6;
			$$->count = (unsigned)$3;
		}
	| STRUCT '{' struct_list '}'	{ $$ = $3; }
	| CSTRING '[' int_exp ']'
		{
			$$ = type_new(MT_CSTRING, L(@1));
			$$->count = (unsigned)$3;
		}
	| CSTRING '[' '*' ':' int_exp ']'
		{
			$$ = type_new(MT_CSTRING, L(@1));
			$$->count = (unsigned)$5;
			$$->variable = true;
		}
	| native_spec
	;

native_spec
	: NATIVE '(' type_phrase ')'
		{
			struct ipc_sym sym;

			diag_error(L(@1), "native type '%s' cannot be generated: Harbor"
				   " messages carry only IPC types", $1);
			ipc_sym_number(2, &sym);
			$$ = type_basic(sym, 0, L(@1));
		}
	| NATIVE '(' type_phrase ',' type_phrase ')'
		{
			struct ipc_sym sym;

			diag_error(L(@1), "native type '%s' cannot be generated: Harbor"
				   " messages carry only IPC types", $1);
			ipc_sym_number(2, &sym);
			$$ = type_basic(sym, 0, L(@1));
		}
	;

type_phrase
	: IDENT
	| type_phrase IDENT
	;

struct_list
	: IDENT IDENT ';'
		{
			struct mig_type *f = type_lookup($1);

			$$ = type_struct_fields_begin(L(@1));
			if (f == NULL)
				diag_error(L(@1), "type '%s' is not defined", $1);
			else
				type_struct_field($$, f, L(@1));
		}
	| struct_list IDENT IDENT ';'
		{
			struct mig_type *f = type_lookup($2);

			$$ = $1;
			if (f == NULL)
				diag_error(L(@2), "type '%s' is not defined", $2);
			else
				type_struct_field($$, f, L(@2));
		}
	;

basic_type_spec
	: ipc_type			{ $$ = type_basic($1, 0, L(@1)); }
	| '(' ipc_type ',' int_exp ipc_flags ')'
		{
			if ($4 == 0)
				diag_error(L(@4), "IPC type size of 0 bits");
			$$ = type_basic($2, (unsigned)$4, L(@1));
		}
	;

prim_ipc_type
	: NUMBER			{ ipc_sym_number((unsigned)$1, &$$); }
	| SYMTYPE
	;

ipc_type
	: prim_ipc_type
	| prim_ipc_type '|' prim_ipc_type
		{
			$$ = $1;
			$$.out = $3.out;
			if ($1.bits != 0 && $3.bits != 0 && $1.bits != $3.bits &&
			    !ipc_is_port($1.in))
				diag_error(L(@2), "sizes in IPC types differ (%u, %u)",
					   $1.bits, $3.bits);
			if ($$.bits == 0)
				$$.bits = $3.bits;
		}
	;

int_exp
	: NUMBER
	| '(' int_exp ')'		{ $$ = $2; }
	| int_exp '+' int_exp		{ $$ = checked($1 + $3, @$); }
	| int_exp '-' int_exp		{ $$ = checked($1 - $3, @$); }
	| int_exp '*' int_exp		{ $$ = checked($1 * $3, @$); }
	| int_exp '/' int_exp
		{
			if ($3 == 0) {
				diag_error(L(@3), "division by zero");
				$$ = 0;
			} else {
				$$ = $1 / $3;
			}
		}
	;

routine_decl
	: ROUTINE IDENT arguments
		{
			struct mig_routine *rt = mig_alloc(sizeof(*rt));

			rt->name = $2;
			rt->loc = L(@2);
			rt->args = $3.head;
			spec_add_routine(spec, rt);
		}
	| SIMPLEROUTINE IDENT arguments
		{
			struct mig_routine *rt = mig_alloc(sizeof(*rt));

			rt->name = $2;
			rt->loc = L(@2);
			rt->simple = true;
			rt->args = $3.head;
			spec_add_routine(spec, rt);
		}
	| OBSOLETE_ROUTINE IDENT arguments
		{
			diag_error(L(@1), "'%s' is an obsolete MIG routine kind: use"
				   " routine or simpleroutine", $1);
			spec->next_number++;
		}
	;

arguments
	: '(' ')'			{ $$.head = NULL; $$.tail = NULL; }
	| '(' argument_list ')'		{ $$ = $2; }
	| '(' argument_list ';' ')'	{ $$ = $2; }
	;

argument_list
	: argument			{ $$.head = $1; $$.tail = &$1->next; }
	| argument_list ';' argument	{ $$ = $1; *$$.tail = $3; $$.tail = &$3->next; }
	;

argument
	: direction IDENT argument_type ipc_flags
		{
			$$ = mig_alloc(sizeof(*$$));
			$$->kind = (enum mig_arg_kind)$1;
			$$->name = $2;
			$$->loc = L(@2);
			$$->type = $3;
			$$->flags = (unsigned)$4;
		}
	;

direction
	: %empty			{ $$ = AK_NONE; }
	| ARGKIND
	;

argument_type
	: ':' type_spec			{ $$ = $2; }
	| ':' named_type_spec		{ $$ = $2; }
	;

ipc_flags
	: %empty			{ $$ = 0; }
	| ipc_flags ',' FLAG
		{
			if ($1 & $3)
				diag_warn(L(@3), "redundant flag '%s'", arg_flag_name((unsigned)$3));
			$$ = $1 | $3;
		}
	| ipc_flags ',' FLAG '[' ']'
		{
			if ($3 != AF_DEALLOC)
				diag_error(L(@3), "only dealloc can be chosen at run time ([])");
			$$ = $1 | AF_DEALLOC_RT;
		}
	;

%%

static void yyerror(YYLTYPE *lloc, yyscan_t scanner, struct mig_spec *spec,
		    const char *msg)
{
	(void)scanner;
	(void)spec;
	diag_error(L(*lloc), "%s", msg);
}
