"""Speed and memory of the analyser, side by side in one run with
- the bare stdlib parse of the same files (the floor: no analyser can be faster than parsing), and
- Sisimai 4.25 (Perl; ``apt-get install libsisimai-perl``), a ten-line loop over the same files.

Each contender runs ``--repeat`` processes (alternating with the others), each making ``--rounds``
passes over the whole corpus. Reported: steady throughput (median pass after the first), the
first pass (which pays for lazy set-up), the whole process's wall time, and peak resident memory.
Then a generated 40 MB bounce is timed. This prints figures; it asserts nothing (not a test).

What "Bounce Inspector" does per message is ``analyse_path``: load, MIME tree, DSN fields,
recipients, classification with advice, and the finished analysis's code spans in every part,
authentication and timeline. The RFC 2047 decoding of headers nobody reads is done only when asked
for. The "+ JSON export" row measures the whole path to the JSON (``analysis_to_dict`` and
``json.dumps`` of every result).

The "verdicts only" row is what triage runs per message (``read_item``: the same stages up to the
classifier, without the code spans, authentication and timeline): the work Sisimai does.

``--baseline TREE`` adds the same two rows for another checkout of the project (``git worktree add``
of main, say), run from that tree's own code in processes that alternate with ours: the figures to
compare a change with, from one run on one machine. (A tree from before the analysis was finished
at once found code spans, authentication and timeline only when first asked for: its first row
leaves them out, its JSON row does them.)

    python3 tests/bench/speed.py [--rounds 4] [--repeat 3] [--corpus ../shared/corpus] [--baseline TREE]
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

# Each contender runs ``rounds`` passes over the files in one process and reports the time of
# every pass: the first pass pays for lazy set-up (imports, rule tables), later ones are the steady
# throughput a mail server's bounce processor or a batch run sees.
PY_ANALYSER = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from inspector.core.analyze import analyse_path
files = sys.argv[3:]
times, n = [], 0
for _ in range(int(sys.argv[2])):
    n = 0
    t0 = time.perf_counter()
    for f in files:
        n += len(analyse_path(f))
    times.append(time.perf_counter() - t0)
print(json.dumps({"messages": n, "rounds": times, "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

# The verdicts only, as triage reads each message of a mailbox (read_item: the same stages up to the
# classifier and the user's rules, without code spans, authentication and timeline): the work
# Sisimai does, and what a tree from before the analysis was finished at once did in its first row.
PY_READER = PY_ANALYSER.replace(
    "from inspector.core.analyze import analyse_path\n",
    "from inspector.core.analyze import read_item\nfrom inspector.core.loader import load_path\n",
).replace("n += len(analyse_path(f))", "n += len([read_item(i) for i in load_path(f)])")

PY_ANALYSER_JSON = PY_ANALYSER.replace(
    "from inspector.core.analyze import analyse_path\n",
    "from inspector.core.analyze import analyse_path\nfrom inspector.core.serialize import analysis_to_dict\n",
).replace("n += len(analyse_path(f))", "n += len([json.dumps(analysis_to_dict(a)) for a in analyse_path(f)])")

PY_STDLIB = r"""
import json, resource, sys, time
from email import message_from_bytes
from email.policy import compat32
files = sys.argv[3:]
times, n = [], 0
for _ in range(int(sys.argv[2])):
    n = 0
    t0 = time.perf_counter()
    for f in files:
        with open(f, "rb") as fh:
            message_from_bytes(fh.read(), policy=compat32)
        n += 1
    times.append(time.perf_counter() - t0)
print(json.dumps({"messages": n, "rounds": times, "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

PERL_SISIMAI = r"""
use strict; use warnings; use Sisimai; use Time::HiRes qw(time);
my $rounds = shift @ARGV; my $n = 0; my @times;
for (1..$rounds) { $n = 0; my $t0 = time;
  for my $f (@ARGV) { my $v = Sisimai->make($f); $n += scalar @$v if $v; }
  push @times, sprintf("%.6f", time - $t0); }
my $peak = 0;
if (open(my $fh, '<', '/proc/self/status')) { while (<$fh>) { $peak = $1 if /^VmHWM:\s+(\d+)/; } }
printf "{\"messages\": %d, \"rounds\": [%s], \"peak_kb\": %d}\n", $n, join(",", @times), $peak;
"""


def run_contender(cmd: list[str]) -> dict[str, Any]:
    # Installed Python code runs from cached bytecode; a session that forbids writing it would make
    # every process recompile the analyser (the first, discarded process writes the cache).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    p = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
    if p.returncode != 0:
        raise RuntimeError(p.stderr.strip()[-500:])
    out: dict[str, Any] = json.loads(p.stdout.strip().splitlines()[-1])
    return out


def make_big_bounce(path: Path, mb: int = 40) -> None:
    att = base64.encodebytes(os.urandom(mb * 1024 * 1024 * 3 // 4))
    path.write_bytes(
        b"From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\nTo: sender@example.org\n"
        b"Subject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="BIG"\n\n'
        b"--BIG\nContent-Type: text/plain\n\n<alice@example.com>: host mx.example.com said: 552 5.3.4 message too big\n"
        b"--BIG\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n"
        b"Final-Recipient: rfc822; alice@example.com\nAction: failed\nStatus: 5.3.4\n"
        b"Diagnostic-Code: smtp; 552 5.3.4 message too big\n\n"
        b"--BIG\nContent-Type: message/rfc822\n\nFrom: sender@example.org\nTo: alice@example.com\nSubject: video\n"
        b'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="IN"\n\n--IN\nContent-Type: text/plain\n\nsee attached\n'
        b"--IN\nContent-Type: video/mp4\nContent-Transfer-Encoding: base64\n\n" + att + b"--IN--\n--BIG--\n"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=4, help="passes over the corpus in each process")
    ap.add_argument("--repeat", type=int, default=3, help="processes per contender, alternating")
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--baseline", type=Path, metavar="TREE", help="another checkout to time side by side")
    args = ap.parse_args()
    if args.baseline is not None and not (args.baseline / "inspector" / "core" / "analyze.py").is_file():
        print(f"--baseline {args.baseline}: not a checkout of this project", file=sys.stderr)
        return 2
    files = sorted(str(p) for p in (args.corpus / "eml").glob("*.eml"))
    if not files:
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    rounds = str(args.rounds)
    contenders: list[tuple[str, list[str]]] = [
        ("stdlib parse (floor)", [sys.executable, "-c", PY_STDLIB, str(ROOT), rounds, *files]),
        ("Bounce Inspector", [sys.executable, "-c", PY_ANALYSER, str(ROOT), rounds, *files]),
        ("  + JSON export", [sys.executable, "-c", PY_ANALYSER_JSON, str(ROOT), rounds, *files]),
        ("  verdicts only (triage)", [sys.executable, "-c", PY_READER, str(ROOT), rounds, *files]),
    ]
    baseline_rows: list[tuple[str, str]] = []  # (our row, the baseline's row)
    if args.baseline is not None:
        tree = str(args.baseline.resolve())
        base, base_json = f"Bounce Inspector (baseline {args.baseline})", "  + JSON export (baseline)"
        contenders += [
            (base, [sys.executable, "-c", PY_ANALYSER, tree, rounds, *files]),
            (base_json, [sys.executable, "-c", PY_ANALYSER_JSON, tree, rounds, *files]),
        ]
        baseline_rows = [("Bounce Inspector", base), ("  + JSON export", base_json)]
        if not (args.baseline / "inspector" / "core" / "model.py").read_text().count("class Reading"):
            # A tree from before the Reading stop: its first row was the verdicts without the views.
            baseline_rows.append(("  verdicts only (triage)", base))
    if shutil.which("perl") and subprocess.run(["perl", "-MSisimai", "-e1"], capture_output=True).returncode == 0:
        version = subprocess.run(
            ["perl", "-MSisimai", "-e", "print $Sisimai::VERSION"], capture_output=True, text=True
        ).stdout
        contenders.append((f"Sisimai {version}", ["perl", "-e", PERL_SISIMAI, rounds, *files]))
    else:
        print("Sisimai: not installed (apt-get install libsisimai-perl)")

    # Alternate the contenders, --repeat processes each, so a machine that speeds up or slows down
    # during the run affects all of them alike.
    results: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in contenders}
    for _ in range(args.repeat):
        for name, cmd in contenders:
            t0 = time.perf_counter()
            r: dict[str, Any] = run_contender(cmd)
            r["wall"] = time.perf_counter() - t0
            results[name].append(r)

    print(f"corpus: {len(files)} files; {args.repeat} processes per contender, {args.rounds} passes each")
    print("steady = passes after the first; 'best' is the fastest such pass (least disturbed by the machine)")
    width = max(24, *(len(name) for name in results))
    print(
        f"{'contender':<{width}} {'msg/pass':>8} {'steady msg/s':>13} {'best msg/s':>11} {'1st pass s':>11} "
        f"{'process s':>10} {'peak MB':>8}"
    )
    median_speed: dict[str, float] = {}
    best_speed: dict[str, float] = {}
    for name, runs in results.items():
        later = [t for r in runs for t in r["rounds"][1:]] or [t for r in runs for t in r["rounds"]]
        median_speed[name] = runs[0]["messages"] / statistics.median(later)
        best_speed[name] = runs[0]["messages"] / min(later)
        first = statistics.median(r["rounds"][0] for r in runs)
        wall = statistics.median(r["wall"] for r in runs)
        peak = max(r["peak_kb"] for r in runs) / 1024
        print(
            f"{name:<{width}} {runs[0]['messages']:>8} {median_speed[name]:>13.0f} {best_speed[name]:>11.0f} "
            f"{first:>11.2f} {wall:>10.2f} {peak:>8.0f}"
        )
    for ours, base in baseline_rows:
        print(
            f"{ours.strip()} vs its baseline (time per pass, < 1 is faster): steady median "
            f"{median_speed[base] / median_speed[ours]:.3f}, best pass {best_speed[base] / best_speed[ours]:.3f}"
        )
    sisimai = next((k for k in results if k.startswith("Sisimai")), None)
    for ours, what in (("Bounce Inspector", "the whole analysis"), ("  verdicts only (triage)", "the verdicts only")):
        if not sisimai or ours not in results:
            continue
        first_ours = statistics.median(r["rounds"][0] for r in results[ours])
        first_sis = statistics.median(r["rounds"][0] for r in results[sisimai])
        print(
            f"throughput vs Sisimai, {what} (target >= 1.5x): steady median "
            f"{median_speed[ours] / median_speed[sisimai]:.2f}x, best pass {best_speed[ours] / best_speed[sisimai]:.2f}x, "
            f"first pass {first_sis / first_ours:.2f}x"
        )

    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.eml"
        make_big_bounce(big)
        sys.path.insert(0, str(ROOT))
        from inspector.core.analyze import analyse_path

        t0 = time.perf_counter()
        a = analyse_path(big)[0]
        dt = time.perf_counter() - t0
        print(
            f"{big.stat().st_size / 1048576:.0f} MB bounce: {dt:.2f} s (target < 2 s); "
            f"{len(a.recipients)} recipient(s), kind {a.kind}"
        )
        if args.baseline is not None:  # one fresh process each, the imports before the clock starts
            for label, tree in (("ours", ROOT), (f"baseline {args.baseline}", args.baseline.resolve())):
                r = run_contender([sys.executable, "-c", PY_ANALYSER, str(tree), "1", str(big)])
                print(f"  the same in a fresh process, {label}: {r['rounds'][0]:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
