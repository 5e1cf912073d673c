"""``bounce-inspector``: the command line over the core, and the app launcher.

``bounce-inspector analyze|explain|codes ...`` never import Qt. Anything else
(``bounce-inspector [FILE...]``, ``--screenshot``) starts the desktop app.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from inspector import __version__

SUBCOMMANDS = ("analyze", "explain", "codes", "triage")


def version_string() -> str:
    """App, Python and Qt versions; Qt's is read from package metadata so no Qt is imported."""
    from importlib import metadata

    try:
        qt = metadata.version("PySide6-Essentials")
    except metadata.PackageNotFoundError:
        try:
            qt = metadata.version("PySide6")
        except metadata.PackageNotFoundError:
            qt = "not installed"
    py = ".".join(map(str, sys.version_info[:3]))
    return f"Bounce Inspector {__version__} (Python {py}, PySide6 {qt})"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bounce-inspector",
        description="Read SMTP bounces: who failed, with which code, why, and what to do.",
        epilog="Without a sub-command, opens the desktop app with the FILEs given.",
    )
    parser.add_argument("--version", action="version", version=version_string())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    from inspector.cli import analyze_cmd

    analyze_cmd.add_parser(sub)
    from inspector.cli import triage_cmd

    triage_cmd.add_parser(sub)
    try:
        from inspector.cli import reference_cmds
    except ImportError:  # the reference commands land with the reference tables
        pass
    else:
        reference_cmds.add_parsers(sub)
    return parser


class _LazyVersion(argparse.Action):
    """``--version`` that reads package metadata only when asked (it costs ~0.1 s at start-up)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: object) -> None:
        super().__init__(
            option_strings, dest=dest, nargs=0, default=argparse.SUPPRESS, help="show the version and exit"
        )

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        print(version_string())
        parser.exit()


def build_gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bounce-inspector", description="Open the Bounce Inspector window.")
    parser.add_argument("--version", action=_LazyVersion)
    parser.add_argument("files", nargs="*", metavar="FILE", help=".eml, mbox or text files to open")
    parser.add_argument("--screenshot", metavar="OUT.png", help="render the window offscreen at 1280x800 and exit")
    parser.add_argument("--theme", choices=("system", "light", "dark"), default="system")
    parser.add_argument("--config-dir", metavar="DIR", help="keep settings and recent files here (for tests)")
    # For tests/bench/gui_speed.py: show the window, open FILEs synchronously, print the time, exit.
    parser.add_argument("--bench-exit", action="store_true", help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and (args_list[0] in SUBCOMMANDS or args_list[0] in ("-h", "--help")):
        args = build_parser().parse_args(args_list)
        if args.command is None:
            return 0
        return int(args.func(args))
    gui_args = build_gui_parser().parse_args(args_list)
    from inspector.cli.gui import launch

    return launch(gui_args)
