#!/bin/sh
# Run the fuzz targets for a bounded time (about 10 s each): no crash, no
# leak, no sanitizer report.  The corpus is copied so the tree stays clean.
set -u
: "${SRCDIR:?}"
secs=${FUZZ_SECONDS:-10}
echo 1..2
n=0
fails=0
for target in parser demux; do
	n=$((n + 1))
	rm -rf "fuzz-work/$target"
	mkdir -p "fuzz-work/$target"
	cp "$SRCDIR/fuzz-corpus/$target"/* "fuzz-work/$target/"
	if ./fuzz-$target -max_total_time="$secs" -max_len=4096 -print_final_stats=0 -artifact_prefix="fuzz-work/" \
		"fuzz-work/$target" > "fuzz-work/$target.log" 2>&1; then
		echo "ok $n - fuzz-$target ran ${secs}s without a report"
	else
		fails=$((fails + 1))
		echo "not ok $n - fuzz-$target"
		tail -n 30 "fuzz-work/$target.log" | sed 's/^/# /'
	fi
done
[ $fails -eq 0 ]
