"""``--rules FILE`` for ``analyze`` and ``explain``: the user's own rules (inspector/core/user_rules.py).

Without the option the user config folder's ``rules.toml`` is used when it exists. Problems in
the file are printed on standard error; the rules without problems are still used.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from inspector.core.analyze import analyse_text
from inspector.core.user_rules import UserRules, active_rules, use_rules_file


def add_rules_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--rules",
        metavar="FILE",
        help="your own rules (TOML, see docs/reference.md); default: rules.toml in the config folder",
    )


def activate_rules(args: argparse.Namespace) -> UserRules | None:
    """Use the rules ``args`` names (or the default file); None when a named file does not exist."""
    path = getattr(args, "rules", None)
    if path is not None and not os.path.isfile(path):
        print(f"bounce-inspector: rules file {path} does not exist", file=sys.stderr)
        return None
    rules = use_rules_file(path)
    for problem in rules.errors:
        print(f"bounce-inspector: {problem}", file=sys.stderr)
    return rules


def user_verdict(text: str) -> dict[str, Any] | None:
    """The user rule that decides a pasted reply, as ``explain`` shows it, or None."""
    if not active_rules().rules:
        return None
    for r in analyse_text(text, "<explain>").recipients:
        if r.evidence and r.evidence[0].kind == "user":
            ev = r.evidence[0]
            return {
                "kind": "user",
                "id": ev.id,
                "source": ev.source,
                "text": ev.text,
                "reason": r.reason,
                "hard": r.hard,
                "side": r.side,
                "advice": r.advice,
            }
    return None


def format_user_verdict(v: dict[str, Any]) -> str:
    hard = "hard" if v["hard"] else "soft"
    return (
        f"Your rule {v['id']} ({v['source']}) matches {v['text']!r}:\n"
        f"  {v['reason']} - {hard} - {v['side']} side\n  Advice: {v['advice']}"
    )
