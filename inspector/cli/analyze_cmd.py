"""``bounce-inspector analyze [--format text|json|jsonl] PATH...``"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from inspector.cli.rules_opt import activate_rules, add_rules_argument
from inspector.core.analyze import analyse_bytes, analyse_path, error_analysis
from inspector.core.model import Analysis
from inspector.core.serialize import analysis_to_dict
from inspector.core.why import why_line


def add_parsers(sub: Any) -> None:
    p = sub.add_parser(
        "analyze",
        help="analyse bounce messages, mbox files or text",
        description="Analyse each PATH: one result per message. An input that cannot be analysed is "
        "told once: on standard error with --format text, as a record with an 'error' field with "
        "json/jsonl; the exit status is then 1, and the other inputs are still analysed.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files to analyse; '-' reads standard input")
    p.add_argument(
        "--format",
        choices=("text", "json", "jsonl"),
        default="text",
        help="text for people (default), one JSON array, or one JSON record a line",
    )
    p.add_argument("--no-parts", action="store_true", help="leave the MIME tree out of JSON output")
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
    for path in args.paths:
        analyses = analyse_source(path)
        for a in analyses:
            if a.error is not None:
                status = 1
            if args.format == "text":
                if a.error is not None:
                    print(f"bounce-inspector: {error_line(a)}", file=sys.stderr)
                else:
                    out.write(format_text(a, numbered=len(analyses) > 1) + "\n")
                continue
            d = analysis_to_dict(a, with_parts=not args.no_parts)
            if args.format == "jsonl":
                out.write(json.dumps(d, ensure_ascii=False) + "\n")
            else:
                collected.append(d)
    if args.format == "json":
        out.write(json.dumps(collected, ensure_ascii=False, indent=2) + "\n")
    return status


DIAGNOSTIC_WIDTH = 200
"""Text output shows a diagnostic up to this many characters, ending in "..." when cut (JSON has it whole)."""


def clip(text: str, width: int = DIAGNOSTIC_WIDTH) -> str:
    """``text`` if it fits in ``width`` characters, else its start and "..." (``width`` in all)."""
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."


def _head(a: Analysis, numbered: bool = False) -> str:
    """The source, with the message's number (from 1, as the window counts) when its file holds several."""
    return f"{a.source}" + (f" #{a.index + 1}" if numbered or a.index else "")


def error_line(a: Analysis) -> str:
    """The error with where it happened, unless the message already names the file."""
    error = a.error or ""
    return error if a.source in error and not a.index else f"{_head(a)}: {error}"


def format_text(a: Analysis, numbered: bool = False) -> str:
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
