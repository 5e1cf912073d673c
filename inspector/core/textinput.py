"""Text that is not a message: a pasted reply line, a multi-line ``550-`` reply, an SMTP transcript,
or a mail-server log line. Finds the replies and, where the text says, the recipient of each."""

from __future__ import annotations

import re
from collections.abc import Callable

from inspector.core.addresses import first_address
from inspector.core.classify import classify
from inspector.core.codes import find_codes, find_replies
from inspector.core.model import Analysis, CodeMatch, RecipientResult, Reply

# Postfix/Sendmail-style log line: "to=<a@b>, ... dsn=5.1.1, status=bounced (host x said: ...)".
_LOG_RE = re.compile(
    r"\bto=<?(?P<rcpt>[^\s,>]+)>?.*?(?:\bdsn=(?P<dsn>\d\.\d{1,3}\.\d{1,3}))?.*?"
    r"\bstat(?:us|)=(?P<status>\w+)(?:\s*\((?P<detail>.*)\))?",
    re.I,
)
_RELAY_RE = re.compile(r"\brelay=(?P<relay>[^\s,]+)")
# SMTP transcript: the RCPT command and the reply lines after it.
_RCPT_RE = re.compile(r"RCPT\s+TO\s*:\s*<?(?P<rcpt>[^\s>]+)>?", re.I)
# Postfix bounce text: "<a@b>: host mx[1.2.3.4] said: 550 ..."
# A text that starts as an SMTP session does (the server's greeting or the client's first command)
# is a transcript, not a bounce that quotes one.
_SESSION_START_RE = re.compile(r"\s*(?:220[ -]|(?:ehlo|helo|lhlo)\s|mail\s+from\s*:|rcpt\s+to\s*:)", re.I)
_ADDR_SAID_RE = re.compile(r"<(?P<rcpt>[^\s<>]+@[^\s<>]+)>:?\s+(?P<rest>.+)")
_LOG_ACTION = {"bounced": "failed", "deferred": "delayed", "sent": "delivered", "expired": "failed"}


BounceReader = Callable[[str], tuple[str | None, list[RecipientResult]]]
"""Reads a pasted text as a bounce body: the family that wrote it and its classified recipients
(empty when the recognisers do not take it for a bounce; :func:`inspector.core.analyze.read_pasted_bounce`)."""


def analyse_plain_text(text: str, source: str, read_bounce: BounceReader | None = None) -> Analysis:
    """Log lines first (they name each recipient), then the text as a pasted bounce body (through
    ``read_bounce``), then an SMTP transcript, then the bare replies in it."""
    result = Analysis(source=source, kind="text", text=text)
    result.recipients = _log_lines(text) or (_transcript(text) if _SESSION_START_RE.match(text) else [])
    if not result.recipients and read_bounce is not None:
        result.mta, result.recipients = read_bounce(text)
        if result.recipients:
            return result
    result.recipients = result.recipients or _transcript(text) or _replies(text)
    for rec in result.recipients:
        classify(rec)
    return result


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
        m = _LOG_RE.search(line)
        if not m:
            continue
        detail = m.group("detail") or ""
        basic, enhanced = _codes_of(detail)
        relay = _RELAY_RE.search(line)
        out.append(
            RecipientResult(
                recipient=m.group("rcpt"),
                action=_LOG_ACTION.get(m.group("status").lower(), m.group("status").lower()),
                status=m.group("dsn") or enhanced,
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
    replies = find_replies(text)
    out = []
    for i, m in enumerate(matches):
        stop = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        after = [r for r in replies if m.end() <= r.start < stop and r.basic is not None]
        failing = next((r for r in after if r.basic and r.basic.code[0] in "45"), None)
        reply = failing or (after[0] if after else None)
        if reply is None:
            continue
        out.append(_from_reply(reply, m.group("rcpt")))
    return out


def _replies(text: str) -> list[RecipientResult]:
    out: list[RecipientResult] = []
    for reply in find_replies(text):
        codes: list[CodeMatch] = reply.codes
        if not codes or all(c.code[0] in "23" for c in codes):
            continue
        line_start = text.rfind("\n", 0, reply.start) + 1
        said = _ADDR_SAID_RE.search(text[line_start : reply.end])
        rcpt = said.group("rcpt") if said else first_address(text[line_start : reply.end])
        out.append(_from_reply(reply, rcpt))
    out = _one_per_failure(out)
    if not out:
        # A reply that only succeeded (250) is still worth showing.
        for reply in find_replies(text)[:1]:
            out.append(_from_reply(reply, first_address(text)))
    return out


def _one_per_failure(found: list[RecipientResult]) -> list[RecipientResult]:
    """One result per failed address: the replies of one address (or of no address) that do not
    disagree on a code are one failure, told in several places ("Status: 5.1.1" and the
    "550 5.1.1 ..." it came from, a reply quoted twice); the one with the most codes stands."""
    out: list[RecipientResult] = []
    for rec in found:
        for i, kept in enumerate(out):
            if (kept.recipient or "").lower() != (rec.recipient or "").lower():
                continue
            if _agree(kept.status, rec.status) and _agree(kept.reply_code, rec.reply_code):
                if _completeness(rec) > _completeness(kept):
                    out[i] = rec
                break
        else:
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
