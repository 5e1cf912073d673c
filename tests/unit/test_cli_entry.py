"""The command line's entry point: sub-command registration, help, pipes closed early."""

from __future__ import annotations

import argparse

from inspector import cli


def test_every_listed_command_is_registered_by_its_module() -> None:
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert list(sub.choices) == list(cli.COMMANDS)
    for name in cli.COMMANDS:
        assert callable(sub.choices[name].get_default("func")), name
