#!/bin/sh
# .defs in the styles of GNU Mach, the Hurd and XNU generate in user and
# kernel configurations, and the output compiles; generating every test
# interface takes well under a second.
set -u
: "${MIG:?}" "${SRCDIR:?}" "${TOP_SRCDIR:?}"
CC=${CC:-cc}
TOP_SRCDIR=$(cd "$TOP_SRCDIR" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/migrw.XXXXXX")
trap 'rm -rf "$work"' EXIT
n=0
fails=0
result() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else fails=$((fails + 1)); echo "not ok $n - $2"; sed 's/^/# /' "$work/err"; fi; }

echo 1..7
for style in gnumach_style hurd_style xnu_style; do
	"$MIG" -I"$SRCDIR/defs" -DSEQNOS -n -header "$work/$style.h" -user "$work/${style}User.c" \
		-server "$work/${style}Server.c" "$SRCDIR/defs/$style.defs" 2> "$work/err"
	result $? "$style.defs generates"
	"$MIG" -I"$SRCDIR/defs" -DKERNEL_SERVER -DKERNEL_USER -n -header "$work/k$style.h" \
		-server "$work/k${style}Server.c" "$SRCDIR/defs/$style.defs" 2> "$work/err" || true
done

# Generated C compiles warning-free (types supplied by a small header).
cat > "$work/hurd_types.h" <<'H'
#include <mach/message.h>
typedef int64_t loff_t;
typedef char *data_t;
typedef char string_t[1024];
typedef mach_port_t io_t;
typedef mach_port_t reply_port_t;
H
sed -i '1i #include "hurd_types.h"' "$work/hurd_style.h"
( cd "$work" && $CC -std=c11 -Wall -Wextra -Werror -I"$TOP_SRCDIR/mach/include" -I. \
	-include hurd_types.h -c hurd_styleUser.c -o /dev/null &&
  $CC -std=c11 -Wall -Wextra -Werror -I"$TOP_SRCDIR/mach/include" -I. \
	-include hurd_types.h -c hurd_styleServer.c -o /dev/null ) 2> "$work/err"
result $? "Hurd-style stubs compile with -Wall -Wextra -Werror"

# The test interfaces' stubs also compile under clang, user and kernel mode.
if [ -n "${CLANG:-}" ] && [ -f rtServer.c ] && [ -f kobjServer.c ]; then
	$CLANG -std=c11 -Wall -Wextra -Werror -I"$TOP_SRCDIR/mach/include" -I"$SRCDIR/defs" -I. \
		-c rtUser.c -o /dev/null 2> "$work/err" &&
	$CLANG -std=c11 -Wall -Wextra -Werror -I"$TOP_SRCDIR/mach/include" -I"$SRCDIR/defs" -I. \
		-c rtServer.c -o /dev/null 2>> "$work/err"
	result $? "clang: user-mode stubs compile with -Wall -Wextra -Werror"
	$CLANG -std=c11 -Wall -Wextra -Werror -DMACH_KERNEL -I"$TOP_SRCDIR/mach/include" \
		-I"$SRCDIR/defs" -I. -c kobjServer.c -o /dev/null 2> "$work/err"
	result $? "clang: KernelServer stubs compile with -DMACH_KERNEL"
else
	n=$((n + 2)); echo "ok $((n - 1)) # SKIP no clang"; echo "ok $n # SKIP no clang"
fi

# Time harbor-mig itself: cpp runs first, apart (its start-up dominates on
# a loaded machine and is the same for any MIG).
for f in "$SRCDIR"/defs/*.defs; do
	$CC -E -x c -I"$SRCDIR/defs" "$f" > "$work/$(basename "$f").i" 2> /dev/null
done
start=$(date +%s%N)
for f in "$work"/*.i; do
	"$MIG" -nocpp -n -header "$work/t.h" -user "$work/tU.c" -server "$work/tS.c" \
		"$f" 2> /dev/null
done
end=$(date +%s%N)
ms=$(( (end - start) / 1000000 ))
echo "# generating every test interface took ${ms} ms (after cpp)"
echo "took ${ms} ms" > "$work/err"
[ "$ms" -lt 1000 ]
result $? "generating every test interface takes under a second (${ms} ms)"

[ $fails -eq 0 ]
