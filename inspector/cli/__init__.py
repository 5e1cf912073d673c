"""``bounce-inspector``: the command line over the core, and the app launcher.

``bounce-inspector analyze|explain|codes ...`` never import Qt. Anything else
(``bounce-inspector [FILE...]``, ``--screenshot``) starts the desktop app.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import signal
import sys
from collections.abc import Sequence

from inspector.about import version_string

# Every sub-command and the module of inspector.cli that registers it: the module has
# ``add_parsers(sub)`` (argparse sub-parsers) and sets ``func`` on each parser it adds.
# To add a sub-command: write inspector/cli/<name>_cmd.py and add one line here.
COMMANDS: dict[str, str] = {
    "analyze": "analyze_cmd",
    "explain": "reference_cmds",
    "codes": "reference_cmds",
    "redact": "redact_cmd",
    "triage": "triage_cmd",
}
SUBCOMMANDS = tuple(COMMANDS)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bounce-inspector",
        description="Read SMTP bounces: who failed, with which code, why, and what to do.",
        epilog="Without a sub-command, opens the desktop app with the FILEs given.",
    )
    parser.add_argument("--version", action=_LazyVersion)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in dict.fromkeys(COMMANDS.values()):  # each module once, in the order of COMMANDS
        importlib.import_module(f"inspector.cli.{module}").add_parsers(sub)
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


class _FullHelp(argparse.Action):
    """The app's ``-h``: its own options, then every command with its usage and options."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: object) -> None:
        super().__init__(
            option_strings,
            dest=dest,
            nargs=0,
            default=argparse.SUPPRESS,
            help="show this help (the app's options, then every command's) and exit",
        )

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        sys.stdout.write(full_help())
        parser.exit()


def _commands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def full_help() -> str:
    """Help for everything: the app (no command) and each command, all from the argparse parsers."""
    gui = build_gui_parser()
    commands = _commands(build_parser())
    usage = gui.format_usage().rstrip()
    lines = [usage, " " * len("usage:") + f" bounce-inspector COMMAND ...  (COMMAND: {', '.join(commands.choices)})"]
    lines += ["", gui.format_help()[len(usage) :].strip()]
    lines += ["", "commands (bounce-inspector COMMAND -h shows one):"]
    lines += [f"  {a.dest:<10} {a.help}" for a in commands._get_subactions()]
    for name, p in commands.choices.items():
        lines += ["", f"== bounce-inspector {name} ==", p.format_help().rstrip()]
    return "\n".join(lines) + "\n"


def build_gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bounce-inspector",
        description="Read SMTP bounces: who failed, with which code, why, and what to do. "
        "Without a COMMAND, opens the desktop app with the FILEs given.",
        add_help=False,
    )
    parser.add_argument("-h", "--help", action=_FullHelp)
    parser.add_argument("--version", action=_LazyVersion)
    parser.add_argument("files", nargs="*", metavar="FILE", help=".eml, mbox or text files to open")
    parser.add_argument("--screenshot", metavar="OUT.png", help="render the window offscreen at 1280x800 and exit")
    parser.add_argument(
        "--theme", choices=("system", "light", "dark"), default="system", help="colours (default: follow the desktop)"
    )
    parser.add_argument("--config-dir", metavar="DIR", help="keep settings and recent files here (for tests)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """The entry point. A reader that goes away (``| head``, ``| true``) ends any command, help
    or version output quietly, as it ends Unix tools."""
    try:
        try:
            return _main(list(sys.argv[1:] if argv is None else argv))
        finally:
            if sys.stdout is not None:  # None in a bundle without a console (Windows)
                sys.stdout.flush()  # now, while a closed pipe can still be caught here
    except BrokenPipeError:
        # Nothing more can be written; point both streams at /dev/null so that the interpreter's
        # own flush at exit does not report the closed pipe again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError, AttributeError):  # a stream without a descriptor
                os.dup2(devnull, stream.fileno())
        return 128 + int(getattr(signal, "SIGPIPE", 13))  # what a shell reports for a tool ended by SIGPIPE


def _main(args_list: list[str]) -> int:
    if args_list and args_list[0] in SUBCOMMANDS:
        args = build_parser().parse_args(args_list)
        return int(args.func(args))
    gui_args = build_gui_parser().parse_args(args_list)
    from inspector.ui.launch import launch  # the window's code only when it is asked for

    return launch(gui_args)
