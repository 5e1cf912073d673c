"""Speed of pasted text (``analyse_text``, what the paste box runs) on large pastes, Chinese and
Japanese text among them. Prints figures; asserts nothing (not a test).

    python3 tests/bench/paste_speed.py [--mb 0.25 0.5] [--baseline ../main] [--case NAME ...]

Each case is a generated text of about the given size with one bounce line in it, analysed once
(after a small warm-up paste, so imports and rule tables are not counted) in a fresh process of
this checkout, and of ``--baseline`` (another checkout) when given, side by side. The last column
says whether both found the same recipients, codes and reasons. Times that grow four-fold when
the size doubles are quadratic.

Cases:
- ``ascii``: English prose lines, the bounce line in the middle;
- ``cjk-prose``: Japanese and Chinese sentences, one per line, the bounce line in the middle;
- ``cjk-one-line``: the same sentences on one line, the bounce line at its end;
- ``cjk-address-glued``: lines that name an address with CJK text on both sides and no space
  between (``メールuser@example.comは...``), as Japanese and Chinese notices write it: every line
  is taken for a recipient line of the bounce. Quadratic until the recognisers look for the
  replies of the whole text once rather than once per recipient line (recognisers/recipients.py
  ``blocks_to_recipients`` -> recognisers/replies.py ``reply_naming`` -> codes.py ``find_replies``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BOUNCE = "550 5.1.1 <user@example.com>: Recipient address rejected: User unknown in virtual mailbox table"
JA = "お客様が送信されたメールは、以下の理由により宛先に届きませんでした。宛先をご確認のうえ、再度送信してください。"
ZH = "您发送的邮件未能送达以下收件人。原因：收件人地址不存在。请确认地址后重新发送。"
EN = "Your message could not be delivered to one or more recipients; please check the address and try again."
GLUED = ["メールuser@example.comは届きませんでした", "邮件user@example.com无法送达"]


def _lines(units: list[str], nbytes: int) -> list[str]:
    out: list[str] = []
    size = 0
    i = 0
    while size < nbytes:
        line = units[i % len(units)].format(i)
        out.append(line)
        size += len(line.encode()) + 1
        i += 1
    return out


def make_text(case: str, mb: float) -> str:
    nbytes = int(mb * 1048576)
    if case == "ascii":
        lines = _lines([EN], nbytes)
    elif case == "cjk-prose":
        lines = _lines([JA, ZH], nbytes)
    elif case == "cjk-one-line":
        return "".join(_lines([JA, ZH], nbytes)) + " " + BOUNCE
    elif case == "cjk-address-glued":
        lines = _lines(GLUED, nbytes)
    else:
        raise ValueError(case)
    lines.insert(len(lines) // 2, BOUNCE)
    return "\n".join(lines)


CASES = ("ascii", "cjk-prose", "cjk-one-line", "cjk-address-glued")

# Run in a fresh process of a checkout: argv = checkout, case, mb. Prints seconds and a digest of
# the result (recipients with their codes and reasons) as JSON.
CHILD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
sys.path.insert(0, sys.argv[2])
from paste_speed import make_text
from inspector.core.analyze import analyse_text
analyse_text("warm-up\n" + make_text(sys.argv[3], 0.01))
text = make_text(sys.argv[3], float(sys.argv[4]))
t0 = time.perf_counter()
a = analyse_text(text)
codes = len(a.codes)
dt = time.perf_counter() - t0
rcpts = [[r.recipient, r.status, r.reply_code, r.reason] for r in a.recipients]
print(json.dumps({"s": dt, "bytes": len(text.encode()), "result": [rcpts, codes, a.mta, a.error]}))
"""


def run(checkout: Path, case: str, mb: float) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(checkout), str(Path(__file__).parent), case, str(mb)],
        capture_output=True,
        text=True,
        check=True,
    )
    data: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return data


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, nargs="+", default=[0.25, 0.5], help="sizes of the pasted text in MB")
    ap.add_argument("--baseline", type=Path, help="another checkout to time side by side")
    ap.add_argument("--case", choices=CASES, nargs="+", default=list(CASES))
    args = ap.parse_args()
    head = f"{'case':<20} {'MB':>5} {'this s':>8} {'s/MB':>7}"
    if args.baseline:
        head += f" {'baseline s':>11} {'s/MB':>7}  same result"
    print(head)
    for case in args.case:
        for mb in args.mb:
            ours = run(ROOT, case, mb)
            size = float(ours["bytes"]) / 1048576  # type: ignore[arg-type]
            s = float(ours["s"])  # type: ignore[arg-type]
            line = f"{case:<20} {size:>5.2f} {s:>8.3f} {s / size:>7.3f}"
            if args.baseline:
                base = run(args.baseline.resolve(), case, mb)
                b = float(base["s"])  # type: ignore[arg-type]
                line += f" {b:>11.3f} {b / size:>7.3f}  {'yes' if base['result'] == ours['result'] else 'NO'}"
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
