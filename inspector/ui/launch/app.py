"""Application start-up: folders, QApplication, theme, error hook, window, single instance.

``run(args)`` takes the namespace of :func:`inspector.cli.build_gui_parser` (through
:func:`inspector.ui.launch.launch`). Nothing happens at import time. ``--screenshot OUT.png``
renders the window offscreen at 1280x800 (files opened synchronously) and exits.
"""

from __future__ import annotations

import argparse
import functools
import gc
import os
import socket
import sys
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QTimer, qInstallMessageHandler
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from inspector.resources import resource_path
from inspector.ui import errors, theme
from inspector.ui.launch.handoff import release, server_name
from inspector.ui.main_window import MainWindow
from inspector.ui.settings import app_dirs

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


def run(
    args: argparse.Namespace,
    *,
    on_shown: Callable[[QApplication, MainWindow], None] | None = None,
    listener: socket.socket | None = None,
) -> int:
    """``on_shown``: see :func:`inspector.ui.launch.launch`. ``listener``: the socket the launch
    claimed the hand-over name with (:func:`~inspector.ui.launch.handoff.hand_off_or_claim`); the
    window's hand-over server takes it over."""
    dirs = app_dirs(getattr(args, "config_dir", None)).ensure()
    files: list[str] = list(getattr(args, "files", []) or [])
    screenshot: str | None = getattr(args, "screenshot", None)

    app = create_app()
    name = None if screenshot else server_name(dirs.config)  # launch() tried to hand the files over
    theme.apply_theme(app, getattr(args, "theme", "system") or "system")
    errors.install(dirs.log)
    win = MainWindow(dirs, synchronous=bool(screenshot))
    if screenshot:
        return _screenshot(app, win, files, screenshot)

    if files:
        win.open_files(files)  # read on a worker while the window is shown
    # The files asked for come first: listening for other launches (it loads QtNetwork, ~25 ms
    # of the UI thread measured) and the warm-up wait until they are shown.
    if name is not None:
        serve = functools.partial(_serve, win, name, listener)
        _once_shown(win, bool(files), serve, SERVE_DELAY_MS, at_latest_ms=SERVE_AT_LATEST_MS)
    _once_shown(win, bool(files), win.warm_up, WARM_UP_DELAY_MS)
    # launch() paused the garbage collector for the start-up: on again once the files are shown.
    _once_shown(win, bool(files), gc.enable, WARM_UP_DELAY_MS, at_latest_ms=SERVE_AT_LATEST_MS)
    win.setWindowIcon(app_icon())
    win.show()
    if getattr(args, "theme", "system") == "system":
        app.styleHints().colorSchemeChanged.connect(lambda _s: _rescheme(app, win))
    if on_shown is not None:
        on_shown(app, win)
    status = int(app.exec())
    release(listener)  # (nothing to do once the window's server took it over)
    return status


SERVE_DELAY_MS = 100
"""After the first file is shown: it is painted before the hand-over server is set up."""
SERVE_AT_LATEST_MS = 1500
"""... or this long after start-up, whatever became of the files: a mailbox or a folder opens in the
Triage window (no opened item to wait for), and a launch that handed its files to this one meanwhile
is waiting in the claimed socket."""
WARM_UP_DELAY_MS = 300
"""After the first file is shown: its painting and the user's first look come before the warm-up."""


def _once_shown(
    win: MainWindow, files: bool, job: Callable[[], None], delay_ms: int, at_latest_ms: int | None = None
) -> None:
    """Run ``job`` once the window is up: ``delay_ms`` after the first of the ``files`` opened (or
    failed to), or on the first turn of the event loop when no file was asked for; ``at_latest_ms``
    after start-up when no opened item came by then."""
    if not files:
        QTimer.singleShot(0, win, job)  # with the window as context: dropped if it is gone first
        return
    done = False

    def once(*_args: object) -> None:
        nonlocal done
        if not done:
            done = True
            QTimer.singleShot(delay_ms, win, job)

    win.items_opened.connect(once)
    win.open_failed.connect(once)
    if at_latest_ms is not None:
        QTimer.singleShot(at_latest_ms, win, once)


def _serve(win: MainWindow, name: str, listener: socket.socket | None = None) -> None:
    # QtNetwork is loaded here, after the first frame: the window is on screen by then. Launches
    # that connected to the launch's socket before this have their files taken now.
    from inspector.ui.launch import single_instance

    server = single_instance.InstanceServer(name, win.receive_files, win, listener)
    win.instance_server = server  # type: ignore[attr-defined]


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
    shown = win
    triage = win.triage.window
    if triage is not None and triage.isVisible():
        # A folder, an mbox or several files went to the Triage window: that is what to show,
        # once its rows are all in.
        loop = QEventLoop()
        triage.finished.connect(loop.quit)
        if triage.running:
            loop.exec()
        triage.resize(*SCREENSHOT_SIZE)
        app.processEvents()
        shown = triage
    ok = shown.grab().save(out, "PNG")
    win.close()
    if not ok:
        print(f"bounce-inspector: could not write {out}", file=sys.stderr)
        return 1
    return 0
