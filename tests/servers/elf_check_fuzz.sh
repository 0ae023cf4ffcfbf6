#!/bin/sh
# Run bootstrap's fuzz target (elf_check_fuzz.c) for a bounded time
# (FUZZ_SECONDS, 10 s by default), from a seed corpus made here: a real
# ELF executable (bootstrap), a NAME.args module and a command line.
# It fails on a crash, a sanitizer report or a broken promise.
set -u
secs=${FUZZ_SECONDS:-10}
work=fuzz-work/elf-check
rm -rf "$work"
mkdir -p "$work/corpus"
head -c 4096 ../../servers/bootstrap/bootstrap >"$work/corpus/elf" 2>/dev/null
printf 'HBARGS1 2 1\nprog\000-v\000HOME=/\000' >"$work/corpus/args"
printf 'start=a,b priv=a wait=b poweroff' >"$work/corpus/cmdline"
echo 1..1
if ./elf-check-fuzz -max_total_time="$secs" -max_len=8192 -print_final_stats=0 \
	-artifact_prefix="$work/" "$work/corpus" >"$work/log" 2>&1; then
	echo "ok 1 - elf-check-fuzz ran ${secs}s without a report"
else
	echo "not ok 1 - elf-check-fuzz"
	tail -n 30 "$work/log" | sed 's/^/# /'
	exit 1
fi
