"""Start the app as ``bounce-inspector FILE...`` does and say when the files are shown (not a test).

    QT_QPA_PLATFORM=offscreen python3 tests/bench/startup_probe.py FILE...

Used by ``gui_speed.py`` (and ``tests/gui/test_startup.py``): the app itself prints no figures. The
probe runs the real launcher (:func:`inspector.ui.launch.launch`, with the command line's own
argument parser) and watches the window through the launcher's ``on_shown`` hook: once every file
is in the opened items (and painted), it prints one line and quits. The time is counted from
``BOUNCE_INSPECTOR_BENCH_T0`` (the caller's ``time.perf_counter()`` when it started this process;
the same clock) when that is set.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

T0 = time.perf_counter()
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # this checkout's inspector, not an installed one

from inspector.cli import build_gui_parser  # noqa: E402
from inspector.ui.launch import launch  # noqa: E402


def main(argv: list[str]) -> int:
    args = build_gui_parser().parse_args(argv)
    files = list(args.files)

    def on_shown(app, win) -> None:  # type: ignore[no-untyped-def]
        opened = 0

        def done() -> None:
            app.processEvents()
            try:
                start, since = float(os.environ["BOUNCE_INSPECTOR_BENCH_T0"]), "process start"
            except (KeyError, ValueError):
                start, since = T0, "probe start"
            banner = win.banner.plain().strip().splitlines()
            print(
                f"window shown with {len(files)} file(s) opened after {1000 * (time.perf_counter() - start):.1f} ms"
                f" since {since}; items {win.items_model.rowCount()}, tree nodes {win.tree_model.node_count()},"
                f" banner: {banner[0] if banner else ''}; cpu {1000 * time.process_time():.0f} ms",
                flush=True,
            )
            win.close()
            app.quit()

        def count(_n: int = 0) -> None:
            nonlocal opened
            opened += 1
            if opened == len(files):
                done()

        win.items_opened.connect(count)
        if not files:
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, done)

    return launch(args, on_shown=on_shown)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
