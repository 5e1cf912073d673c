"""The JSON schema of an analysis (documented in the README). Used by the CLI and the app's
"Save analysis as JSON", so both write the same thing.

The dataclasses are turned into dicts field by field (their fields in declaration order, as
``dataclasses.asdict`` gives them) without ``asdict``'s recursive deep copy, which was a third of
the time of a JSON export: every field is a plain value except the few nested ones handled here
(tests/unit/test_serialize.py checks the result against ``asdict``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from inspector.core.model import Analysis, DsnField, Evidence, OriginalMessage, Part, RecipientResult

if TYPE_CHECKING:  # not imported at start-up (the window imports this module)
    from inspector.core.authentication import Authentication


def _flat(cls: type) -> Callable[[Any], dict[str, Any]]:
    """A to-dict for a dataclass whose fields hold plain values (str, numbers, None, lists of str)."""
    names = tuple(f.name for f in fields(cls))
    get = attrgetter(*names)

    def to_dict(obj: Any) -> dict[str, Any]:
        return dict(zip(names, get(obj), strict=True))

    return to_dict


_FLAT: dict[type, Callable[[Any], dict[str, Any]]] = {}


def _as_dict(obj: Any) -> dict[str, Any]:
    """``obj`` (a dataclass of plain values) as a dict, by its class's to-dict (made on first use)."""
    to_dict = _FLAT.get(type(obj))
    if to_dict is None:
        to_dict = _FLAT[type(obj)] = _flat(type(obj))
    return to_dict(obj)


_evidence = _flat(Evidence)
_dsn_field = _flat(DsnField)
_original = _flat(OriginalMessage)
_recipient_flat = _flat(RecipientResult)


def _recipient(r: RecipientResult) -> dict[str, Any]:
    d = _recipient_flat(r)
    d["evidence"] = [_evidence(e) for e in r.evidence]
    return d


def _authentication(auth: Authentication) -> dict[str, Any]:
    d = _as_dict(auth)
    d["spf"], d["dkim"], d["dmarc"] = _as_dict(auth.spf), _as_dict(auth.dkim), _as_dict(auth.dmarc)
    d["signals"] = list(auth.signals)
    return d


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
        d["message_headers"] = [[k, v] for k, v in part.message_headers]
    if part.dsn is not None:
        d["dsn"] = {
            "global": part.dsn.is_global,
            "per_message": [_dsn_field(f) for f in part.dsn.per_message.fields],
            "recipients": [[_dsn_field(f) for f in g.fields] for g in part.dsn.recipients],
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
        "original": _original(a.original) if a.original else None,
        "recipients": [_recipient(r) for r in a.recipients],
        "codes": [
            {"code": c.code, "kind": c.kind, "part": path, "start": c.start, "end": c.end} for path, c in a.codes
        ],
    }
    d["authentication"] = _authentication(a.authentication)
    d["timeline"] = [_as_dict(e) for e in a.timeline]
    if a.error is not None:
        d["error"] = a.error
    if with_parts:
        d["parts"] = part_to_dict(a.root) if a.root is not None else None
    return d
