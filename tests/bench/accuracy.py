"""Accuracy of the analyser on the shared bounce corpus, scored as ``../shared/corpus/README.md`` says.

Not a test: it prints every rate, the files each field misses (grouped by family) and the rates of
the formerly held-out set (every 5th file by sorted name, fixed before any rule was written).
``tests/unit/test_corpus_accuracy.py`` reuses :func:`evaluate`.

The held-out set was OPENED on 2026-12-01: until then rules were written without reading those
files; from then on they are read and rules are written from them like any other file, so the
split rates printed here no longer measure generalisation. The last clean measurement of the held-out
set (before it was opened) is the generalisation estimate to report:

    reason .7532  hard .8831  class .9610  count .9733  status .9831  reply_code 1.0  (75 files)

    python3 tests/bench/accuracy.py [--misses] [--field reason] [--held-out-only]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from inspector.core.analyze import analyse_path  # noqa: E402
from inspector.core.model import RecipientResult  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
FIELDS = ("status", "class", "reply_code", "reason", "hard")
_SEVERITY_CLASS = {"success": "2", "transient": "4", "permanent": "5"}


# The held-out set's last figures before it was opened on 2026-12-01 (see the module docstring).
HELD_OUT_OPENED = "2026-12-01"
HELD_OUT_LAST_CLEAN = {
    "status": 0.9831,
    "class": 0.9610,
    "reply_code": 1.0,
    "reason": 0.7532,
    "hard": 0.8831,
    "count": 0.9733,
}


def held_out(names: Iterable[str]) -> set[str]:
    """Every 5th file by sorted name (the 5th, 10th, ...): kept aside from rule writing until 2026-12-01."""
    return {n for i, n in enumerate(sorted(names)) if i % 5 == 4}


def row_of(rec: RecipientResult) -> dict[str, object]:
    """A predicted recipient in the corpus's expected-row shape."""
    return {
        "status": rec.status,
        "class": _SEVERITY_CLASS.get(rec.severity),
        "reply_code": rec.reply_code,
        "reason": rec.reason,
        "hard": bool(rec.hard),
    }


@dataclass
class FileScore:
    name: str
    expected: list[dict[str, object]]
    predicted: list[dict[str, object]]
    crashed: str | None = None
    matched: dict[str, int] = field(default_factory=dict)
    total: dict[str, int] = field(default_factory=dict)
    mta: str | None = None
    seconds: float = 0.0
    diagnostics: list[str] = field(default_factory=list)
    deciders: list[tuple[str, str, str | None]] = field(default_factory=list)
    """Per recipient: (kind, id, source) of the evidence that decided its reason."""
    confidences: list[str | None] = field(default_factory=list)

    @property
    def count_ok(self) -> bool:
        return self.crashed is None and len(self.predicted) == len(self.expected)


def score_file(name: str, expected: list[dict[str, object]], predicted: list[dict[str, object]]) -> FileScore:
    """Per field: the expected values matched by predicted values as multisets (order free)."""
    fs = FileScore(name, expected, predicted)
    for f in FIELDS:
        want = Counter(str(r[f]) for r in expected if not (f in ("status", "reply_code") and r[f] is None))
        got = Counter(str(r[f]) for r in predicted)
        fs.total[f] = sum(want.values())
        fs.matched[f] = sum((want & got).values())
    return fs


def evaluate(corpus: Path = CORPUS) -> list[FileScore]:
    expected: dict[str, list[dict[str, object]]] = json.loads((corpus / "expected.json").read_text())
    out = []
    for name in sorted(expected):
        t0 = time.perf_counter()
        try:
            analyses = analyse_path(corpus / "eml" / name)
        except Exception as exc:  # noqa: BLE001 - a crash is scored, not raised
            fs = score_file(name, expected[name], [])
            fs.crashed = f"{type(exc).__name__}: {exc}"
            for f in FIELDS:
                fs.matched[f] = 0
            out.append(fs)
            continue
        seconds = time.perf_counter() - t0
        recs = [r for a in analyses for r in a.recipients]
        fs = score_file(name, expected[name], [row_of(r) for r in recs])
        fs.mta = next((a.mta for a in analyses if a.mta), None)
        fs.diagnostics = [f"{r.recipient}: {r.diagnostic or ''}" for r in recs]
        fs.seconds = seconds
        fs.deciders = [_decider(r) for r in recs]
        fs.confidences = [r.confidence for r in recs]
        errors = [a.error for a in analyses if a.error]
        if errors:
            fs.crashed = errors[0]
            fs.matched = dict.fromkeys(FIELDS, 0)
        out.append(fs)
    return out


def _decider(rec: RecipientResult) -> tuple[str, str, str | None]:
    """The evidence that decided: the first rule, provider, user or layout entry, else the first."""
    for ev in rec.evidence:
        if ev.kind in ("rule", "provider", "user", "layout"):
            return ev.kind, ev.id, ev.source
    if rec.evidence:
        ev = rec.evidence[0]
        return ev.kind, ev.id, ev.source
    return "none", "", None


def rule_report(scores: list[FileScore]) -> tuple[dict[tuple[str, str], set[str]], dict[tuple[str, str], str | None]]:
    """Files decided by each rule or provider entry, and each one's source."""
    files: dict[tuple[str, str], set[str]] = defaultdict(set)
    sources: dict[tuple[str, str], str | None] = {}
    for s in scores:
        for kind, rid, source in s.deciders:
            if kind in ("rule", "provider"):
                files[(kind, rid)].add(s.name)
                sources[(kind, rid)] = source
    return files, sources


def _print_rule_report(scores: list[FileScore], verbose: bool) -> None:
    from inspector.core.classify import reason_rules  # the bench reads the rule file as loaded

    files, sources = rule_report(scores)
    rules = reason_rules()
    about = list(rules.about) + list(rules.weak_about)
    unsourced = [rid for rid, src in about if not src]
    single = sorted(k for k, v in files.items() if len(v) == 1 and not sources.get(k))
    print(
        f"rules: {len(about)} phrase rules ({len(unsourced)} without a source); "
        f"{sum(1 for k in files if k[0] == 'rule')} rules and {sum(1 for k in files if k[0] == 'provider')} provider "
        f"entries decide corpus files; deciding exactly one file without a source: {len(single)}"
    )
    if single:
        print("  one file, no source:", ", ".join(f"{k[0]}:{k[1]}" for k in single))
    if verbose:
        for (kind, rid), names in sorted(files.items(), key=lambda kv: -len(kv[1])):
            print(f"  {kind:<8} {rid:<40} {len(names):>4}  {sources.get((kind, rid)) or '-'}")
    # Calibration: reason right or wrong by the confidence given (files with one row each side).
    by_conf: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for s in scores:
        if len(s.expected) == 1 and len(s.predicted) == 1 and s.confidences:
            ok = s.expected[0]["reason"] == s.predicted[0]["reason"]
            c = by_conf[s.confidences[0] or "none"]
            c[0] += ok
            c[1] += 1
    print(
        "reason right by confidence (one-recipient files):",
        "  ".join(f"{k} {v[0]}/{v[1]} ({v[0] / v[1]:.3f})" for k, v in sorted(by_conf.items()) if v[1]),
    )


def rates(scores: list[FileScore]) -> dict[str, float]:
    out: dict[str, float] = {}
    for f in FIELDS:
        total = sum(s.total[f] for s in scores)
        out[f] = sum(s.matched[f] for s in scores) / total if total else 1.0
    out["count"] = sum(s.count_ok for s in scores) / len(scores) if scores else 1.0
    out["crashes"] = float(sum(s.crashed is not None for s in scores))
    return out


def family(name: str) -> str:
    stem = name.rsplit(".", 1)[0]
    return stem.rsplit("-", 1)[0]


def _print_rates(title: str, scores: list[FileScore]) -> None:
    r = rates(scores)
    parts = " ".join(f"{k}={r[k]:.4f}" for k in (*FIELDS, "count"))
    print(f"{title:<17} files={len(scores):<4} {parts} crashes={int(r['crashes'])}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--misses", action="store_true", help="list every missed file per field, with values")
    ap.add_argument("--field", action="append", help="only list misses for this field (repeatable)")
    ap.add_argument("--diag", type=int, default=0, help="with --misses: show N characters of each diagnostic")
    ap.add_argument("--held-out-only", action="store_true", help="list misses of the formerly held-out files only")
    ap.add_argument("--rules", action="store_true", help="list every rule and provider entry with the files it decides")
    ap.add_argument("--hide-held-out", action="store_true", help="do not list misses of the formerly held-out files")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    scores = evaluate()
    elapsed = time.perf_counter() - t0
    aside = held_out(s.name for s in scores)
    seen = [s for s in scores if s.name not in aside]
    kept = [s for s in scores if s.name in aside]
    _print_rates("all", scores)
    _print_rates("seen", seen)
    _print_rates("formerly held-out", kept)
    clean = " ".join(f"{k}={HELD_OUT_LAST_CLEAN[k]:.4f}" for k in (*FIELDS, "count"))
    print(
        f"note: the held-out set was opened on {HELD_OUT_OPENED}; rules are now written from it too, so the"
        " line above is no longer a generalisation figure."
    )
    print(f"      last clean held-out measurement (the generalisation estimate): {clean}")
    print(f"time: {elapsed:.2f} s for {len(scores)} files (analysis {sum(s.seconds for s in scores):.2f} s)")
    _print_rule_report(scores, args.rules)
    for s in scores:
        if s.crashed:
            print(f"CRASH {s.name}: {s.crashed}")
    by_family: dict[str, int] = defaultdict(int)
    missed_rows = []
    fields = tuple(args.field) if args.field else (*FIELDS, "count")
    for s in scores:
        if args.held_out_only and s.name not in aside:
            continue
        if args.hide_held_out and s.name in aside:
            continue
        bad = [f for f in FIELDS if f in fields and s.matched[f] < s.total[f]]
        if "count" in fields and not s.count_ok:
            bad.append("count")
        if bad:
            by_family[family(s.name)] += 1
            missed_rows.append((s, bad))
    print("files with a miss, by family:", dict(sorted(by_family.items(), key=lambda kv: -kv[1])))
    if args.misses:
        for s, bad in missed_rows:
            mark = " [formerly held-out]" if s.name in aside else ""
            print(f"\n{s.name}{mark} mta={s.mta} misses={','.join(bad)}")
            print("  want:", [tuple(r[f] for f in FIELDS) for r in s.expected])
            print("  got: ", [tuple(r[f] for f in FIELDS) for r in s.predicted])
            if args.diag:
                for d in s.diagnostics:
                    print("  diag:", d[: args.diag])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
