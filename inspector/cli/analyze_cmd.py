"""``bounce-inspector analyze [--format text|json|jsonl] PATH...``"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from inspector.core.analyze import analyse_bytes, analyse_path, error_analysis
from inspector.core.model import Analysis
from inspector.core.serialize import analysis_to_dict


def add_parser(sub: Any) -> None:
    p = sub.add_parser("analyze", help="analyse bounce messages, mbox files or text")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to analyse; '-' reads standard input")
    p.add_argument("--format", choices=("text", "json", "jsonl"), default="text")
    p.add_argument("--no-parts", action="store_true", help="leave the MIME tree out of JSON output")
    p.add_argument("--jobs", type=int, default=None, metavar="N", help="worker processes (default: the CPUs)")
    p.set_defaults(func=run)


def analyse_source(path: str) -> list[Analysis]:
    try:
        if path == "-":
            return analyse_bytes(sys.stdin.buffer.read(), "-")
        return analyse_path(path)
    except Exception as exc:  # noqa: BLE001 - one bad file never stops the others
        return [error_analysis(path, f"internal error: {type(exc).__name__}: {exc}")]


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    status = 0
    collected: list[dict[str, Any]] = []
    for error, shown in _analysed(args):
        if error is not None:
            status = 1
            print(f"bounce-inspector: {error}", file=sys.stderr)
        if args.format == "jsonl":
            out.write(json.dumps(shown, ensure_ascii=False) + "\n")
        elif args.format == "json":
            collected.append(shown)
        else:
            out.write(f"{shown}\n")
    if args.format == "json":
        out.write(json.dumps(collected, ensure_ascii=False, indent=2) + "\n")
    return status


def _analysed(args: argparse.Namespace) -> Iterator[tuple[str | None, Any]]:
    """(error, what to show) per message, in order: folders read recursively, messages analysed
    on ``--jobs`` processes (the triage pool), standard input in this process."""
    from inspector.core.triage.pool import run_ordered
    from inspector.core.triage.reader import iter_messages

    render = functools.partial(_render_batch, args.format, not args.no_parts)
    for is_stdin, group in itertools.groupby(args.paths, key=lambda p: p == "-"):
        if is_stdin:
            for _ in group:
                yield from render(analyse_source("-"))
        else:
            yield from run_ordered(render, iter_messages(group), getattr(args, "jobs", None))


def _render_batch(fmt: str, with_parts: bool, batch: list[Any]) -> list[tuple[str | None, Any]]:
    """A worker's job: messages (or analyses) in, what ``analyze`` prints for each out."""
    from inspector.core.triage.rows import analyse_raw

    out: list[tuple[str | None, Any]] = []
    for m in batch:
        a = m if isinstance(m, Analysis) else analyse_raw(m)
        out.append((a.error, format_text(a) if fmt == "text" else analysis_to_dict(a, with_parts=with_parts)))
    return out


def format_text(a: Analysis) -> str:
    head = f"{a.source}" + (f" #{a.index}" if a.index else "")
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
            lines.append(f"            {r.diagnostic[:200]}")
        if r.advice:
            lines.append(f"            -> {r.advice}")
    for w in a.warnings:
        lines.append(f"  warning: {w}")
    return "\n".join(lines)
