#!/usr/bin/env python3
"""TAP self-test of tools/bench_table.py: the table is the product of
`make bench`, so its parsing, pairing, ratios and "—" cells are checked on
synthetic BENCH lines without booting anything."""

import io
import os
import sys
import tempfile
from contextlib import redirect_stdout

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "tools"))
import bench_table  # noqa: E402

PAIRS = """\
# comment line
null RPC vs pipe | rpc_null | pipe_pingpong_1
null RPC vs futex | rpc_null | futex_pingpong   # trailing comment
getpid | getpid | getpid
one sided | - | only_linux_named
"""

HARBOR = """\
GRUB loading...\r
BENCH rpc_null median=2000 min=1990 max=2400 reps=101\r
harbor: some log line BENCH rpc_null median=1 min=1 max=1 reps=1
BENCH-FAIL getpid no personality yet
BENCH rpc_extra median=10 min=10 max=10 reps=3
BENCH broken median=x min=1 max=1 reps=1
"""

LINUX = """\
BENCH-START linux programs=3
BENCH pipe_pingpong_1 median=8000 min=7000 max=9000 reps=101
BENCH futex_pingpong median=4000 min=3000 max=5000 reps=101
BENCH getpid median=300 min=300 max=310 reps=101
BENCH-DONE failed=0
"""

tests = []


def test(fn):
    tests.append(fn)
    return fn


def rows_for(harbor_text, linux_text):
    pairs = bench_table.parse_pairs(PAIRS.splitlines())
    return bench_table.build_rows(
        pairs, bench_table.parse_bench(harbor_text.splitlines()),
        bench_table.parse_bench(linux_text.splitlines()))


def row(rows, label):
    return next(r for r in rows if r.label == label)


@test
def parser_keeps_only_wellformed_lines():
    res, failed = bench_table.parse_bench(HARBOR.splitlines(True))
    assert sorted(res) == ["rpc_extra", "rpc_null"], sorted(res)
    assert res["rpc_null"].median == 2000 and res["rpc_null"].max == 2400
    assert failed == {"getpid"}, failed


@test
def ratio_is_harbor_over_linux():
    rows = rows_for(HARBOR, LINUX)
    assert abs(row(rows, "null RPC vs pipe").ratio() - 0.25) < 1e-9
    assert bench_table.ratio_cell(row(rows, "null RPC vs futex")) == "0.50"


@test
def missing_harbor_shows_dash():
    rows = rows_for("", LINUX)
    md = bench_table.markdown(rows, [])
    assert "| null RPC vs pipe | — | 8,000 | — |" in md, md
    assert all(r.ratio() is None for r in rows)


@test
def failed_benchmark_shows_fail_not_a_number():
    rows = rows_for(HARBOR, LINUX)
    r = row(rows, "getpid")
    assert r.harbor == "FAIL" and r.ratio() is None
    assert "| getpid | FAIL | 300 | — |" in bench_table.markdown(rows, [])


@test
def unpaired_results_get_rows_of_their_own():
    rows = rows_for(HARBOR, LINUX)
    labels = [r.label for r in rows]
    assert "rpc_extra (Harbor only)" in labels, labels
    assert row(rows, "one sided").harbor is None


@test
def bad_pairs_line_is_an_error():
    try:
        bench_table.parse_pairs(["label | only two"])
    except ValueError:
        return
    raise AssertionError("accepted a two-field pairs line")


@test
def files_written_by_main():
    with tempfile.TemporaryDirectory() as d:
        paths = {}
        for name, text in (("pairs", PAIRS), ("harbor", HARBOR),
                           ("linux", LINUX)):
            paths[name] = os.path.join(d, name)
            with open(paths[name], "w") as f:
                f.write(text)
        out = {k: os.path.join(d, "out." + k) for k in ("md", "csv", "dat")}
        with redirect_stdout(io.StringIO()) as stdout:
            bench_table.main(["--pairs", paths["pairs"],
                              "--harbor", paths["harbor"],
                              "--linux", paths["linux"],
                              "--md", out["md"], "--csv", out["csv"],
                              "--dat", out["dat"]])
        assert "| benchmark | Harbor | Linux | ratio |" in stdout.getvalue()
        with open(out["csv"]) as f:
            lines = f.read().splitlines()
        assert lines[0].startswith("benchmark,harbor_name,linux_name")
        assert lines[1] == ("null RPC vs pipe,rpc_null,pipe_pingpong_1,"
                            "2000,1990,2400,101,8000,7000,9000,101,0.2500"), \
            lines[1]
        with open(out["dat"]) as f:
            dat = [l for l in f if not l.startswith("#")]
        assert len(dat) == 2, dat   # only rows with both sides are charted
        with open(out["md"]) as f:
            assert "Every result, with its spread" in f.read()


def main():
    print("1..%d" % len(tests))
    failed = 0
    for number, fn in enumerate(tests, 1):
        try:
            fn()
            print("ok %d - %s" % (number, fn.__name__))
        except Exception as e:  # report every failure, do not stop at one
            failed += 1
            print("not ok %d - %s" % (number, fn.__name__))
            for line in repr(e).splitlines():
                print("# " + line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
