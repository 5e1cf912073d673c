"""GUI speed figures (not a test): start-up, opening bounces, keystroke latency.

    QT_QPA_PLATFORM=offscreen python3 tests/bench/gui_speed.py [--runs 5] [--corpus DIR]

1. Start-up: process start to the window shown, for the app with a bounce opened
   (``python3 -m inspector --bench-exit FILE``) and for a bare PySide6 QMainWindow started the same
   way (``python3 -c ...``), alternating, in the same run. Target: app <= 1.5 x bare.
2. Opening each corpus bounce in a running window (analysis + banner + tree + detail pane).
   Target: every file under 100 ms.
3. Keystrokes: the time Qt takes to handle one key press in the paste box (holding a long text)
   and in the reference search (the full tables), including the search, the result list and the
   detail view. Target: none over 16 ms. The paste box's analysis itself runs on a worker; the
   time to show its result on the UI thread is printed too.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLE = ROOT / "resources" / "samples" / "postfix-user-unknown.eml"

BARE = (
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication([])\n"
    "w = QMainWindow()\n"
    "w.resize(1280, 800)\n"
    "w.show()\n"
    "app.processEvents()\n"
    "print('shown', flush=True)\n"
)


_QT_IMPORT_RE = re.compile(r"^from (PySide6\.\w+) import \(?([^)]*?)\)?$", re.M | re.S)


def bare_with_app_qt_classes() -> str:
    """A bare window that also touches every Qt class the app's UI imports (no app code).

    PySide6 builds a class's Python enums the first time the class is touched (the ``Qt``
    namespace alone has over a hundred), so this contender shows how much of the app's start-up
    is Qt's own lazy set-up rather than ours."""
    names: dict[str, set[str]] = {}
    for path in (ROOT / "inspector" / "ui").rglob("*.py"):
        for mod, body in _QT_IMPORT_RE.findall(path.read_text(encoding="utf-8")):
            names.setdefault(mod, set()).update(n.strip() for n in body.replace("\n", " ").split(",") if n.strip())
    lines = [f"import {mod}\n" + "".join(f"{mod}.{n}\n" for n in sorted(ns)) for mod, ns in sorted(names.items())]
    return BARE.replace("app = QApplication([])\n", "app = QApplication([])\n" + "".join(lines))


def time_to_first_line(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    assert proc.stdout is not None
    proc.stdout.readline()
    elapsed = time.perf_counter() - t0
    proc.wait()
    return elapsed * 1000


def startup(runs: int, bounce: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    # Installed Python code runs from cached bytecode; a session that forbids writing it
    # (PYTHONDONTWRITEBYTECODE) would make the app recompile its modules at every start while
    # PySide6 loads precompiled ones. The warm-up runs below write the cache for both.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as home:
        env["BOUNCE_INSPECTOR_HOME"] = home
        bare_cmd = [sys.executable, "-c", BARE]
        qt_cmd = [sys.executable, "-c", bare_with_app_qt_classes()]
        app_cmd = [sys.executable, "-m", "inspector", "--bench-exit", str(bounce)]
        for cmd in (bare_cmd, qt_cmd, app_cmd):
            time_to_first_line(cmd, env)  # warm the file and bytecode caches
        bare, qt, app = [], [], []
        for _ in range(runs):
            bare.append(time_to_first_line(bare_cmd, env))
            qt.append(time_to_first_line(qt_cmd, env))
            app.append(time_to_first_line(app_cmd, env))
    b, q, a = statistics.median(bare), statistics.median(qt), statistics.median(app)
    print(
        f"start-up (median of {runs}): bare PySide6 window {b:.0f} ms, bare window touching the app's Qt "
        f"classes {q:.0f} ms, app with {bounce.name} {a:.0f} ms"
    )
    print(
        f"  ratio {a / b:.2f} (target <= 1.5); Qt's own class set-up alone {q / b:.2f}  "
        f"[bare {min(bare):.0f}-{max(bare):.0f}, qt {min(qt):.0f}-{max(qt):.0f}, app {min(app):.0f}-{max(app):.0f}]"
    )


def in_process(corpus: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from inspector.ui import reference_access
    from inspector.ui.main_window import MainWindow
    from inspector.ui.settings import app_dirs

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as cfg:
        win = MainWindow(app_dirs(cfg).ensure(), synchronous=True)
        win.show()
        app.processEvents()
        win.warm_up()  # as the app does after start-up: tables, search index, gc.freeze()

        files = sorted(p for p in (corpus / "eml").glob("*.eml")) + sorted((corpus / "not-bounce").glob("*.eml"))
        times = []
        for f in files:
            t0 = time.perf_counter()
            win.open_files([str(f)])
            app.processEvents()
            times.append(((time.perf_counter() - t0) * 1000, f.name))
            win.items_model.remove(0)
        times.sort()
        ms = [t for t, _ in times]
        over = [f"{n} ({t:.0f} ms)" for t, n in times if t >= 100]
        print(
            f"open in a running window, {len(ms)} corpus files: median {statistics.median(ms):.1f} ms, "
            f"p95 {ms[int(len(ms) * 0.95)]:.1f} ms, max {ms[-1]:.1f} ms ({times[-1][1]}); over 100 ms: {len(over)}"
        )
        for o in over:
            print(f"  {o}")

        # paste box with a long text: every corpus text part, ~2 MB
        win.activateWindow()
        edit = win.paste.edit
        big = []
        for f in files[:120]:
            big.append(f.read_text("utf-8", "replace"))
        text = "\n".join(big)
        edit.setPlainText(text)
        win.paste.analyse_now()
        edit.setFocus()
        edit.moveCursor(edit.textCursor().MoveOperation.End)
        keys = []
        for ch in "550 5.1.1 user unknown; 421 4.7.0 try again later " * 4:
            t0 = time.perf_counter()
            QTest.keyClick(edit, ch)
            keys.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        win.paste.analyse_now()  # synchronous here: the analysis that normally runs on a worker
        analysis_ms = (time.perf_counter() - t0) * 1000
        print(
            f"paste box keystrokes with {len(text):,} characters ({edit.blockCount():,} lines): "
            f"median {statistics.median(keys):.2f} ms, p99 {sorted(keys)[int(len(keys) * 0.99)]:.2f} ms, "
            f"max {max(keys):.2f} ms (target < 16); analysis of the whole text (worker) {analysis_ms:.0f} ms"
        )

        search = win.reference.search
        search.setFocus()
        keys = []
        ref = reference_access.reference()
        for query in ("mailbox full", "5.7.1", "550", "spam blocked", "relay denied", "quota", "greylist"):
            search.clear()
            for ch in query:
                t0 = time.perf_counter()
                QTest.keyClick(search, ch)
                keys.append((time.perf_counter() - t0) * 1000)
            QTest.keyClick(search, Qt.Key_Backspace)
        n = len(ref.entries) if ref is not None else 0
        print(
            f"reference search keystrokes over {n} entries: median {statistics.median(keys):.2f} ms, "
            f"p99 {sorted(keys)[int(len(keys) * 0.99)]:.2f} ms, max {max(keys):.2f} ms (target < 16)"
        )
        win.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--bounce", type=Path, default=None, help="the bounce opened at start-up")
    args = ap.parse_args()
    bounce = args.bounce or (args.corpus / "eml" / "lhost-postfix-01.eml")
    if not bounce.exists():
        bounce = SAMPLE
    startup(args.runs, bounce)
    if (args.corpus / "eml").is_dir():
        in_process(args.corpus)
    else:
        print(f"no corpus at {args.corpus}: open and keystroke figures skipped")


if __name__ == "__main__":
    main()
