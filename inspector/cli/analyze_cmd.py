"""``bounce-inspector analyze [--format text|json|jsonl] [--jobs N] [--rules FILE] PATH...``"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from inspector.cli.rules_opt import activate_rules, add_rules_argument
from inspector.core.analyze import analyse_bytes, analyse_path, error_analysis
from inspector.core.model import Analysis, Reading
from inspector.core.serialize import analysis_to_dict
from inspector.core.user_rules import use_rules_file
from inspector.core.why import why_line


def add_parsers(sub: Any) -> None:
    p = sub.add_parser(
        "analyze",
        help="analyse bounce messages, mbox files, folders or text",
        description="Analyse each PATH (a folder is read recursively): one result per message. An input "
        "that cannot be analysed is told once: on standard error with --format text, as a record with "
        "an 'error' field with json/jsonl; the exit status is then 1, and the other inputs are still analysed.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to analyse; '-' reads standard input")
    p.add_argument(
        "--format",
        choices=("text", "json", "jsonl"),
        default="text",
        help="text for people (default), one JSON array, or one JSON record a line",
    )
    p.add_argument("--no-parts", action="store_true", help="leave the MIME tree out of JSON output")
    p.add_argument("--jobs", type=int, default=None, metavar="N", help="worker processes (default: the CPUs)")
    add_rules_argument(p)
    p.set_defaults(func=run)


def analyse_source(path: str) -> list[Analysis]:
    try:
        if path == "-":
            return analyse_bytes(sys.stdin.buffer.read(), "-")
        return analyse_path(path)
    except Exception as exc:  # noqa: BLE001 - one bad file never stops the others
        return [error_analysis(path, f"internal error: {type(exc).__name__}: {exc}")]


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Errors are told once: in text, one line on standard error (standard output keeps the
    results); in JSON, the record's ``error`` field on standard output. Either way the status is 1."""
    out = out or sys.stdout
    if activate_rules(args) is None:
        return 2
    status = 0
    collected: list[dict[str, Any]] = []
    for error, shown in _analysed(args):
        if error is not None:
            status = 1
        if args.format == "text":
            if error is not None:
                print(f"bounce-inspector: {shown}", file=sys.stderr)
            else:
                out.write(f"{shown}\n")
        elif args.format == "jsonl":
            out.write(json.dumps(shown, ensure_ascii=False) + "\n")
        else:
            collected.append(shown)
    if args.format == "json":
        out.write(json.dumps(collected, ensure_ascii=False, indent=2) + "\n")
    return status


def _analysed(args: argparse.Namespace) -> Iterator[tuple[str | None, Any]]:
    """(error, what to show) per message, in order: folders read recursively, messages analysed
    on ``--jobs`` processes (the triage pool), standard input in this process."""
    # Every command's parser imports this module: the triage pool (multiprocessing, about 20 ms)
    # loads when messages are read, not for `codes` or `--help`.
    from inspector.core.triage.pool import run_ordered
    from inspector.core.triage.reader import iter_messages

    render = functools.partial(_render_batch, args.format, not args.no_parts, getattr(args, "rules", None))
    for is_stdin, group in itertools.groupby(args.paths, key=lambda p: p == "-"):
        if is_stdin:
            for _ in group:
                yield from render(analyse_source("-"))
        else:
            yield from run_ordered(render, iter_messages(group), getattr(args, "jobs", None))


_rules_in_use: list[str | None] = []
"""The rules file a worker process has taken up (workers start fresh: they are told per batch)."""


def _render_batch(fmt: str, with_parts: bool, rules: str | None, batch: list[Any]) -> list[tuple[str | None, Any]]:
    """A worker's job: messages (or analyses) in, what ``analyze`` prints for each out."""
    # Loaded with the pool (see _analysed), in the worker process.
    from inspector.core.triage.reader import RawMessage
    from inspector.core.triage.rows import analyse_raw, read_raw

    if rules is not None and _rules_in_use != [rules]:
        use_rules_file(rules)
        _rules_in_use[:] = [rules]
    out: list[tuple[str | None, Any]] = []
    for m in batch:
        if fmt == "text":  # the verdicts only: a Reading is enough (the JSON has the views too)
            r = m if isinstance(m, Reading) else read_raw(m)
            numbered = (isinstance(m, RawMessage) and m.length >= 0) or r.index > 0  # one of an mbox's messages
            out.append((r.error, error_line(r) if r.error is not None else format_text(r, numbered=numbered)))
        else:
            a = m if isinstance(m, Analysis) else analyse_raw(m)
            out.append((a.error, analysis_to_dict(a, with_parts=with_parts)))
    return out


DIAGNOSTIC_WIDTH = 200
"""Text output shows a diagnostic up to this many characters, ending in "..." when cut (JSON has it whole)."""


def clip(text: str, width: int = DIAGNOSTIC_WIDTH) -> str:
    """``text`` if it fits in ``width`` characters, else its start and "..." (``width`` in all)."""
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."


def _head(a: Reading, numbered: bool = False) -> str:
    """The source, with the message's number (from 1, as the window counts) when its file holds several."""
    return f"{a.source}" + (f" #{a.index + 1}" if numbered or a.index else "")


def error_line(a: Reading) -> str:
    """The error with where it happened, unless the message already names the file."""
    error = a.error or ""
    return error if a.source in error and not a.index else f"{_head(a)}: {error}"


def format_text(a: Reading, numbered: bool = False) -> str:
    """``numbered``: one of several messages of its file, numbered from 1 as the window does."""
    head = _head(a, numbered)
    if a.error:
        return f"{head}: ERROR {a.error}"
    lines = [f"{head}: {a.kind}" + (f" ({a.mta})" if a.mta else "")]
    if a.subject:
        lines.append(f"  subject: {a.subject}")
    if not a.recipients:
        lines.append("  no failed recipients found" if a.kind != "not-bounce" else "  not a bounce")
    for r in a.recipients:
        codes = " ".join(c for c in (r.reply_code, r.status) if c) or "-"
        lines.append(f"  {r.severity:<9} {r.recipient or '(no address given)'}  {codes}  {r.reason or ''}".rstrip())
        if r.diagnostic:
            lines.append(f"            {clip(r.diagnostic)}")
        if r.advice:
            lines.append(f"            -> {r.advice}")
        why = why_line(r)
        if why:
            lines.append(f"            {why}")
    for w in a.warnings:
        lines.append(f"  warning: {w}")
    return "\n".join(lines)
