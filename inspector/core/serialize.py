"""The JSON schema of an analysis (documented in the README). Used by the CLI and the app's
"Save analysis as JSON", so both write the same thing."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from inspector.core.model import Analysis, Part


def part_to_dict(part: Part) -> dict[str, Any]:
    d: dict[str, Any] = {
        "path": part.path,
        "content_type": part.content_type,
        "params": part.params,
        "transfer_encoding": part.transfer_encoding,
        "charset": part.charset,
        "size": part.size,
        "filename": part.filename,
        "warnings": part.warnings,
    }
    if part.message_headers is not None:
        d["message_headers"] = [list(h) for h in part.message_headers]
    if part.dsn is not None:
        d["dsn"] = {
            "global": part.dsn.is_global,
            "per_message": [asdict(f) for f in part.dsn.per_message.fields],
            "recipients": [[asdict(f) for f in g.fields] for g in part.dsn.recipients],
        }
    d["children"] = [part_to_dict(c) for c in part.children]
    return d


def analysis_to_dict(a: Analysis, *, with_parts: bool = True) -> dict[str, Any]:
    d: dict[str, Any] = {
        "source": a.source,
        "index": a.index,
        "kind": a.kind,
        "mta": a.mta,
        "layout": a.layout,
        "parse_ms": a.parse_ms,
        "warnings": a.warnings,
        "subject": a.subject,
        "from": a.sender,
        "date": a.date,
        "reporting_mta": a.reporting_mta,
        "arrival_date": a.arrival_date,
        "feedback_type": a.feedback_type,
        "original": asdict(a.original) if a.original else None,
        "recipients": [asdict(r) for r in a.recipients],
        "codes": [
            {"code": c.code, "kind": c.kind, "part": path, "start": c.start, "end": c.end} for path, c in a.codes
        ],
    }
    d["authentication"] = asdict(a.authentication)
    d["timeline"] = [asdict(e) for e in a.timeline]
    if a.error is not None:
        d["error"] = a.error
    if with_parts:
        d["parts"] = part_to_dict(a.root) if a.root is not None else None
    return d
