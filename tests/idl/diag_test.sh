#!/bin/sh
# Diagnostics: "file:line:col: error: ...", a non-zero exit, no output left
# behind; unsupported constructs are named with their location.
set -u
: "${MIG:?}" "${SRCDIR:?}"
MIG=$(cd "$(dirname "$MIG")" && pwd)/$(basename "$MIG")
work=$(mktemp -d "${TMPDIR:-/tmp}/migdiag.XXXXXX")
trap 'rm -rf "$work"' EXIT
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else notok "$1"; sed 's/^/# /' "$work/err"; fi; }

echo 1..14

# A syntax error on line 3, column 9.
printf 'subsystem bad 100;\ntype int = MACH_MSG_TYPE_INTEGER_32;\nroutine f(;\n' > "$work/bad.defs"
(cd "$work" && "$MIG" bad.defs) 2> "$work/err"
status=$?
check "syntax error: non-zero exit" "[ $status -ne 0 ]"
check "syntax error: file:line:col: error:" "grep -q '^bad.defs:3:[0-9]*: error: ' '$work/err'"
check "syntax error: no output files" "[ -z \"\$(ls '$work' | grep -v -e bad.defs -e err)\" ]"

# Line markers: an error in an included file is reported there.
printf 'type broken = array[*:0] of;\n' > "$work/inc.defs"
printf 'subsystem inc 100;\n\n#include "inc.defs"\n' > "$work/main.defs"
(cd "$work" && "$MIG" -I. main.defs) 2> "$work/err"
check "cpp line markers: error located in the included file" "grep -q '^inc.defs:1:[0-9]*: error' '$work/err'"

# -D reaches the preprocessor.
printf 'subsystem d 100;\n#ifndef GOOD\n#error GOOD not defined\n#endif\n' > "$work/d.defs"
(cd "$work" && "$MIG" -DGOOD -n -header d.h d.defs) 2> "$work/err"
check "-D passed to the preprocessor" "[ -f '$work/d.h' ]"

# Unsupported constructs: a clear error naming them, and no output.
cat > "$work/apple.defs" <<'DEFS'
subsystem apple 300;
type int = MACH_MSG_TYPE_INTEGER_32;
type mach_port_t = MACH_MSG_TYPE_COPY_SEND;
type security_token_t = struct[2] of int;
routine r1(server: mach_port_t; UserSecToken tok: security_token_t);
routine r2(server: mach_port_t; x: int, dealloc);
type n = PointerTo(foo);
procedure old(server: mach_port_t);
DEFS
(cd "$work" && "$MIG" apple.defs) 2> "$work/err"
status=$?
check "unsupported: non-zero exit" "[ $status -ne 0 ]"
check "unsupported: UserSecToken named with its location" "grep -q \"apple.defs:5:[0-9]*: error: argument kind 'UserSecToken'\" '$work/err'"
check "unsupported: dealloc on inline data" "grep -q \"apple.defs:6:[0-9]*: error: flag 'dealloc'\" '$work/err'"
check "unsupported: native type PointerTo" "grep -q \"apple.defs:7:[0-9]*: error: native type 'PointerTo'\" '$work/err'"
check "unsupported: obsolete procedure" "grep -q \"apple.defs:8:[0-9]*: error: 'procedure'\" '$work/err'"
check "unsupported: no output files" "[ ! -f '$work/apple.h' ] && [ ! -f '$work/appleUser.c' ] && [ -z \"\$(ls '$work' | grep tmp)\" ]"

# Apple statements that change nothing here are accepted with a warning.
cat > "$work/hints.defs" <<'DEFS'
subsystem hints 400;
UseSpecialReplyPort 1;
ConsumeOnSendError Timeout;
type int = MACH_MSG_TYPE_INTEGER_32;
type mach_port_t = MACH_MSG_TYPE_COPY_SEND;
routine r(server: mach_port_t; x: int);
DEFS
(cd "$work" && "$MIG" hints.defs) 2> "$work/err"
check "hints: accepted" "[ -f '$work/hints.h' ] && [ -f '$work/hintsServer.c' ]"
check "hints: warned with location" "grep -q 'hints.defs:2:[0-9]*: warning:.*UseSpecialReplyPort' '$work/err'"

# Dependencies for make.
(cd "$work" && "$MIG" -MD -I. main.defs) 2> /dev/null
printf 'subsystem deps 100;\n#include "inc2.defs"\n' > "$work/deps.defs"
printf 'type int = MACH_MSG_TYPE_INTEGER_32;\n' > "$work/inc2.defs"
(cd "$work" && "$MIG" -MD -I. deps.defs) 2> "$work/err"
check "-MD: outputs depend on included files" "grep -q 'deps.h depsUser.c depsServer.c *:.*inc2.defs' '$work/deps.d'"

[ $fails -eq 0 ]
