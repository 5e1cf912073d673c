"""GUI speed figures (not a test): start-up, opening bounces, keystroke latency.

    QT_QPA_PLATFORM=offscreen python3 tests/bench/gui_speed.py [--runs 5] [--corpus DIR]

1. Start-up: process start to the window shown, for the app with a bounce opened
   (``tests/bench/startup_probe.py FILE``: the real launcher; the app prints nothing itself) and for a bare PySide6 QMainWindow started the same
   way (``python3 -c ...``), alternating, in the same run. Target: app <= 2 x bare. Two more
   contenders show how much of the difference is Qt's own: the bare window touching every Qt class
   the UI imports, and a "Qt skeleton" building the kinds of widgets the main window has (docks,
   splitters, tree and list views, text views with text, tabs, line edit, menu, status bar) with
   no app code. Where the app's own part of the time goes, step by step: "Start-up: where the time
   goes" in inspector/ui/README.md.
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
PROBE = Path(__file__).resolve().parent / "startup_probe.py"

BARE = (
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication([])\n"
    "w = QMainWindow()\n"
    "w.resize(1280, 800)\n"
    "w.show()\n"
    "app.processEvents()\n"
    "import time\n"
    "print(f'shown; cpu {1000 * time.process_time():.0f} ms', flush=True)\n"
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


# The kinds of widgets the main window has, filled with a little text, and no app code.
SKELETON = (
    "from PySide6.QtCore import Qt\n"
    "from PySide6.QtGui import QAction, QStandardItem, QStandardItemModel\n"
    "from PySide6.QtWidgets import (QApplication, QDockWidget, QLabel, QLineEdit, QListView, QMainWindow,\n"
    "    QPlainTextEdit, QProgressBar, QSplitter, QTabWidget, QTextBrowser, QTreeView, QVBoxLayout, QWidget)\n"
    "app = QApplication([])\n"
    "w = QMainWindow()\n"
    "w.resize(1280, 800)\n"
    "banner = QTextBrowser()\n"
    "banner.setHtml('<p><b>Hard bounce - alice@example.com - 550 5.1.1</b> - unknown recipient</p>'\n"
    "               '<p><small>Reported by mx.example.com</small></p>')\n"
    "items = QListView()\n"
    "im = QStandardItemModel(items)\n"
    "im.appendRow(QStandardItem('lhost-postfix-01.eml'))\n"
    "items.setModel(im)\n"
    "tree = QTreeView()\n"
    "m = QStandardItemModel(tree)\n"
    "m.setHorizontalHeaderLabels(['Part', 'Type', 'Note', 'Size', 'Charset'])\n"
    "root = QStandardItem('message')\n"
    "m.appendRow([root, QStandardItem('multipart/report')])\n"
    "for i in range(4):\n"
    "    root.appendRow([QStandardItem(str(i + 1)), QStandardItem('text/plain'), QStandardItem('note')])\n"
    "tree.setModel(m)\n"
    "tree.expandAll()\n"
    "fields = QTreeView()\n"
    "fm = QStandardItemModel(fields)\n"
    "fm.setHorizontalHeaderLabels(['Field', 'Value'])\n"
    "for i in range(8):\n"
    "    fm.appendRow([QStandardItem(f'Field-{i}'), QStandardItem('smtp; 550 5.1.1 unknown')])\n"
    "fields.setModel(fm)\n"
    "raw = QPlainTextEdit()\n"
    "raw.setPlainText('Received: from mx.example.com\\nStatus: 5.1.1\\n')\n"
    "tabs = QTabWidget()\n"
    "tabs.addTab(fields, 'Content')\n"
    "tabs.addTab(raw, 'Raw')\n"
    "left = QSplitter(Qt.Orientation.Vertical)\n"
    "left.addWidget(QLabel('Opened items'))\n"
    "left.addWidget(items)\n"
    "left.addWidget(tree)\n"
    "main = QSplitter(Qt.Orientation.Horizontal)\n"
    "main.addWidget(left)\n"
    "main.addWidget(tabs)\n"
    "central = QWidget()\n"
    "lay = QVBoxLayout(central)\n"
    "lay.addWidget(banner)\n"
    "lay.addWidget(main, 1)\n"
    "w.setCentralWidget(central)\n"
    "ref = QDockWidget('Reference')\n"
    "body = QWidget()\n"
    "rl = QVBoxLayout(body)\n"
    "rl.addWidget(QLineEdit())\n"
    "rs = QSplitter(Qt.Orientation.Vertical)\n"
    "rs.addWidget(QListView())\n"
    "detail = QTextBrowser()\n"
    "detail.setHtml('<h2>5.1.1 &mdash; Bad destination mailbox address</h2><p>The mailbox does not exist.</p>')\n"
    "rs.addWidget(detail)\n"
    "rl.addWidget(rs, 1)\n"
    "ref.setWidget(body)\n"
    "w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, ref)\n"
    "paste = QDockWidget('Paste box')\n"
    "ps = QSplitter()\n"
    "ps.addWidget(QPlainTextEdit())\n"
    "ps.addWidget(QTextBrowser())\n"
    "paste.setWidget(ps)\n"
    "w.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, paste)\n"
    "w.menuBar().addMenu('&File').addAction(QAction('&Open...', w))\n"
    "w.statusBar().showMessage('Opened lhost-postfix-01.eml')\n"
    "w.statusBar().addPermanentWidget(QProgressBar())\n"
    "w.show()\n"
    "app.processEvents()\n"
    "import time\n"
    "print(f'shown; cpu {1000 * time.process_time():.0f} ms', flush=True)\n"
)


def first_line(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Milliseconds from starting ``cmd`` to its first line of output, and that line."""
    env = dict(env, BOUNCE_INSPECTOR_BENCH_T0=repr(time.perf_counter()))
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=ROOT, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - t0
    proc.wait()
    return elapsed * 1000, line


def time_to_first_line(cmd: list[str], env: dict[str, str]) -> float:
    return first_line(cmd, env)[0]


def startup(runs: int, bounce: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    # Installed Python code runs from cached bytecode; a session that forbids writing it
    # (PYTHONDONTWRITEBYTECODE) would make the app recompile its modules at every start while
    # PySide6 loads precompiled ones. The warm-up runs below write the cache for both.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as home:
        env["BOUNCE_INSPECTOR_HOME"] = home
        cmds = {
            "bare": [sys.executable, "-c", BARE],
            "qt": [sys.executable, "-c", bare_with_app_qt_classes()],
            "skeleton": [sys.executable, "-c", SKELETON],
            "app": [sys.executable, str(PROBE), str(bounce)],
        }
        for cmd in cmds.values():
            first_line(cmd, env)  # warm the file and bytecode caches (and the app's table cache)
        times: dict[str, list[float]] = {name: [] for name in cmds}
        cpu: dict[str, list[float]] = {name: [] for name in cmds}
        app_lines = []
        for _ in range(runs):
            for name, cmd in cmds.items():
                ms, line = first_line(cmd, env)
                times[name].append(ms)
                m = re.search(r"cpu (\d+) ms", line)
                if m:
                    cpu[name].append(float(m.group(1)))
                if name == "app":
                    app_lines.append(line)
    med = {name: statistics.median(v) for name, v in times.items()}
    cpu_med = {name: statistics.median(v) for name, v in cpu.items() if v}
    b = med["bare"]
    print(
        f"start-up (median of {runs}): bare PySide6 window {b:.0f} ms, bare window touching the app's Qt "
        f"classes {med['qt']:.0f} ms, Qt skeleton of the window {med['skeleton']:.0f} ms, "
        f"app with {bounce.name} {med['app']:.0f} ms"
    )
    if "app" in cpu_med and "bare" in cpu_med:
        # CPU time of the process (all its threads) until it said "shown":
        # much less sensitive than wall time to other work on the machine
        print(
            "  CPU time until shown (median): "
            + ", ".join(f"{name} {v:.0f} ms" for name, v in cpu_med.items())
            + f"; ratio {cpu_med['app'] / cpu_med['bare']:.2f}"
        )
    ranges = "  ".join(f"{n} {min(v):.0f}-{max(v):.0f}" for n, v in times.items())
    print(
        f"  ratio {med['app'] / b:.2f} (target <= 2); Qt's own class set-up alone {med['qt'] / b:.2f}, "
        f"Qt skeleton {med['skeleton'] / b:.2f}  [{ranges}]"
    )
    if app_lines:
        print(f"  app's last line: {app_lines[-1].strip()[:300]}")


def in_process(corpus: Path) -> None:
    from PySide6.QtCore import Qt, qInstallMessageHandler
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from inspector.ui import reference_access
    from inspector.ui.launch.app import _quiet_offscreen
    from inspector.ui.main_window import MainWindow
    from inspector.ui.settings import app_dirs

    qInstallMessageHandler(_quiet_offscreen)  # the offscreen plugin's notes would bury the figures
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
