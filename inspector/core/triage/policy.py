"""What to do with a mailbox's rows: the suppression list and the sender-side checklist.

Suppression policy (pure: rows in, entries out, in the order addresses were first seen):
- an address with a hard bounce is suppressed;
- an address with soft bounces seen at least ``soft_threshold`` times whose first and last are at
  least ``soft_days`` days apart is suppressed;
- sender-side failures (``side == "sender"``: authentication, reputation, policy, block lists,
  content) never count towards an address: they are the sender's setup to fix. They are counted
  so the export can say how many there were.
Auto-replies (reason ``vacation``) are not bounces and count for nothing.

Both builders take rows one at a time (``add``), so a mailbox of any size is summed up without
keeping its rows.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from inspector.core.triage.rows import Row, parse_iso
from inspector.reference.tables import load_reference

SUPPRESSION_COLUMNS = (
    "address",
    "domain",
    "reason",
    "side",
    "hard",
    "status",
    "reply_code",
    "count",
    "first_date",
    "last_date",
    "policy",
    "source",
    "index",
)
DEFAULT_SOFT_THRESHOLD = 3
DEFAULT_SOFT_DAYS = 7.0
# (inspector/cli/triage_cmd.py repeats these two for its help text, to keep its start-up light;
# tests/unit/test_cli_triage.py checks they agree.)
NOT_BOUNCES = frozenset({"vacation", "delivered"})
_KEPT = ("domain", "reason", "side", "hard", "status", "reply_code", "source", "index")


@dataclass(slots=True)
class _AddressState:
    count: int = 0
    hard: bool = False
    soft: int = 0
    soft_first: datetime | None = None
    soft_last: datetime | None = None
    first: datetime | None = None
    last: datetime | None = None
    latest: Row | None = None
    latest_at: datetime | None = None


@dataclass(slots=True)
class SuppressionEntry:
    address: str
    domain: str | None
    reason: str | None
    side: str | None
    hard: bool | None
    status: str | None
    reply_code: str | None
    count: int
    first_date: str | None
    last_date: str | None
    policy: str
    """Why the address is on the list: ``hard`` or ``soft N over D days``."""
    source: str
    index: int

    def as_list(self) -> list[object]:
        return [getattr(self, c) for c in SUPPRESSION_COLUMNS]


@dataclass(slots=True)
class Suppression:
    entries: list[SuppressionEntry]
    sender_side: int
    """Sender-side failures seen (never suppressing)."""
    sender_side_addresses: int
    """Addresses that had only sender-side failures."""
    soft_threshold: int
    soft_days: float

    def note(self) -> str:
        return (
            f"{len(self.entries)} address(es) to suppress (hard bounces; soft bounces seen {self.soft_threshold}+ times "
            f"over {self.soft_days:g}+ days). {self.sender_side} sender-side failure(s) were left out: they are the "
            "sender's setup to fix (authentication, reputation, policy, content), not a bad address."
        )


class SuppressionBuilder:
    def __init__(self, soft_threshold: int = DEFAULT_SOFT_THRESHOLD, soft_days: float = DEFAULT_SOFT_DAYS) -> None:
        self.soft_threshold = soft_threshold
        self.soft_days = soft_days
        self._by_address: dict[str, _AddressState] = {}
        self._sender_only: set[str] = set()
        self.sender_side = 0

    def add(self, row: Row) -> None:
        address = row.get("address")
        if not address or "@" not in address or row.get("reason") in NOT_BOUNCES:
            return
        key = address.lower()
        if row.get("side") == "sender":
            self.sender_side += 1
            if key not in self._by_address:
                self._sender_only.add(key)
            return
        self._sender_only.discard(key)
        st = self._by_address.get(key)
        if st is None:
            st = self._by_address[key] = _AddressState()
        when = parse_iso(row.get("date"))
        st.count += 1
        if when is not None:
            st.first = when if st.first is None else min(st.first, when)
            st.last = when if st.last is None else max(st.last, when)
        # the latest verdict: the one with the latest date (rows without one count as seen now)
        if st.latest is None or when is None or st.latest_at is None or when >= st.latest_at:
            st.latest = {k: row.get(k) for k in _KEPT}  # not the whole row: the builder keeps no rows
            st.latest_at = when if when is not None else st.latest_at
        if row.get("hard") is True:
            st.hard = True
        else:
            st.soft += 1
            if when is not None:
                st.soft_first = when if st.soft_first is None else min(st.soft_first, when)
                st.soft_last = when if st.soft_last is None else max(st.soft_last, when)

    def result(self) -> Suppression:
        entries: list[SuppressionEntry] = []
        for key, st in self._by_address.items():
            policy = self._policy(st)
            if policy is None or st.latest is None:
                continue
            r = st.latest
            entries.append(
                SuppressionEntry(
                    address=key,
                    domain=r.get("domain"),
                    reason=r.get("reason"),
                    side=r.get("side"),
                    hard=r.get("hard"),
                    status=r.get("status"),
                    reply_code=r.get("reply_code"),
                    count=st.count,
                    first_date=st.first.isoformat() if st.first else None,
                    last_date=st.last.isoformat() if st.last else None,
                    policy=policy,
                    source=r.get("source", ""),
                    index=r.get("index", 0),
                )
            )
        return Suppression(entries, self.sender_side, len(self._sender_only), self.soft_threshold, self.soft_days)

    def _policy(self, st: _AddressState) -> str | None:
        if st.hard:
            return "hard"
        if st.soft >= self.soft_threshold:
            days = (st.soft_last - st.soft_first).total_seconds() / 86400 if st.soft_first and st.soft_last else 0.0
            if days >= self.soft_days:
                return f"soft {st.soft} over {days:.1f} days"
        return None


def suppression_list(
    rows: Iterable[Row], soft_threshold: int = DEFAULT_SOFT_THRESHOLD, soft_days: float = DEFAULT_SOFT_DAYS
) -> Suppression:
    b = SuppressionBuilder(soft_threshold, soft_days)
    for r in rows:
        b.add(r)
    return b.result()


def suppression_csv(s: Suppression) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(SUPPRESSION_COLUMNS)
    for e in s.entries:
        w.writerow(["" if v is None else ("true" if v is True else "false" if v is False else v) for v in e.as_list()])
    return buf.getvalue()


# ---------------------------------------------------------------------------- summaries

CAUSES = {
    "auth": "Authentication (SPF, DKIM, DMARC): publish and align them for the sending domain",
    "ptr": "Reverse DNS (PTR): give the sending IP a PTR record that resolves back to it",
    "blocklist": "Block lists: the sending IP or domain is listed; request removal after fixing the cause",
    "rate": "Rate limits: send slower to these providers and retry later",
    "reputation": "Reputation: the sender's IP or domain is distrusted; warm up and check complaints",
    "content": "Content and policy: the message itself was refused (spam, size, format, virus)",
    "other": "Other sender-side refusals (relaying, policy)",
}
_REASON_CAUSE = {
    "authfailure": "auth",
    "requireptr": "ptr",
    "blocked": "blocklist",
    "speeding": "rate",
    "toomanyconn": "rate",
    "badreputation": "reputation",
    "spamdetected": "content",
    "contenterror": "content",
    "virusdetected": "content",
    "mesgtoobig": "content",
    "notcompliantrfc": "content",
    "securityerror": "auth",
}
_AUTH_WORDS = ("spf", "dkim", "dmarc")
_PTR_WORDS = ("reverse dns", "ptr record", "ptr ", "rdns", "reverse lookup", "no ptr")


def cause_of(row: Row) -> str:
    """The checklist group of a sender-side row: by its reason, sharpened by the reply's words."""
    text = (row.get("diagnostic") or "").lower()
    if any(w in text for w in _AUTH_WORDS):
        return "auth"
    if any(w in text for w in _PTR_WORDS):
        return "ptr"
    return _REASON_CAUSE.get(row.get("reason") or "", "other")


def block_list_names() -> tuple[str, ...]:
    """Providers of the reference that are block lists: every one of their replies is a refusal
    of the sender (blocked, reputation, spam), never an answer about an address."""
    ref = load_reference()
    reasons: dict[str, set[str]] = {}
    for p in ref.providers:
        if p.provider:
            reasons.setdefault(p.provider, set()).add(p.reason)
    return tuple(sorted(name for name, rs in reasons.items() if rs <= {"blocked", "badreputation", "spamdetected"}))


@dataclass(slots=True)
class CauseGroup:
    cause: str
    title: str
    count: int = 0
    providers: Counter[str] = field(default_factory=Counter)
    """Receiving domains (or mail-server families) that refused for this cause."""
    lists: Counter[str] = field(default_factory=Counter)
    """Block lists named in the replies."""


class Summary:
    """Counts by reason, side, domain, day; the sender-side checklist; the message tally."""

    def __init__(self) -> None:
        self.messages = 0
        self.errors = 0
        self.without_rows = 0
        self.rows = 0
        self.by_reason: Counter[str] = Counter()
        self.by_side: Counter[str] = Counter()
        self.by_domain: Counter[str] = Counter()
        self.by_day: Counter[str] = Counter()
        self.by_severity: Counter[str] = Counter()
        self.hard = 0
        self.causes: dict[str, CauseGroup] = {}
        self._lists: tuple[str, ...] | None = None

    def add_message(self, rows: list[Row], error: str | None = None) -> None:
        self.count_message(len(rows), error)
        for r in rows:
            self.add(r)

    def count_message(self, n_rows: int, error: str | None = None) -> None:
        """Count one message (its rows are added with :meth:`add`)."""
        self.messages += 1
        if error is not None:
            self.errors += 1
        elif not n_rows:
            self.without_rows += 1

    def add(self, r: Row) -> None:
        self.rows += 1
        self.by_reason[r.get("reason") or "undefined"] += 1
        self.by_side[r.get("side") or "unknown"] += 1
        self.by_domain[r.get("domain") or "(none)"] += 1
        self.by_severity[r.get("severity") or "unknown"] += 1
        if r.get("hard") is True:
            self.hard += 1
        if r.get("date"):
            self.by_day[r["date"][:10]] += 1
        if r.get("side") == "sender" and r.get("reason") not in ("feedback",):
            cause = cause_of(r)
            g = self.causes.get(cause)
            if g is None:
                g = self.causes[cause] = CauseGroup(cause, CAUSES[cause])
            g.count += 1
            g.providers[r.get("domain") or r.get("mta") or "(unknown)"] += 1
            if cause in ("blocklist", "reputation", "content"):
                text = (r.get("diagnostic") or "").lower()
                for name in self._block_lists():
                    if name.lower() in text:
                        g.lists[name] += 1

    def _block_lists(self) -> tuple[str, ...]:
        if self._lists is None:
            self._lists = block_list_names()
        return self._lists

    def checklist(self) -> list[CauseGroup]:
        return sorted(self.causes.values(), key=lambda g: (-g.count, g.cause))

    def text(self, top: int = 15) -> str:
        lines = [
            f"{self.messages} message(s): {self.rows} failed recipient(s), {self.hard} hard; "
            f"{self.without_rows} without a failed recipient, {self.errors} unreadable"
        ]

        def block(title: str, c: Counter[str], n: int | None = None) -> None:
            if not c:
                return
            lines.append(f"by {title}:")
            for k, v in c.most_common(n):
                lines.append(f"  {v:>7}  {k}")

        block("reason", self.by_reason)
        block("side", self.by_side)
        block(f"domain (top {top})", self.by_domain, top)
        groups = self.checklist()
        if groups:
            lines.append("sender-side checklist (fix these in your own setup; they never suppress an address):")
            for g in groups:
                lines.append(f"  [ ] {g.title}: {g.count}")
                lines.append("        " + ", ".join(f"{k} {v}" for k, v in g.providers.most_common(8)))
                if g.lists:
                    lines.append("        lists named: " + ", ".join(f"{k} {v}" for k, v in g.lists.most_common()))
        return "\n".join(lines)
