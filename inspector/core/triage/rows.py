"""One message's analysis reduced to rows: one per failed (or delayed) recipient.

A row is a plain dict (JSON-ready, small to send between processes): the ``analyze`` schema's
recipient fields (``recipient``, ``status``, ``reply_code``, ``reason``, ``hard``, ``side``,
``evidence``, ...) plus where it came from (``source``, ``index``, ``offset``, ``length``), the
``address`` (the recipient with its domain lower-cased), its ``domain``, the bounce's mail-server
family (``mta``), its ``subject`` and the failure's ``date`` in ISO 8601 (UTC).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from inspector.core.analyze import analyse_item_safely, read_item
from inspector.core.limits import DEFAULT_LIMITS, Limits
from inspector.core.model import Analysis, Evidence, Reading, RecipientResult
from inspector.core.triage.reader import RawMessage, as_item

Row = dict[str, Any]
_RECIPIENT_FIELDS = tuple(f.name for f in fields(RecipientResult) if f.name != "evidence")
_EVIDENCE_FIELDS = tuple(f.name for f in fields(Evidence))

# The columns a table of rows shows first, in this order (the rest follow in the analyse schema's).
MAIN_COLUMNS = (
    "address",
    "domain",
    "mta",
    "severity",
    "hard",
    "reason",
    "side",
    "status",
    "reply_code",
    "date",
    "source",
    "index",
)


@dataclass(slots=True)
class MessageOutcome:
    """What one message gave: its rows, or why it gave none."""

    source: str
    index: int
    kind: str
    """The analysis kind (``dsn``, ``non-dsn-bounce``, ``not-bounce``...) or ``error``."""
    rows: list[Row] = field(default_factory=list)
    error: str | None = None


def analyse_raw(m: RawMessage, limits: Limits = DEFAULT_LIMITS) -> Analysis:
    """The full analysis of one message of a mailbox (what the inspector view shows)."""
    if m.error is not None:
        return Analysis(source=m.source, index=m.index, kind="not-bounce", error=m.error)
    return analyse_item_safely(as_item(m), limits)


def read_raw(m: RawMessage, limits: Limits = DEFAULT_LIMITS) -> Reading:
    """One message of a mailbox read up to its verdicts (a :class:`Reading`: code spans,
    authentication and timeline are for the one the user opens, :func:`analyse_raw`)."""
    if m.error is not None:
        return Reading(source=m.source, index=m.index, kind="not-bounce", error=m.error)
    return read_item(as_item(m), limits)


def outcome(m: RawMessage, limits: Limits = DEFAULT_LIMITS) -> MessageOutcome:
    """The rows of one message of a mailbox."""
    a = read_raw(m, limits)
    if a.error is not None:
        return MessageOutcome(m.source, m.index, "error", error=a.error)
    return MessageOutcome(m.source, m.index, a.kind, rows_of(a, m))


def rows_of(a: Reading, m: RawMessage | None = None) -> list[Row]:
    """The rows of one analysis: its recipients that were not delivered."""
    out: list[Row] = []
    for r in a.recipients:
        if r.severity == "success":
            continue
        out.append(row_of(a, r, m))
    return out


def row_of(a: Reading, r: RecipientResult, m: RawMessage | None = None) -> Row:
    address, domain = split_address(r.recipient)
    row: Row = {
        "source": a.source,
        "index": a.index,
        "address": address,
        "domain": domain,
        "mta": a.mta,
        "date": iso_date(r.last_attempt, a.date, a.arrival_date),
        "subject": a.subject,
    }
    for name in _RECIPIENT_FIELDS:  # dataclasses.asdict, without its deep copy (a tenth of the time)
        row[name] = getattr(r, name)
    row["evidence"] = [{name: getattr(e, name) for name in _EVIDENCE_FIELDS} for e in r.evidence]
    row["offset"] = m.offset if m is not None else 0
    row["length"] = m.length if m is not None else -1
    return row


def split_address(recipient: str | None) -> tuple[str | None, str | None]:
    """(address with its domain lower-cased, domain) of a recipient as a bounce gives it."""
    if not recipient:
        return None, None
    addr = recipient.strip().strip("<>").strip()
    if "@" not in addr:
        return addr or None, None
    local, _, domain = addr.rpartition("@")
    domain = domain.strip().rstrip(".").lower()
    return f"{local}@{domain}", domain or None


def iso_date(*candidates: str | None) -> str | None:
    """The first of ``candidates`` that parses as an RFC 5322 date, in ISO 8601 UTC."""
    for c in candidates:
        if not c:
            continue
        try:
            dt = parsedate_to_datetime(c.strip())
        except (TypeError, ValueError, IndexError, OverflowError):
            continue
        if dt is None:
            continue
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=UTC)
        try:
            return dt.astimezone(UTC).isoformat()
        except (ValueError, OverflowError):
            continue
    return None


def parse_iso(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


ROW_COLUMNS = (
    *MAIN_COLUMNS,
    "recipient",
    "action",
    "diagnostic",
    "remote_mta",
    "reporting_mta",
    "advice",
    "original_recipient",
    "last_attempt",
    "will_retry_until",
    "feedback_type",
    "part",
    "confidence",
    "evidence",
    "subject",
    "offset",
    "length",
)
"""Every field of a row, in the order a CSV export writes them."""


def csv_value(row: Row, column: str) -> str:
    """One cell of a CSV export: booleans as true/false, evidence as ``kind:id`` joined by ``; ``."""
    v = row.get(column)
    if v is None:
        return ""
    if v is True or v is False:
        return "true" if v else "false"
    if column == "evidence" and isinstance(v, list):
        return "; ".join(f"{e.get('kind')}:{e.get('id')}" for e in v if isinstance(e, dict))
    return str(v)
