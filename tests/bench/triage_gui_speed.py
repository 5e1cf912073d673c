"""The Triage window on a big mbox: time to the first rows, time to all rows (beside the command
line's on the same mbox), the longest stall of the UI thread while it runs (a 10 ms timer's largest
gap), and peak memory. Prints figures, asserts nothing.

    QT_QPA_PLATFORM=offscreen python3 tests/bench/triage_gui_speed.py [--messages 10000] [--theme dark]
        [--shot OUT.png]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--messages", type=int, default=10_000)
    ap.add_argument("--mbox", type=Path, help="use this mbox instead of building one")
    ap.add_argument("--theme", choices=("light", "dark"), default="light")
    ap.add_argument("--shot", help="save the Triage window here when done")
    args = ap.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="triage-gui-bench-") as tmp:
        mbox = args.mbox
        if mbox is None:
            from triage_speed import build_mbox, corpus_messages

            mbox = Path(tmp) / f"bounces-{args.messages}.mbox"
            build_mbox(mbox, corpus_messages(args.corpus), args.messages)
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "inspector", "triage", "--output", os.devnull, str(mbox)], cwd=ROOT, check=False
        )
        cli = time.perf_counter() - t0

        from PySide6.QtCore import QEventLoop, QTimer
        from PySide6.QtWidgets import QApplication

        from inspector.ui import theme
        from inspector.ui.main_window import MainWindow
        from inspector.ui.settings import app_dirs

        app = QApplication([])
        theme.apply_theme(app, args.theme)
        win = MainWindow(app_dirs(Path(tmp) / "config").ensure())
        win.show()
        # Let the main window finish its own start-up (docks built after the first frame) first:
        # the figure is about the triage run, not the window's start.
        deadline = time.perf_counter() + 2
        while win._docks is None and time.perf_counter() < deadline:
            app.processEvents()
        app.processEvents()
        tw = win.triage._ensure()
        first: list[float] = []
        gaps: list[float] = []
        last = [0.0]

        when: list[float] = []

        def tick() -> None:
            now = time.perf_counter()
            gaps.append(now - last[0])
            when.append(now - t0)
            last[0] = now

        timer = QTimer()
        timer.timeout.connect(tick)
        loop = QEventLoop()
        tw.finished.connect(loop.quit)
        tw.model.rowsInserted.connect(lambda *_: first or first.append(time.perf_counter() - t0))
        t0 = last[0] = time.perf_counter()
        timer.start(10)
        win.open_files([str(mbox)])
        loop.exec()
        timer.stop()
        total = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        slow = sum(g > 0.05 for g in gaps)
        print(f"mbox: {mbox.stat().st_size / 1048576:.0f} MB; {tw.model.rowCount():,} rows")
        print(f"first rows after {first[0] if first else float('nan'):.2f} s (target < 1 s)")
        print(f"all rows after {total:.2f} s; the command line took {cli:.2f} s: {total / cli:.2f}x (target <= 1.5x)")
        print(f"UI thread: longest gap between 10 ms ticks {max(gaps) * 1000:.0f} ms, {slow} gaps over 50 ms")
        if slow:
            print(
                "  gaps over 50 ms end at:",
                ", ".join(f"{w:.2f} s ({g * 1000:.0f} ms)" for g, w in zip(gaps, when, strict=True) if g > 0.05),
            )
        print(f"peak memory of the window's process {peak:.0f} MB (target < 300 MB)")
        if args.shot:
            tw.grab().save(args.shot)
            print(f"saved {args.shot}")
        win.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
