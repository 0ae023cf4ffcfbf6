#!/usr/bin/env python3
"""Check that two runs of the same guest agree: the repeatability claim.

    bench_compare.py [--tolerance PERCENT] FIRST.bench SECOND.bench

Prints each benchmark's two medians and their difference, and exits 1 if
any differs by more than the tolerance (default 1%) or is missing from one
run.  Under icount both runs should execute the same instructions, so in
practice the difference is 0.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_table  # noqa: E402  (sibling module, found through the path above)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--tolerance", type=float, default=1.0)
    p.add_argument("first")
    p.add_argument("second")
    opts = p.parse_args()

    a, _ = bench_table.parse_bench(bench_table.read_lines(opts.first))
    b, _ = bench_table.parse_bench(bench_table.read_lines(opts.second))
    if not a and not b:
        sys.exit("bench_compare: no results in either run")

    worst, bad = 0.0, 0
    print("%-20s %12s %12s %8s" % ("benchmark", "run 1", "run 2", "diff"))
    for name in sorted(a.keys() | b.keys()):
        if name not in a or name not in b:
            print("%-20s missing from run %d" % (name, 1 if name not in a else 2))
            bad += 1
            continue
        m1, m2 = a[name].median, b[name].median
        diff = 100.0 * abs(m2 - m1) / max(m1, 1)
        worst = max(worst, diff)
        flag = "" if diff <= opts.tolerance else "  > %.1f%%" % opts.tolerance
        bad += diff > opts.tolerance
        print("%-20s %12d %12d %7.3f%%%s" % (name, m1, m2, diff, flag))
    print("largest difference %.3f%%; tolerance %.1f%%" % (worst, opts.tolerance))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
