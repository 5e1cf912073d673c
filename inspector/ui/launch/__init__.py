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
import os
import sys
from collections.abc import Callable
from typing import Any

from inspector.ui.launch.display import display_problem
from inspector.ui.launch.handoff import hand_off, server_name
from inspector.ui.settings import app_dirs

__all__ = ["display_problem", "launch"]


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
    if args.files and not args.screenshot:
        name = server_name(app_dirs(getattr(args, "config_dir", None)).config)
        if hand_off(name, list(args.files)):
            print(f"bounce-inspector: handed {len(args.files)} file(s) to the running window")
            return 0
    try:
        # Imported here, not at the top: a second launch hands its files over without loading Qt
        # (~60 ms), the display check runs before Qt can abort, and a missing Qt gets this message.
        from inspector.ui.launch.app import run
    except ImportError as exc:
        print(f"bounce-inspector: Qt cannot be loaded ({exc}); try 'pip install -e .'", file=sys.stderr)
        return 2
    return run(args, on_shown=on_shown)
