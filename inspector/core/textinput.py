"""Text that is not a message: a pasted reply line, a multi-line ``550-`` reply, an SMTP transcript,
or a mail-server log line. Finds the replies and, where the text says, the recipient of each."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from typing import TypeVar, overload

from inspector.core.addresses import first_address
from inspector.core.classify import classify
from inspector.core.codes import find_codes, find_replies
from inspector.core.model import CodeMatch, Reading, RecipientResult, Reply

# Postfix/Sendmail-style log line: "to=<a@b>, ... dsn=5.1.1, status=bounced (host x said: ...)". Three
# searches, not one expression: one with ".*?" runs between its parts took cubic time on a long line
# of "to=" without a status (found by fuzzing), and never captured the dsn= between them.
_LOG_TO_RE = re.compile(r"\bto=<?(?P<rcpt>[^\s,>]+)", re.I)
_LOG_STATUS_RE = re.compile(r"\bstat(?:us|)=(?P<status>\w+)(?:\s*\((?P<detail>.*)\))?", re.I)
_LOG_DSN_RE = re.compile(r"\bdsn=(?P<dsn>\d\.\d{1,3}\.\d{1,3})", re.I)
_RELAY_RE = re.compile(r"\brelay=(?P<relay>[^\s,]+)")
# SMTP transcript: the RCPT command and the reply lines after it.
_RCPT_RE = re.compile(r"RCPT\s+TO\s*:\s*<?(?P<rcpt>[^\s>]+)>?", re.I)
# Postfix bounce text: "<a@b>: host mx[1.2.3.4] said: 550 ..."
# A text that starts as an SMTP session does (the server's greeting or the client's first command)
# is a transcript, not a bounce that quotes one.
_SESSION_START_RE = re.compile(r"\s*(?:220[ -]|(?:ehlo|helo|lhlo)\s|mail\s+from\s*:|rcpt\s+to\s*:)", re.I)
# "<...>" then text; the caller keeps only a bracketed address (an "@" inside). One run of characters
# in the brackets: with "[^\s<>]+@[^\s<>]+" a long "<a@a@a@..." took quadratic time to fail.
_ADDR_SAID_RE = re.compile(r"<(?P<rcpt>[^\s<>]+)>:?(?=\s+.)")
_LOG_ACTION = {"bounced": "failed", "deferred": "delayed", "sent": "delivered", "expired": "failed"}


BounceReader = Callable[[str], tuple[str | None, list[RecipientResult]]]
"""Reads a pasted text as a bounce body: the family that wrote it and its classified recipients
(empty when the recognisers do not take it for a bounce; :func:`inspector.core.analyze.read_pasted_bounce`)."""


R = TypeVar("R", bound=Reading)


@overload
def analyse_plain_text(text: str, source: str, read_bounce: BounceReader | None = None) -> Reading: ...


@overload
def analyse_plain_text(text: str, source: str, read_bounce: BounceReader | None, cls: type[R]) -> R: ...


def analyse_plain_text(
    text: str, source: str, read_bounce: BounceReader | None = None, cls: type[Reading] = Reading
) -> Reading:
    """Log lines first (they name each recipient), then the text as a pasted bounce body (through
    ``read_bounce``), then an SMTP transcript, then the bare replies in it. ``cls``: what to build
    (a :class:`~inspector.core.model.Reading`, or an Analysis the caller then finishes)."""
    mta: str | None = None
    recipients = _log_lines(text) or (_transcript(text) if _SESSION_START_RE.match(text) else [])
    if not recipients and read_bounce is not None:
        mta, recipients = read_bounce(text)
        if recipients:
            return cls(source=source, kind="text", text=text, mta=mta, recipients=recipients)
    recipients = recipients or _transcript(text) or _replies(text)
    for rec in recipients:
        classify(rec)
    return cls(source=source, kind="text", text=text, mta=mta, recipients=recipients)


def _codes_of(text: str) -> tuple[str | None, str | None]:
    basic = enhanced = None
    for c in find_codes(text):
        if c.kind == "basic" and basic is None:
            basic = c.code
        elif c.kind == "enhanced" and enhanced is None:
            enhanced = c.code
    return basic, enhanced


def _log_lines(text: str) -> list[RecipientResult]:
    out = []
    for line in text.splitlines():
        to = _LOG_TO_RE.search(line)
        m = _LOG_STATUS_RE.search(line, to.end()) if to else None
        if to is None or m is None:
            continue
        dsn = _LOG_DSN_RE.search(line, to.end(), m.start())
        detail = m.group("detail") or ""
        basic, enhanced = _codes_of(detail)
        relay = _RELAY_RE.search(line)
        out.append(
            RecipientResult(
                recipient=to.group("rcpt"),
                action=_LOG_ACTION.get(m.group("status").lower(), m.group("status").lower()),
                status=(dsn.group("dsn") if dsn else None) or enhanced,
                reply_code=basic,
                diagnostic=detail or None,
                remote_mta=relay.group("relay") if relay else None,
            )
        )
    return out


def _transcript(text: str) -> list[RecipientResult]:
    matches = list(_RCPT_RE.finditer(text))
    if not matches:
        return []
    replies = find_replies(text)  # in text order
    starts = [r.start for r in replies]
    out = []
    for i, m in enumerate(matches):
        stop = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        lo, hi = bisect_left(starts, m.end()), bisect_left(starts, stop)
        after = [r for r in replies[lo:hi] if r.basic is not None]
        failing = next((r for r in after if r.basic and r.basic.code[0] in "45"), None)
        reply = failing or (after[0] if after else None)
        if reply is None:
            continue
        out.append(_from_reply(reply, m.group("rcpt")))
    return out


def _replies(text: str) -> list[RecipientResult]:
    out: list[RecipientResult] = []
    # The replies of one line share its text up to the line's end: its address is looked for once
    # (a long line holding many replies made this quadratic).
    rcpt_of: dict[tuple[int, int], str | None] = {}
    line_start = searched = 0  # the replies come in text order: each line start is looked for once
    for reply in find_replies(text):
        codes: list[CodeMatch] = reply.codes
        if not codes or all(c.code[0] in "23" for c in codes):
            continue
        line_start = max(line_start, text.rfind("\n", searched, reply.start) + 1)
        searched = reply.start
        key = (line_start, reply.end)
        if key not in rcpt_of:
            rcpt_of[key] = _said_address(text[key[0] : key[1]])
        out.append(_from_reply(reply, rcpt_of[key]))
    out = _one_per_failure(out)
    if not out:
        # A reply that only succeeded (250) is still worth showing.
        for reply in find_replies(text)[:1]:
            out.append(_from_reply(reply, first_address(text)))
    return out


def _said_address(line: str) -> str | None:
    """The address a reply's line names: ``<a@b>: ...`` at the front, else the first address in it."""
    for said in _ADDR_SAID_RE.finditer(line):
        if "@" in said.group("rcpt")[1:-1]:
            return said.group("rcpt")
    return first_address(line)


_MAX_FAILURES_PER_ADDRESS = 50
"""Different failures kept for one address (or for no address) in one text: a text holding
thousands of different codes is hostile, and comparing each with all before it took quadratic time."""


def _one_per_failure(found: list[RecipientResult]) -> list[RecipientResult]:
    """One result per failed address: the replies of one address (or of no address) that do not
    disagree on a code are one failure, told in several places ("Status: 5.1.1" and the
    "550 5.1.1 ..." it came from, a reply quoted twice); the one with the most codes stands."""
    out: list[RecipientResult] = []
    by_address: dict[str, list[int]] = {}  # indexes in ``out`` of each address's failures
    for rec in found:
        same = by_address.setdefault((rec.recipient or "").lower(), [])
        for i in same:
            kept = out[i]
            if _agree(kept.status, rec.status) and _agree(kept.reply_code, rec.reply_code):
                if _completeness(rec) > _completeness(kept):
                    out[i] = rec
                break
        else:
            if len(same) < _MAX_FAILURES_PER_ADDRESS:
                same.append(len(out))
                out.append(rec)
    return out


def _agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _completeness(rec: RecipientResult) -> int:
    return (rec.status is not None) + (rec.reply_code is not None)


def _from_reply(reply: Reply, rcpt: str | None) -> RecipientResult:
    status = reply.enhanced.code if reply.enhanced else None
    basic = reply.basic.code if reply.basic else None
    cls = (status or basic or "")[:1]
    action = {"5": "failed", "4": "delayed", "2": "delivered"}.get(cls)
    diag = " ".join(c for c in (basic, status, reply.text) if c)
    return RecipientResult(recipient=rcpt, action=action, status=status, reply_code=basic, diagnostic=diag)
