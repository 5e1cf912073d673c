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


def add_parser(sub: Any) -> None:
    p = sub.add_parser("analyze", help="analyse bounce messages, mbox files or text")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files to analyse; '-' reads standard input")
    p.add_argument("--format", choices=("text", "json", "jsonl"), default="text")
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
    out = out or sys.stdout
    if activate_rules(args) is None:
        return 2
    status = 0
    collected: list[dict[str, Any]] = []
    for path in args.paths:
        for a in analyse_source(path):
            if a.error is not None:
                status = 1
                print(f"bounce-inspector: {a.error}", file=sys.stderr)
            d = analysis_to_dict(a, with_parts=not args.no_parts)
            if args.format == "jsonl":
                out.write(json.dumps(d, ensure_ascii=False) + "\n")
            elif args.format == "json":
                collected.append(d)
            else:
                out.write(format_text(a) + "\n")
    if args.format == "json":
        out.write(json.dumps(collected, ensure_ascii=False, indent=2) + "\n")
    return status


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
