"""Starting the desktop app, all in this package (no Qt is imported by this module).

:func:`launch` is what ``bounce-inspector [FILE...]`` runs: check that a window can be opened
(:mod:`.display`), hand the files to a window already running (:mod:`.handoff`), then import Qt
and run the app (:mod:`.app`: QApplication, theme, window, the hand-over server
(:mod:`.single_instance`), event loop).

There used to be a "prefetch" here: the files analysed in a forked child while Qt loads. Measured
on a 2-CPU machine, forced on it made start-up slower (296 ms against 260 ms median, 15 runs each,
the benchmark at high priority): the window process still has to unpickle the analyses, which
loads the email package, while its own start-up runs. It was removed.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import socket
import sys
from collections.abc import Callable
from typing import Any

from inspector.ui.launch.display import display_problem
from inspector.ui.launch.handoff import hand_off_or_claim, release, server_name
from inspector.ui.settings import app_dirs

__all__ = ["display_problem", "launch"]

LOCK_FILE = "instance.lock"
"""In the config folder: held while a launch looks for a window and claims the hand-over name."""


def launch(args: argparse.Namespace, *, on_shown: Callable[[Any, Any], None] | None = None) -> int:
    """Run the app for ``args`` (:func:`inspector.cli.build_gui_parser`); the exit status.

    ``on_shown(app, window)`` is called once the window is shown, before the event loop runs
    (the start-up benchmark, ``tests/bench/startup_probe.py``, watches the window from there)."""
    offscreen = bool(args.screenshot)
    if offscreen:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    problem = display_problem(offscreen)
    if problem:
        print(f"bounce-inspector: {problem}", file=sys.stderr)
        return 2
    listener = None
    if not args.screenshot:
        # Hand the files to a running window, or claim the name for this one at once, so that a
        # launch started while this one's window is still coming up hands its files to it.
        config = app_dirs(getattr(args, "config_dir", None)).config
        with contextlib.suppress(OSError):  # (the lock file is made there; no lock if it cannot be)
            config.mkdir(parents=True, exist_ok=True)
        name = server_name(config)
        handed, listener = hand_off_or_claim(name, list(args.files or []), lock_file=config / LOCK_FILE)
        if handed:
            print(f"bounce-inspector: handed {len(args.files)} file(s) to the running window")
            return 0
    # No cyclic garbage collection while the app starts: the modules, tables and widgets made now
    # all live on, and the collector walked them again and again (9 ms of the start-up measured).
    # It is back on once the files asked for are shown (app.run), or when this returns.
    gc.disable()
    try:
        return _start(args, on_shown, listener)
    finally:
        gc.enable()


def _start(
    args: argparse.Namespace, on_shown: Callable[[Any, Any], None] | None, listener: socket.socket | None
) -> int:
    _import_qt_free_modules()
    try:
        # Imported here, not at the top: a second launch hands its files over without loading Qt
        # (~60 ms), the display check runs before Qt can abort, and a missing Qt gets this message.
        from inspector.ui.launch.app import run
    except ImportError as exc:
        release(listener)
        print(f"bounce-inspector: Qt cannot be loaded ({exc}); try 'pip install -e .'", file=sys.stderr)
        return 2
    return run(args, on_shown=on_shown, listener=listener)


def _import_qt_free_modules() -> None:
    """Import the core and the window's Qt-free helpers before Qt, once no hand-over happened.

    Once PySide6 is loaded, it reads the source of every module imported after it (its
    ``__feature__`` import hook looks for the word "PySide6"): the ~100 modules of the core paid
    that at every start. Imported first, start-up takes 11 ms less (measured, 2-CPU machine). The
    window would import all of these anyway (the core on the worker, for the files opened)."""
    # Here, not at the top: a second launch hands its files over without loading the core (~60 ms).
    import inspector.core.analyze  # noqa: F401
    import inspector.core.serialize  # noqa: F401
    import inspector.core.triage.reader  # noqa: F401
    import inspector.core.user_rules  # noqa: F401
    import inspector.ui.summary  # noqa: F401
