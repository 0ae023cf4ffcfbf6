#!/usr/bin/env python3
"""Merge Harbor's and Linux's BENCH lines into one table.

    bench_table.py --pairs pairs.txt --harbor H.bench --linux L.bench
                   [--md table.md] [--csv table.csv] [--dat ratios.dat]
                   [--note TEXT]...

Each row of pairs.txt names a Harbor benchmark and the Linux benchmark it
is compared with.  A side without a result shows "—" (not measured) or
"FAIL" (the program reported BENCH-FAIL); a ratio needs both.  Results that
no row names are appended as rows of their own, so nothing measured is
hidden.  The Markdown table also goes to stdout.

The ratio is Harbor / Linux in instructions per operation: below 1 means
Harbor executes fewer instructions for the same job.
"""

import argparse
import csv
import re
import sys

DASH = "—"

BENCH_LINE = re.compile(
    r"^BENCH\s+(?P<name>[A-Za-z0-9_.-]+)\s+median=(?P<median>\d+)\s+"
    r"min=(?P<min>\d+)\s+max=(?P<max>\d+)\s+reps=(?P<reps>\d+)\s*$")
FAIL_LINE = re.compile(r"^BENCH-FAIL\s+(?P<name>\S+)")


class Result:
    """One BENCH line: instructions per operation."""

    def __init__(self, median, low, high, reps):
        self.median = median
        self.min = low
        self.max = high
        self.reps = reps


def parse_bench(lines):
    """Return ({name: Result}, {names that failed}) from serial output.

    Lines that are not protocol lines are ignored (a log may be passed as
    is); a name measured twice keeps its last result.
    """
    results, failed = {}, set()
    for raw in lines:
        line = raw.rstrip("\r\n")
        m = BENCH_LINE.match(line)
        if m:
            results[m.group("name")] = Result(
                int(m.group("median")), int(m.group("min")),
                int(m.group("max")), int(m.group("reps")))
            continue
        m = FAIL_LINE.match(line)
        if m:
            failed.add(m.group("name"))
    return results, failed


def parse_pairs(lines):
    """Return [(label, harbor_name or None, linux_name or None)].

    Format: `label | harbor name | linux name`, `-` for a side that has no
    counterpart, `#` starts a comment.
    """
    pairs = []
    for number, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        fields = [f.strip() for f in line.split("|")]
        if len(fields) != 3 or not all(fields):
            raise ValueError("pairs line %d: want `label | harbor | linux`"
                             % number)
        label, harbor, linux = fields
        pairs.append((label, None if harbor == "-" else harbor,
                      None if linux == "-" else linux))
    return pairs


class Row:
    def __init__(self, label, harbor_name, linux_name, harbor, linux):
        self.label = label
        self.harbor_name = harbor_name
        self.linux_name = linux_name
        self.harbor = harbor        # Result, "FAIL" or None
        self.linux = linux

    def ratio(self):
        if isinstance(self.harbor, Result) and isinstance(self.linux, Result) \
                and self.linux.median > 0:
            return self.harbor.median / self.linux.median
        return None


def lookup(name, results, failed):
    if name is None:
        return None
    if name in results:
        return results[name]
    if name in failed:
        return "FAIL"
    return None


def build_rows(pairs, harbor, linux):
    """Rows for every pair, then one row per result no pair mentions."""
    h_res, h_fail = harbor
    l_res, l_fail = linux
    rows = [Row(label, hn, ln, lookup(hn, h_res, h_fail),
                lookup(ln, l_res, l_fail)) for label, hn, ln in pairs]
    named_h = {hn for _, hn, _ in pairs}
    named_l = {ln for _, _, ln in pairs}
    for name in sorted(h_res.keys() - named_h):
        rows.append(Row(name + " (Harbor only)", name, None, h_res[name], None))
    for name in sorted(l_res.keys() - named_l):
        rows.append(Row(name + " (Linux only)", None, name, None, l_res[name]))
    return rows


def cell(value):
    if value is None:
        return DASH
    if value == "FAIL":
        return "FAIL"
    return "{:,}".format(value.median)


def ratio_cell(row):
    r = row.ratio()
    return DASH if r is None else "%.2f" % r


def markdown(rows, notes):
    out = ["| benchmark | Harbor | Linux | ratio |",
           "|---|---:|---:|---:|"]
    for row in rows:
        out.append("| %s | %s | %s | %s |" % (
            row.label, cell(row.harbor), cell(row.linux), ratio_cell(row)))
    out.append("")
    out.append("Median guest instructions per operation (rdtsc under "
               "`-icount shift=0`); ratio = Harbor / Linux; "
               "%s = no result." % DASH)
    for note in notes:
        out.append("")
        out.append(note)
    return "\n".join(out) + "\n"


def spread_markdown(harbor, linux):
    """Every result with its spread, for the reader who wants more."""
    out = ["| system | BENCH name | median | min | max | reps |",
           "|---|---|---:|---:|---:|---:|"]
    for system, (res, failed) in (("Harbor", harbor), ("Linux", linux)):
        for name in sorted(res):
            r = res[name]
            out.append("| %s | %s | {:,} | {:,} | {:,} | %d |".format(
                r.median, r.min, r.max) % (system, name, r.reps))
        for name in sorted(failed - res.keys()):
            out.append("| %s | %s | FAIL | | | |" % (system, name))
    return "\n".join(out) + "\n"


def write_csv(path, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["benchmark", "harbor_name", "linux_name",
                    "harbor_median", "harbor_min", "harbor_max", "harbor_reps",
                    "linux_median", "linux_min", "linux_max", "linux_reps",
                    "ratio"])
        for row in rows:
            fields = [row.label, row.harbor_name or "", row.linux_name or ""]
            for side in (row.harbor, row.linux):
                if isinstance(side, Result):
                    fields += [side.median, side.min, side.max, side.reps]
                else:
                    fields += [side or "", "", "", ""]
            r = row.ratio()
            fields.append("" if r is None else "%.4f" % r)
            w.writerow(fields)


def write_dat(path, rows):
    """gnuplot data: index, ratio, quoted label; only rows with a ratio."""
    with open(path, "w") as f:
        f.write("# index ratio label (Harbor/Linux instructions)\n")
        n = 0
        for row in rows:
            r = row.ratio()
            if r is not None:
                f.write('%d %.4f "%s"\n' % (n, r, row.label.replace('"', "'")))
                n += 1
    return n


def read_lines(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.readlines()
    except FileNotFoundError:
        return []


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--pairs", required=True)
    p.add_argument("--harbor", required=True)
    p.add_argument("--linux", required=True)
    p.add_argument("--md")
    p.add_argument("--csv")
    p.add_argument("--dat")
    p.add_argument("--note", action="append", default=[])
    opts = p.parse_args(argv)

    try:
        pairs = parse_pairs(read_lines(opts.pairs))
    except ValueError as e:
        sys.exit("bench_table: %s: %s" % (opts.pairs, e))
    harbor = parse_bench(read_lines(opts.harbor))
    linux = parse_bench(read_lines(opts.linux))
    rows = build_rows(pairs, harbor, linux)

    table = markdown(rows, opts.note)
    sys.stdout.write(table)
    if opts.md:
        with open(opts.md, "w") as f:
            f.write(table)
            f.write("\n### Every result, with its spread\n\n")
            f.write(spread_markdown(harbor, linux))
    if opts.csv:
        write_csv(opts.csv, rows)
    if opts.dat:
        write_dat(opts.dat, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
