"""Behaviour check for refactors: dump ``bounce-inspector analyze --format json`` of every corpus file,
fixture and sample into a directory (``parse_ms`` removed), or compare two such dumps.

    python3 tests/bench/json_identity.py dump OUT_DIR [--corpus ../shared/corpus]
    python3 tests/bench/json_identity.py compare BASELINE_DIR NEW_DIR

Run ``dump`` on the untouched branch for the baseline, again after the change, then ``compare``:
it prints the files whose JSON differs (and the first differing lines) and exits 1 if any do. The
dumps may come from two checkouts (main and a worktree): the checkout's own folder in the paths of
fixtures and samples is not compared.
The CLI's ``main`` runs in this process (one start-up for all files); the JSON is what
``python3 -m inspector analyze --format json FILE`` prints. Not a test: it prints, asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import io
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


def _inputs(corpus: Path) -> list[tuple[str, Path]]:
    """(name in the dump, path) for every input, in a stable order."""
    out: list[tuple[str, Path]] = []
    for sub in ("eml", "not-bounce", "mbox"):
        for p in sorted((corpus / sub).rglob("*")):
            if p.is_file():
                out.append(("corpus/" + p.relative_to(corpus).as_posix(), p))
    for base in (ROOT / "tests" / "fixtures", ROOT / "resources" / "samples"):
        for p in sorted(base.rglob("*")):
            if p.is_file() and p.suffix != ".md":
                out.append((p.relative_to(ROOT).as_posix(), p))
    return out


def _strip(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _strip(v) for k, v in obj.items() if k != "parse_ms"}
    if isinstance(obj, list):
        return [_strip(v) for v in obj]
    return obj


def dump(out_dir: Path, corpus: Path) -> int:
    sys.path.insert(0, str(ROOT))
    from inspector.cli import main

    out_dir.mkdir(parents=True, exist_ok=True)
    n = 0
    for name, path in _inputs(corpus):
        buf, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(err):
            status = main(["analyze", "--format", "json", str(path)])
        data = {"status": status, "stderr": err.getvalue(), "json": _strip(json.loads(buf.getvalue()))}
        target = out_dir / (name.replace("/", "__") + ".json")
        target.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        n += 1
    print(f"{n} files dumped to {out_dir}")
    return 0


# A fixture's or sample's path names the checkout it was dumped from (/work/main/tests/..., a
# worktree's /work/wt-x/tests/...): compared without that part, so dumps of two checkouts agree.
_CHECKOUT_RE = re.compile(r'"[^"\n]*?/(?=(?:tests/fixtures|resources/samples)/)')


def _read(path: Path) -> str:
    return _CHECKOUT_RE.sub('"<checkout>/', path.read_text(encoding="utf-8"))


def compare(a: Path, b: Path) -> int:
    names_a = {p.name for p in a.glob("*.json")}
    names_b = {p.name for p in b.glob("*.json")}
    bad = 0
    for name in sorted(names_a ^ names_b):
        print(f"only in {'baseline' if name in names_a else 'new'}: {name}")
        bad += 1
    for name in sorted(names_a & names_b):
        ta, tb = _read(a / name), _read(b / name)
        if ta != tb:
            bad += 1
            print(f"DIFFERS: {name}")
            diff = difflib.unified_diff(ta.splitlines(), tb.splitlines(), "baseline", "new", n=1, lineterm="")
            for line in list(diff)[:20]:
                print("    " + line)
    print(f"{len(names_a & names_b)} compared, {bad} differ" + ("" if bad else " (identical)"))
    return 1 if bad else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    c = sub.add_parser("compare")
    c.add_argument("baseline", type=Path)
    c.add_argument("new", type=Path)
    args = ap.parse_args()
    if args.cmd == "dump":
        return dump(args.out, args.corpus)
    return compare(args.baseline, args.new)


if __name__ == "__main__":
    sys.exit(main())
