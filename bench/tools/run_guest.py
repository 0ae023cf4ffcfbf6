#!/usr/bin/env python3
"""Boot one benchmark guest in QEMU and keep what it printed.

    run_guest.py linux  --initrd FILE [--kernel FILE] --log FILE --out FILE
    run_guest.py harbor --iso FILE                    --log FILE --out FILE

Both guests are booted with the same machine flags (boot/qemu-flags plus
the measurement flags in QEMU_MACHINE below):
that is what makes their instruction counts comparable.  The whole serial
output goes to --log; the protocol lines (BENCH, BENCH-FAIL, BENCH-START,
BENCH-DONE) go to --out, which bench_table.py reads.

Linux is the reference and must work: a missing kernel, a timeout, a failed
program or a run without BENCH-DONE is an error.  Harbor is allowed to be
absent or broken while it is being written: then --out holds no BENCH lines
and the table shows "—" for Harbor.
"""

import argparse
import glob
import os
import re
import subprocess
import sys
import time

# The machine is boot/qemu-flags, the one definition that `make run`, the
# tests and both benchmark guests share: one vCPU, fixed CPU model (qemu64
# rather than max: max under TCG offers RDRAND, whose values come from the
# host and would make runs differ), fixed memory, no NIC.  Benchmarks add
# icount with shift=0: the guest's virtual clock advances 1 ns per
# instruction and rdtsc reads it, so a rdtsc difference is an instruction
# count; sleep=off skips idle time instead of waiting for the host clock;
# -rtc clock=vm with a fixed base removes the last input from the host, so
# a run is repeatable to the instruction.
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
with open(os.path.join(TOP, "boot", "qemu-flags")) as _f:
    QEMU_MACHINE = _f.read().split() + [
        "-icount", "shift=0,sleep=off",
        "-rtc", "base=2024-01-01T00:00:00,clock=vm",
        "-serial", "stdio",
    ]

# nokaslr/norandmaps: no address randomisation, so the same code runs at the
# same addresses every time.  mitigations=off: Harbor has no speculative-
# execution mitigations yet, and charging Linux for its own would measure
# those rather than the design (docs/performance.md shows both).
LINUX_APPEND = "console=ttyS0 quiet panic=-1 nokaslr norandmaps mitigations=off"

HARBOR_CMDLINE = "bench"

PROTOCOL_LINE = re.compile(r"^BENCH(-FAIL|-START|-DONE)?\s")


def version_key(path):
    """Sort vmlinuz-6.1.0-56-amd64 after vmlinuz-6.1.0-9-amd64."""
    return [int(p) if p.isdigit() else p
            for p in re.split(r"(\d+)", os.path.basename(path))]


def find_linux_kernel(requested):
    if requested:
        candidates = [requested]
    else:
        candidates = sorted(glob.glob("/boot/vmlinuz-*"), key=version_key)
        if not candidates:
            sys.exit("bench: no /boot/vmlinuz-*: install Debian's "
                     "linux-image-amd64 (tools/install-deps), or set "
                     "LINUX_KERNEL=/path/to/vmlinuz")
    kernel = candidates[-1]
    if not os.path.isfile(kernel):
        sys.exit("bench: kernel %s does not exist" % kernel)
    if not os.access(kernel, os.R_OK):
        sys.exit("bench: %s is readable only by root on this system.\n"
                 "  Run `make bench` as root, or make a readable copy once:\n"
                 "    sudo install -m 644 %s $HOME/vmlinuz\n"
                 "  and run `make bench LINUX_KERNEL=$HOME/vmlinuz`."
                 % (kernel, kernel))
    return kernel


def run_qemu(qemu, args, timeout, log_path):
    """Run QEMU to completion or timeout; return (serial lines, status text)."""
    cmd = [qemu] + QEMU_MACHINE + args
    with open(log_path, "wb") as log:
        log.write(("# " + " ".join(cmd) + "\n").encode())
        log.flush()
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        try:
            out, _ = proc.communicate(timeout=timeout)
            status = "exit %d" % proc.returncode
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
            status = "timeout after %d s" % timeout
        log.write(out)
        elapsed = time.monotonic() - start
    text = out.decode("utf-8", errors="replace")
    lines = [line.rstrip("\r") for line in text.split("\n")]
    print("bench: QEMU %s (%.0f s of host time)" % (status, elapsed))
    return lines, status


def write_protocol(lines, out_path, header):
    kept = [line for line in lines if PROTOCOL_LINE.match(line)]
    with open(out_path, "w") as out:
        out.write("# %s\n" % header)
        for line in kept:
            out.write(line + "\n")
    return kept


def run_linux(opts):
    kernel = find_linux_kernel(opts.kernel)
    if not os.path.isfile(opts.initrd):
        sys.exit("bench: initramfs %s is missing" % opts.initrd)
    append = LINUX_APPEND + (" " + opts.append if opts.append else "")
    print("bench: booting Linux (%s) in QEMU; TCG with icount is slow, "
          "allow a minute" % os.path.basename(kernel), flush=True)
    lines, status = run_qemu(opts.qemu,
                             ["-kernel", kernel, "-initrd", opts.initrd,
                              "-append", append] + disk_flags(opts),
                             opts.timeout, opts.log)
    kept = write_protocol(lines, opts.out, "Linux %s, QEMU %s"
                          % (os.path.basename(kernel), status))
    fails = [line for line in kept if line.startswith("BENCH-FAIL")]
    done = [line for line in kept if line.startswith("BENCH-DONE")]
    print("bench: Linux printed %d results" %
          sum(1 for line in kept if line.startswith("BENCH ")))
    if fails or not done:
        for line in fails:
            print("bench: " + line, file=sys.stderr)
        sys.exit("bench: the Linux run did not complete cleanly; "
                 "see %s" % opts.log)


def disk_flags(opts):
    """A raw image as a virtio disk: the same spelling as tests/harness/harbor-test."""
    return [f for d in opts.disk for f in ("-drive", "file=%s,format=raw,if=virtio" % d)]


def run_harbor(opts):
    if not os.path.isfile(opts.iso):
        write_protocol([], opts.out,
                       "Harbor: no boot image yet (%s)" % opts.iso)
        print("bench: no Harbor image (%s): Harbor column will show —"
              % opts.iso)
        return
    print("bench: booting Harbor (%s)" % (opts.cmdline or "its own command line"),
          flush=True)
    extra = ["-cdrom", opts.iso] + disk_flags(opts)
    if opts.cmdline:
        # QEMU's option syntax: a comma in the string is written ",,"
        extra += ["-fw_cfg", "name=opt/org.harbor/cmdline,string=" + opts.cmdline.replace(",", ",,")]
    lines, status = run_qemu(opts.qemu, extra, opts.timeout, opts.log)
    kept = write_protocol(lines, opts.out, "Harbor %s, QEMU %s"
                          % (os.path.basename(opts.iso), status))
    results = sum(1 for line in kept if line.startswith("BENCH "))
    print("bench: Harbor printed %d results" % results)
    if results == 0:
        print("bench: Harbor printed no BENCH lines (see %s): its column "
              "will show —" % opts.log)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("system", choices=["linux", "harbor"])
    parser.add_argument("--qemu", default="qemu-system-x86_64")
    parser.add_argument("--timeout", type=int, default=600,
                        help="seconds before QEMU is killed")
    parser.add_argument("--log", required=True, help="whole serial output")
    parser.add_argument("--out", required=True, help="protocol lines only")
    parser.add_argument("--kernel", default="",
                        help="Linux kernel (default: newest /boot/vmlinuz-*)")
    parser.add_argument("--initrd", help="Linux initramfs")
    parser.add_argument("--append", default="",
                        help="extra Linux command-line words")
    parser.add_argument("--iso", help="Harbor boot image")
    parser.add_argument("--disk", action="append", default=[],
                        help="raw image as a virtio disk (repeatable)")
    parser.add_argument("--cmdline", default=HARBOR_CMDLINE,
                        help="Harbor: extra kernel command line (default: bench, the "
                        "kernel's own benchmarks; empty: the image's own, e.g. start=...)")
    opts = parser.parse_args()

    if opts.system == "linux":
        if not opts.initrd:
            parser.error("linux needs --initrd")
        run_linux(opts)
    else:
        if not opts.iso:
            parser.error("harbor needs --iso")
        run_harbor(opts)


if __name__ == "__main__":
    main()
