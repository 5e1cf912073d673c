"""The command line's entry point: sub-command registration, help, pipes closed early."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from inspector import cli


def test_every_listed_command_is_registered_by_its_module() -> None:
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert list(sub.choices) == list(cli.COMMANDS)
    for name in cli.COMMANDS:
        assert callable(sub.choices[name].get_default("func")), name


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "inspector", *args], capture_output=True, text=True, timeout=120, check=False
    )


def _read_lines_then_close(*args: str, lines: int = 1) -> tuple[str, int, str]:
    """Like ``bounce-inspector ARGS | head -LINES``: the reader leaves early."""
    p = subprocess.Popen(
        [sys.executable, "-m", "inspector", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert p.stdout is not None and p.stderr is not None
    first = "".join(p.stdout.readline() for _ in range(lines))
    p.stdout.close()
    err = p.stderr.read()
    return first, p.wait(timeout=120), err


@pytest.mark.parametrize(
    "args",
    [
        # Each prints far more than a pipe holds (64 KiB), so the writer meets the closed pipe.
        ("analyze",) + ("{mbox}",) * 6,
        ("analyze", "--format", "jsonl", "{mbox}"),
    ],
)
def test_a_reader_that_leaves_early_ends_it_quietly(corpus: Path, args: tuple[str, ...]) -> None:
    mbox = str(corpus / "mbox" / "mbox-0")
    first, status, err = _read_lines_then_close(*(a.format(mbox=mbox) for a in args))
    assert first.strip()
    assert err == ""  # no BrokenPipeError traceback, no "Exception ignored"
    assert status == 141  # as a shell reports a Unix tool ended by SIGPIPE


@pytest.mark.parametrize(
    "args",
    [("codes",), ("codes", "--search", "mailbox full"), ("explain", "550 5.1.1"), ("--help",), ("--version",)],
)
def test_a_reader_gone_before_any_output_ends_it_quietly(args: tuple[str, ...]) -> None:
    # Like ``bounce-inspector codes | true``: the first write meets a pipe nobody reads.
    _, status, err = _read_lines_then_close(*args, lines=0)
    assert err == "" and status == 141


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help_lists_every_option_of_the_app_and_of_each_command(flag: str) -> None:
    p = _cli(flag)
    assert p.returncode == 0 and p.stderr == ""
    for opt in ("--theme", "--screenshot", "--config-dir", "--version"):
        assert opt in p.stdout
    commands = cli._commands(cli.build_parser())
    for name, parser in commands.choices.items():
        section = p.stdout.split(f"== bounce-inspector {name} ==", 1)[1].split("\n== ", 1)[0]
        for action in parser._actions:
            for opt in action.option_strings:
                assert opt in section, (name, opt)
            if not action.option_strings:
                assert str(action.metavar) in section, (name, action.metavar)
    assert "--bench-exit" not in p.stdout  # an internal switch for the benchmark


def test_a_command_help_still_shows_that_command() -> None:
    p = _cli("codes", "--help")
    assert p.returncode == 0 and "--search" in p.stdout and "--screenshot" not in p.stdout
