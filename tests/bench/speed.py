"""Speed and memory of the analyser, side by side in one run with
- the bare stdlib parse of the same files (the floor: no analyser can be faster than parsing), and
- Sisimai 4.25 (Perl; ``apt-get install libsisimai-perl``), a ten-line loop over the same files.

Each contender runs in its own process over the whole corpus, ``--rounds`` times, and reports
messages per second and its peak resident memory. Then a generated 40 MB bounce is timed.
This prints figures; it asserts nothing (not a test).

    python3 tests/bench/speed.py [--rounds 3] [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PY_ANALYSER = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from inspector.core.analyze import analyse_path
files = sys.argv[3:]
rounds = int(sys.argv[2])
n = 0
t0 = time.perf_counter()
for _ in range(rounds):
    for f in files:
        n += len(analyse_path(f))
dt = time.perf_counter() - t0
print(json.dumps({"messages": n, "seconds": dt, "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

PY_STDLIB = r"""
import json, resource, sys, time
from email import message_from_bytes
from email.policy import compat32
files = sys.argv[3:]
rounds = int(sys.argv[2])
n = 0
t0 = time.perf_counter()
for _ in range(rounds):
    for f in files:
        with open(f, "rb") as fh:
            message_from_bytes(fh.read(), policy=compat32)
        n += 1
dt = time.perf_counter() - t0
print(json.dumps({"messages": n, "seconds": dt, "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

PERL_SISIMAI = r"""
use strict; use warnings; use Sisimai; use Time::HiRes qw(time);
my $rounds = shift @ARGV; my $n = 0; my $t0 = time;
for (1..$rounds) { for my $f (@ARGV) { my $v = Sisimai->make($f); $n += scalar @$v if $v; } }
my $dt = time - $t0; my $peak = 0;
if (open(my $fh, '<', '/proc/self/status')) { while (<$fh>) { $peak = $1 if /^VmHWM:\s+(\d+)/; } }
printf "{\"messages\": %d, \"seconds\": %.6f, \"peak_kb\": %d}\n", $n, $dt, $peak;
"""


def run_contender(cmd: list[str]) -> dict[str, float]:
    p = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if p.returncode != 0:
        raise RuntimeError(p.stderr.strip()[-500:])
    out: dict[str, float] = json.loads(p.stdout.strip().splitlines()[-1])
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
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = ap.parse_args()
    files = sorted(str(p) for p in (args.corpus / "eml").glob("*.eml"))
    if not files:
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    rounds = str(args.rounds)
    rows: list[tuple[str, dict[str, float] | str]] = []
    rows.append(("stdlib parse (floor)", run_contender([sys.executable, "-c", PY_STDLIB, str(ROOT), rounds, *files])))
    rows.append(("Bounce Inspector", run_contender([sys.executable, "-c", PY_ANALYSER, str(ROOT), rounds, *files])))
    if shutil.which("perl") and subprocess.run(["perl", "-MSisimai", "-e1"], capture_output=True).returncode == 0:
        script = PERL_SISIMAI
        version = subprocess.run(
            ["perl", "-MSisimai", "-e", "print $Sisimai::VERSION"], capture_output=True, text=True
        ).stdout
        try:
            rows.append((f"Sisimai {version}", run_contender(["perl", "-e", script, rounds, *files])))
        except RuntimeError as exc:
            rows.append(("Sisimai", f"failed: {exc}"))
    else:
        rows.append(("Sisimai", "not installed (apt-get install libsisimai-perl)"))

    print(f"corpus: {len(files)} files x {args.rounds} rounds")
    print(f"{'contender':<24} {'messages':>9} {'seconds':>8} {'msg/s':>8} {'peak MB':>8}")
    speeds: dict[str, float] = {}
    for name, r in rows:
        if isinstance(r, str):
            print(f"{name:<24} {r}")
            continue
        mps = r["messages"] / r["seconds"]
        speeds[name] = mps
        peak = f"{r['peak_kb'] / 1024:.0f}" if r["peak_kb"] else "?"
        print(f"{name:<24} {r['messages']:>9.0f} {r['seconds']:>8.2f} {mps:>8.0f} {peak:>8}")
    ours = speeds.get("Bounce Inspector")
    sisimai = next((v for k, v in speeds.items() if k.startswith("Sisimai")), None)
    if ours and sisimai:
        print(f"throughput vs Sisimai: {ours / sisimai:.2f}x (target >= 1.5x)")

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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
