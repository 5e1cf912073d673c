"""Triage of a whole mailbox: time, throughput and peak memory, side by side with Sisimai 4.25.

Builds a 10,000-message mbox from the shared corpus's bounces (in a temporary folder, repeated in
turn; never copied into the project), then the same at 2x, and with ``--big`` at 10x (100,000
messages). For each size it runs, each in its own process:
- ``bounce-inspector triage --jobs N --output /dev/null MBOX`` (all CPUs by default), and
- Sisimai (``Sisimai->make($mbox)``, the way tests/bench/speed.py runs it), if ``perl -MSisimai``
  works (``apt-get install libsisimai-perl``).
Peak memory is each process's maximum resident set: for triage the reading process and its
largest worker separately (resource.getrusage). Also timed: ``analyze`` over the corpus's few
hundred files against Sisimai over the same files, process start-up included.
Prints figures, asserts nothing.

    python3 tests/bench/triage_speed.py [--jobs N] [--big] [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

# The triage command in a process that reports its own peak and its workers' (they are its children).
PY_TRIAGE = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
t0 = time.perf_counter()
from inspector.cli import main
status = main(["triage", *sys.argv[2:]])
wall = time.perf_counter() - t0
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"status": status, "wall": wall, "self_kb": me.ru_maxrss, "workers_kb": kids.ru_maxrss,
    "cpu": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime}))
"""

PERL_SISIMAI_MBOX = r"""
use strict; use warnings; use Sisimai; use Time::HiRes qw(time);
my $t0 = time; my $v = Sisimai->make($ARGV[0]); my $n = $v ? scalar @$v : 0; my $dt = time - $t0;
my $peak = 0;
if (open(my $fh, '<', '/proc/self/status')) { while (<$fh>) { $peak = $1 if /^VmHWM:\s+(\d+)/; } }
my ($user, $sys) = times;
printf "{\"records\": %d, \"wall\": %.6f, \"self_kb\": %d, \"cpu\": %.3f}\n", $n, $dt, $peak, $user + $sys;
"""

PERL_SISIMAI_FILES = r"""
use strict; use warnings; use Sisimai;
my $n = 0; for my $f (@ARGV) { my $v = Sisimai->make($f); $n += scalar @$v if $v; }
print "$n\n";
"""


def sisimai_version() -> str | None:
    if not shutil.which("perl"):
        return None
    p = subprocess.run(["perl", "-MSisimai", "-e", "print $Sisimai::VERSION"], capture_output=True, text=True)
    return p.stdout.strip() if p.returncode == 0 else None


def build_mbox(path: Path, messages: list[bytes], count: int) -> int:
    """An mbox of ``count`` messages taken from ``messages`` in turn (mboxo: body ``From `` lines
    quoted). Returns its size in bytes."""
    with open(path, "wb") as fh:
        for i in range(count):
            m = messages[i % len(messages)]
            fh.write(b"From MAILER-DAEMON Thu Jan  1 00:00:00 2026\n")
            fh.write(m)
            fh.write(b"\n\n")
    return path.stat().st_size


def corpus_messages(corpus: Path) -> list[bytes]:
    sys.path.insert(0, str(ROOT))
    from inspector.core.loader import normalise_newlines
    from inspector.core.triage.reader import iter_messages

    out = []
    for f in sorted((corpus / "eml").glob("*.eml")):
        data = normalise_newlines(f.read_bytes()).rstrip(b"\n")
        if data.startswith(b"From "):  # a file saved with its own mbox separator line
            data = data.split(b"\n", 1)[1]
        out.append(data.replace(b"\nFrom ", b"\n>From "))
    for m in iter_messages([corpus / "mbox" / "mbox-0"]):
        out.append(m.data.rstrip(b"\n").replace(b"\nFrom ", b"\n>From "))
    return out


def run_json(cmd: list[str]) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
    wall = time.perf_counter() - t0
    if p.returncode != 0 and not p.stdout.strip():
        raise RuntimeError(p.stderr.strip()[-500:])
    out: dict[str, Any] = json.loads(p.stdout.strip().splitlines()[-1])
    out["process_wall"] = wall
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--jobs", type=int, default=None, help="triage workers (default: the CPUs)")
    ap.add_argument("--messages", type=int, default=10_000, help="size of the base mailbox")
    ap.add_argument("--big", action="store_true", help="also the 10x mailbox (100,000 messages; minutes)")
    ap.add_argument("--no-sisimai", action="store_true")
    args = ap.parse_args()
    if not (args.corpus / "eml").is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    version = None if args.no_sisimai else sisimai_version()
    if version is None and not args.no_sisimai:
        print("Sisimai: not installed (apt-get install libsisimai-perl); printing our figures only")
    jobs = args.jobs or len(os.sched_getaffinity(0))
    messages = corpus_messages(args.corpus)
    sizes = [args.messages, 2 * args.messages] + ([10 * args.messages] if args.big else [])
    print(f"mailboxes built from {len(messages)} corpus bounces; triage --jobs {jobs}; {os.cpu_count()} CPUs")
    print("time = wall clock of the whole process (start-up included); CPU = user+system of it and its workers;")
    print("on a shared machine, the CPU figures are the steadier comparison")
    header = (
        f"{'messages':>9} {'MB':>6} {'contender':<22} {'time s':>8} {'msg/s':>7} {'CPU s':>7} {'peak MB':>8}  notes"
    )
    print(header)
    with tempfile.TemporaryDirectory(prefix="triage-bench-") as tmp:
        for n in sizes:
            mbox = Path(tmp) / f"bounces-{n}.mbox"
            size = build_mbox(mbox, messages, n)
            ours = run_json(
                [sys.executable, "-c", PY_TRIAGE, str(ROOT), "--jobs", str(jobs), "--output", os.devnull, str(mbox)]
            )
            peak = max(ours["self_kb"], ours["workers_kb"]) / 1024
            print(
                f"{n:>9} {size / 1048576:>6.0f} {'Bounce Inspector':<22} {ours['process_wall']:>8.1f} "
                f"{n / ours['process_wall']:>7.0f} {ours['cpu']:>7.1f} {peak:>8.0f}  reader {ours['self_kb'] / 1024:.0f} MB, "
                f"largest worker {ours['workers_kb'] / 1024:.0f} MB"
            )
            if version is not None:
                sis = run_json(["perl", "-e", PERL_SISIMAI_MBOX, str(mbox)])
                print(
                    f"{n:>9} {size / 1048576:>6.0f} {'Sisimai ' + version:<22} {sis['process_wall']:>8.1f} "
                    f"{n / sis['process_wall']:>7.0f} {sis['cpu']:>7.1f} {sis['self_kb'] / 1024:>8.0f}  "
                    f"{sis['records']} records; ours {sis['process_wall'] / ours['process_wall']:.2f}x its "
                    f"throughput (target >= 2x), {sis['cpu'] / ours['cpu']:.2f}x per CPU second"
                )
            mbox.unlink()
    files = sorted(str(p) for p in (args.corpus / "eml").glob("*.eml"))
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "inspector", "analyze", "--format", "jsonl", "--no-parts", *files],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    ours_files = time.perf_counter() - t0
    line = f"analyze over {len(files)} files (default --jobs, start-up included): {ours_files:.2f} s"
    if version is not None:
        t0 = time.perf_counter()
        subprocess.run(["perl", "-e", PERL_SISIMAI_FILES, *files], capture_output=True, check=False)
        sis_files = time.perf_counter() - t0
        line += f"; Sisimai {sis_files:.2f} s; ours {sis_files / ours_files:.2f}x its throughput (target >= 1.5x)"
    print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
