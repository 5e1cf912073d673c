"""A bounce's life in time order: when the message was written, each relay hop, when the reporting
server got it, the last attempt, the bounce itself, how long retries go on, and any retry hint.

Sources: the returned message's ``Date`` and ``Received`` headers (oldest hop first; the delay
between hops and the hosts), the DSN's ``Arrival-Date``, ``Last-Attempt-Date`` and
``Will-Retry-Until``, the bounce's own ``Date``, and retry hints in the replies ("try again in 15
minutes", a provider's deferral code such as Yahoo's TSS04). Delays over an hour are marked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from inspector.core.headers import all_headers
from inspector.core.patterns.literals import ascii_lower, may_match, needles_of
from inspector.reference.tables import load_reference

if TYPE_CHECKING:
    from inspector.core.model import Reading


@dataclass(slots=True)
class TimelineEvent:
    """One moment in a bounce's life (:mod:`inspector.core.timeline`).

    ``time`` is ISO 8601 with the writer's UTC offset (the raw text when it could not be read, None
    for a retry hint with nothing to count from); ``delay_s`` the seconds since the previous event
    with a time; ``slow`` marks a delay over an hour."""

    time: str | None
    event: str
    host: str | None = None
    delay_s: float | None = None
    slow: bool = False


SLOW_S = 3600
"""A delay between two events longer than this is marked ``slow``."""

_FROM_RE = re.compile(r"(?<![\w-])from\s+([^\s;()<>]+)", re.I)
_BY_RE = re.compile(r"(?<![\w-])by\s+([^\s;()<>]+)", re.I)
_PROVIDER_TOKEN_RE = re.compile(r"\b([A-Z]{2,5}\d{2,3})\b")
_RETRY_RE = re.compile(
    r"\b(?:try|retry|resend|send)(?:ing)?\s+(?:it\s+|the message\s+)?(?:again\s+)?(?:later\s+)?(?:in|after)\s+"
    r"(?:about\s+|at least\s+)?(\d{1,4})\s*(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)\b",
    re.I,
)
_LATER_RE = re.compile(r"\b(?:try|retry|resend)(?:ing)?\s+(?:it\s+|the message\s+)?(?:again\s+)?later\b", re.I)
_UNIT_S = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RETRY_NEEDLES = needles_of(_RETRY_RE)
_LATER_NEEDLES = needles_of(_LATER_RE)

_MONTHS = {m: n for n, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}
_PLAIN_DATE_RE = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?([0-9]{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"([1-9][0-9]{3}) ([0-9]{2}):([0-9]{2})(?::([0-9]{2}))? ([+-])([0-9]{2})([0-9]{2})(?:\s.*)?",
    re.S,
)
"""The date as RFC 5322 writes it (``Tue, 1 Dec 2026 10:00:00 +0000``, anything after the zone
ignored): read here as ``parsedate_to_datetime`` reads it, a few times faster; other forms go to it."""


@lru_cache(maxsize=64)
def _zone(sign: str, hours: str, minutes: str) -> tzinfo:
    """The zone of a ``+hhmm`` offset (a few are seen again and again: made once each).
    Raises ValueError for an offset of a day or more."""
    offset = int(hours) * 3600 + int(minutes) * 60
    if offset == 0 and sign == "-":  # "-0000": no zone known, read as UTC (below)
        return UTC
    return timezone(timedelta(seconds=-offset if sign == "-" else offset))


def parse_date(value: str | None) -> datetime | None:
    """The moment a date header, a Received header (after its last ``;``) or a DSN date field
    names, or None when it names none."""
    if not value:
        return None
    if ";" in value:  # a Received header: the date follows the last semicolon
        value = value.rsplit(";", 1)[1]
    value = value.strip()
    m = _PLAIN_DATE_RE.fullmatch(value)
    if m is not None:
        day, month, year, hh, mm, ss, sign, zh, zm = m.groups()
        try:
            zone = _zone(sign, zh, zm)
            return datetime(int(year), _MONTHS[month], int(day), int(hh), int(mm), int(ss or 0), tzinfo=zone)
        except (ValueError, OverflowError):
            return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:  # "-0000" or no zone: read as UTC
        when = when.replace(tzinfo=UTC)
    return when


class _Builder:
    def __init__(self) -> None:
        self.timed: list[tuple[datetime, int, TimelineEvent]] = []
        self.untimed: list[TimelineEvent] = []
        self.planned: set[int] = set()

    def add(
        self, raw: str | None, event: str, host: str | None = None, when: datetime | None = None, elapsed: bool = True
    ) -> datetime | None:
        """Add an event; its time as read (None when it has none). ``elapsed``: the event happened
        (a hop, an attempt); False for deadlines and hints, whose distance from the previous event
        is not a delay and is never marked slow."""
        when = when or parse_date(raw)
        if when is not None:
            ev = TimelineEvent(when.isoformat(), event, host)
            if not elapsed:
                self.planned.add(id(ev))
            self.timed.append((when, len(self.timed) + len(self.untimed), ev))
        elif raw:
            self.untimed.append(TimelineEvent(raw.strip(), f"{event} (date not readable)", host))
        return when

    def events(self) -> list[TimelineEvent]:
        ordered = sorted(self.timed)  # by time, then order of adding (unique: the events are never compared)
        previous: datetime | None = None
        out: list[TimelineEvent] = []
        for when, _n, ev in ordered:
            if previous is not None:
                ev.delay_s = (when - previous).total_seconds()
                ev.slow = ev.delay_s > SLOW_S and id(ev) not in self.planned
            previous = when
            out.append(ev)
        return out + self.untimed


def timeline_of(a: Reading) -> list[TimelineEvent]:
    """The analysed bounce's timeline, oldest first. Never raises on odd input."""
    b = _Builder()
    returned = a.returned_part()
    if returned is not None and returned.message_headers:
        headers = returned.message_headers
        b.add(returned.header("Date"), "message written (Date of the returned message)")
        for value in reversed(all_headers(headers, "Received")):
            by = _BY_RE.search(value)
            frm = _FROM_RE.search(value)
            host = by.group(1).rstrip(".") if by else None
            source = f" from {frm.group(1).rstrip('.')}" if frm else ""
            b.add(value, f"relayed{source}" if host else f"received{source}", host)
    if a.arrival_date:
        b.add(a.arrival_date, "arrived at the reporting server (Arrival-Date)", a.reporting_mta)
    seen: set[tuple[str, str | None]] = set()
    last_attempt: datetime | None = None
    for r in a.recipients:
        who = r.recipient or "the recipient"
        if r.last_attempt and (r.last_attempt, r.remote_mta) not in seen:
            seen.add((r.last_attempt, r.remote_mta))
            when = b.add(r.last_attempt, f"last attempt for {who} (Last-Attempt-Date)", r.remote_mta)
            last_attempt = last_attempt or when
    bounce_date = b.add(a.date, "bounce written (Date of the bounce)", a.reporting_mta)
    for r in a.recipients:
        if r.will_retry_until:
            b.add(
                r.will_retry_until,
                f"retries for {r.recipient or 'the recipient'} end (Will-Retry-Until)",
                elapsed=False,
            )
    _retry_hints(a, b, last_attempt or bounce_date)
    return b.events()


def _retry_hints(a: Reading, b: _Builder, base: datetime | None) -> None:
    texts = {r.diagnostic for r in a.recipients if r.diagnostic}
    if a.text and not a.recipients:
        texts.add(a.text)
    for text in sorted(texts):
        low = ascii_lower(text)
        m = _RETRY_RE.search(text) if may_match(_RETRY_NEEDLES, low) else None
        if m is not None:
            n, unit = int(m.group(1)), m.group(2)[0].lower()
            wait = timedelta(seconds=n * _UNIT_S[unit])
            event = f"earliest retry the reply asks for ({m.group(0).strip()})"
            when = _later(base, wait)
            if when is not None:
                b.add(None, event, when=when, elapsed=False)
            else:
                b.untimed.append(TimelineEvent(None, event))
        elif may_match(_LATER_NEEDLES, low) and _LATER_RE.search(text):
            event = "the reply asks to try again later"
            if base is not None:
                b.add(None, event, when=base, elapsed=False)
            else:
                b.untimed.append(TimelineEvent(None, event))
    hinted: set[str] = set()
    for r in a.recipients:
        if r.severity != "transient" or not r.diagnostic:
            continue
        for token in _PROVIDER_TOKEN_RE.findall(r.diagnostic):
            title = _provider_title(token)
            if title and token not in hinted:
                hinted.add(token)
                event = f"the provider deferred the message: {title}"
                if base is not None:
                    b.add(None, event, when=base, elapsed=False)
                else:
                    b.untimed.append(TimelineEvent(None, event))


def _later(base: datetime | None, wait: timedelta) -> datetime | None:
    """``base + wait``, or None past the last date Python can hold (a bounce dated in the year
    9999 that asks for a retry in days raised OverflowError; found by fuzzing)."""
    try:
        return base + wait if base is not None else None
    except OverflowError:
        return None


def _provider_title(token: str) -> str | None:
    """The title of the provider entry whose code is ``token`` (``TSS04``), if the reference has one."""
    low = token.lower()
    return next((p.title for p in load_reference().providers_for(token) if p.code.lower() == low), None)
