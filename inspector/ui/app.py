"""Application start-up: folders, QApplication, theme, error hook, window, single instance.

``run(args)`` takes the namespace of :func:`inspector.cli.build_gui_parser`. Nothing happens at
import time. ``--screenshot OUT.png`` renders the window offscreen at 1280x800 (files opened
synchronously) and exits.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, qInstallMessageHandler
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from inspector.resources import resource_path
from inspector.ui import errors, theme
from inspector.ui.settings import app_dirs

if TYPE_CHECKING:
    from inspector.ui.prefetch import Prefetch

SCREENSHOT_SIZE = (1280, 800)


def _quiet_offscreen(mode, context, message: str) -> None:  # type: ignore[no-untyped-def]
    """Drop the offscreen plugin's "This plugin does not support ..." notes; keep the rest."""
    if message.startswith("This plugin does not support"):
        return
    sys.stderr.write(message + "\n")


def create_app() -> QApplication:
    if os.environ.get("QT_QPA_PLATFORM", "").startswith("offscreen") and not _in_pytest():
        qInstallMessageHandler(_quiet_offscreen)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("Bounce Inspector")
    app.setOrganizationName("bounce-inspector")
    app.setDesktopFileName("bounce-inspector")
    return app


def _in_pytest() -> bool:
    return "pytest" in sys.modules


def app_icon() -> QIcon:
    return QIcon(str(resource_path("icons", "bounce-inspector.svg")))


def run(args: argparse.Namespace, prefetch: Prefetch | None = None) -> int:
    """``prefetch``: the command line's files, already being analysed in a forked child
    (:mod:`inspector.ui.prefetch`, started before Qt was imported)."""
    from inspector.cli.gui import MARKS

    t0 = time.perf_counter()
    marks = [*MARKS, ("run", t0)]
    dirs = app_dirs(getattr(args, "config_dir", None)).ensure()
    files: list[str] = list(getattr(args, "files", []) or [])
    screenshot: str | None = getattr(args, "screenshot", None)
    bench = bool(getattr(args, "bench_exit", False))

    app = create_app()
    name = None
    if not screenshot and not bench:
        from inspector.ui import single_instance

        name = single_instance.server_name(dirs.config)
        if files and single_instance.hand_off(name, files):
            if prefetch is not None:
                prefetch.close()
            print(f"bounce-inspector: handed {len(files)} file(s) to the running window")
            return 0

    theme.apply_theme(app, getattr(args, "theme", "system") or "system")
    errors.install(dirs.log)

    marks.append(("app+theme", time.perf_counter()))
    from inspector.ui.main_window import MainWindow

    marks.append(("ui imports", time.perf_counter()))
    win = MainWindow(dirs, synchronous=bool(screenshot))
    marks.append(("window built", time.perf_counter()))
    if screenshot:
        return _screenshot(app, win, files, screenshot)

    if files:
        win.open_files(files, prefetch)  # read on a worker while the window is shown
    win.setWindowIcon(app_icon())
    win.show()
    if bench:
        return _bench_exit(app, win, files, marks)
    QTimer.singleShot(0, win.warm_up)
    if name is not None:
        QTimer.singleShot(0, lambda: _serve(win, name))
    if getattr(args, "theme", "system") == "system":
        app.styleHints().colorSchemeChanged.connect(lambda _s: _rescheme(app, win))
    status = app.exec()
    return int(status)


def _bench_exit(app: QApplication, win, files: list[str], marks: list[tuple[str, float]]) -> int:  # type: ignore[no-untyped-def]
    """For tests/bench/gui_speed.py: wait until the files are shown (the analyses are in the
    items list, the banner, the MIME tree and the detail pane, and painted), say so, exit.

    The steps are printed as milliseconds since the previous step; the first is counted from
    ``BOUNCE_INSPECTOR_BENCH_T0`` (the benchmark's ``time.perf_counter()`` when it started the
    process: the same clock) when that is set, else from the launcher's first step."""
    opened = 0

    def count(n: int) -> None:
        nonlocal opened
        opened += 1
        if opened >= len(files):
            app.quit()

    win.items_opened.connect(count)
    marks.append(("shown", time.perf_counter()))
    if files:
        app.exec()
    app.processEvents()
    marks.append(("bounce shown", time.perf_counter()))
    try:
        start = float(os.environ.get("BOUNCE_INSPECTOR_BENCH_T0", ""))
        since = "process start"
    except ValueError:
        start, since = marks[0][1], marks[0][0]
    steps = ", ".join(
        f"{name} +{1000 * (t - prev):.0f}"
        for (name, t), prev in zip(marks, [start] + [t for _, t in marks][:-1], strict=True)
    )
    shown = win.banner.plain().strip().splitlines()
    print(
        f"window shown with {len(files)} file(s) opened after {1000 * (time.perf_counter() - start):.1f} ms"
        f" since {since} ({steps} ms); items {win.items_model.rowCount()}, tree nodes"
        f" {win.tree_model.node_count()}, banner: {shown[0] if shown else ''}",
        flush=True,
    )
    return 0


def _serve(win, name: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from inspector.ui.single_instance import InstanceServer

    def receive(files: list[str]) -> None:
        win.open_files(files)
        win.setWindowState((win.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive)
        win.raise_()
        win.activateWindow()

    win.instance_server = InstanceServer(name, receive, win)


def _rescheme(app: QApplication, win) -> None:  # type: ignore[no-untyped-def]
    theme.apply_theme(app, "system")
    win.refresh_theme()


def _screenshot(app: QApplication, win, files: list[str], out: str) -> int:  # type: ignore[no-untyped-def]
    win.resize(*SCREENSHOT_SIZE)
    win.show()
    if files:
        win.open_files(files)
    for _ in range(3):
        app.processEvents()
    win.resize(*SCREENSHOT_SIZE)
    app.processEvents()
    ok = win.grab().save(out, "PNG")
    win.close()
    if not ok:
        print(f"bounce-inspector: could not write {out}", file=sys.stderr)
        return 1
    return 0
