"""Sendmail (and the older V5 sendmail) without a delivery-status part: the session transcript.

Between ``----- Transcript of session follows -----`` and the returned message, sendmail writes
what happened while it talked to each host, then one line per failed recipient::

    While talking to mail.example.com:
    >>> RCPT To:<mikeneko@example.com>
    <<< 550 Requested User Mailbox not found.
    550 <mikeneko@example.com>... User unknown

A recipient line (``NNN <address>... text``) is sendmail's own summary; the remote server's
answer is the reply quoted after the dots (``554 <a@b>... 550 Host unknown``), else the ``<<<``
reply of the same conversation, else the summary's code. Lines for a host (``421 example.org
(smtp)... Deferred``) name no recipient. With a delivery-status part, the DSN is read instead.

A bounce forwarded by a person arrives quoted (every line behind ``> ``, so ``>>> DATA`` reads
``>>>> DATA``): when the transcript's own heading is quoted, one level of quoting is taken off
before the transcript is read.

When the transcript has no recipient line (sendmail summed the failure up as ``554 5.0.0 Service
unavailable`` with no address), the recipients are those of the list above it, ``----- The
following addresses had permanent fatal errors -----``, each with its ``(reason: ...)`` line; the
remote reply of the conversation that names the address (or of the only conversation, for the only
address) explains it.

A DSN and its transcript may disagree: a refusal after ``DATA`` is summed up by sendmail itself as
``554 5.0.0 Service unavailable`` (no address), and the DSN block repeats that summary, while the
transcript keeps the remote server's real answer (``<<< 552 5.2.2 Mailbox full``). When the DSN's
code says nothing of the cause (``X.0.0``, or none) and the recipient's conversation has a failing
reply of the same class with a precise enhanced code, that reply is the answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from inspector.core.addresses import first_address, is_address
from inspector.core.codes import is_failure
from inspector.core.model import RecipientResult
from inspector.core.recognisers.base import Bounce, Recognition
from inspector.core.recognisers.family import FamilyRecogniser
from inspector.core.recognisers.gate import Gate
from inspector.core.recognisers.message import text_part_path
from inspector.core.recognisers.notice import split_returned, squeeze
from inspector.core.recognisers.recipients import make_recipient, parse_text, unique_by_address
from inspector.core.recognisers.replies import remote_codes

_TRANSCRIPT_RE = re.compile(r"-+ ?Transcript of session follows ?-+", re.I)
_TALKING_RE = re.compile(r"^\s*\.*\s*while talking to [^:\n]*:?\s*$", re.I)
_SENT_RE = re.compile(r"^>>> ?(?P<cmd>.*)$")
_GOT_RE = re.compile(r"^<<< ?(?P<reply>.*)$")
_RECIPIENT_RE = re.compile(
    r"^(?P<code>[245]\d\d)[ -](?:[245]\.\d{1,3}\.\d{1,3} )?<(?P<addr>[^<>\s]+@[^<>\s]+)>\.\.\.\s*(?P<text>.*)$"
)
_INNER_REPLY_RE = re.compile(r"^[245]\d\d[ -]")


def _quoted_at(text: str, pos: int) -> bool:
    """The line holding ``pos`` is quoted (starts with ``>`` after optional blanks)."""
    line_start = text.rfind("\n", 0, pos) + 1
    return text[line_start:pos].lstrip(" \t").startswith(">")


def unquote(text: str) -> str:
    """``text`` with one level of ``>`` quoting taken off the lines that have it."""
    out = []
    for line in text.split("\n"):
        if line.startswith(">"):
            line = line[2:] if line.startswith("> ") else line[1:]
        out.append(line)
    return "\n".join(out)


def transcript_recipients(text: str, part: str | None) -> list[RecipientResult]:
    """One result per ``NNN <address>...`` line of a sendmail transcript (see the module doc)."""
    out: list[RecipientResult] = []
    command: str | None = None
    remote: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if _TALKING_RE.match(line):
            command, remote = None, []
            continue
        sent = _SENT_RE.match(line)
        if sent:
            command, remote = sent.group("cmd").strip(), []
            continue
        got = _GOT_RE.match(line)
        if got:
            remote.append(got.group("reply").strip())
            continue
        m = _RECIPIENT_RE.match(line)
        if m is None:
            continue
        own = m.group("text").strip()
        if _INNER_REPLY_RE.match(own) or not remote:
            diag = line if not _INNER_REPLY_RE.match(own) else own
            codes = remote_codes(diag)
            if not _INNER_REPLY_RE.match(own):
                diag = f"{m.group('code')} {own}"
        else:
            said = " ".join(remote)
            prefix = f">>> {command} " if command else ""
            diag = f"{prefix}<<< {said}\n{m.group('code')} {own}"
            codes = remote_codes(said)
        out.append(make_recipient(m.group("addr"), diag, part=part, codes=codes))
    return unique_by_address(out)


_FATAL_LIST_RE = re.compile(
    r"^[ \t]*-+ ?The following addresses? had (?:permanent fatal|transient non-fatal) errors ?-+[ \t]*$", re.I | re.M
)
_REASON_LINE_RE = re.compile(r"^\(reason: (?P<text>.*?)\)?$", re.I)


def fatal_list_recipients(text: str, convs: list[Conversation], part: str | None) -> list[RecipientResult]:
    """The addresses of the ``had permanent fatal errors`` list, each explained by its ``(reason:
    ...)`` line and the remote reply of its conversation (see the module docstring)."""
    m = _FATAL_LIST_RE.search(text)
    if m is None:
        return []
    listed: list[tuple[str, list[str]]] = []
    for raw in text[m.end() :].splitlines():
        line = raw.strip()
        if not line:
            if listed:
                break
            continue
        if line.startswith("---"):
            break
        reason = _REASON_LINE_RE.match(line)
        if reason is not None:
            if listed:
                listed[-1][1].append(reason.group("text"))
            continue
        address = first_address(line) if line.startswith("<") or is_address(line) else None
        if address is not None:
            listed.append((address, []))
    out: list[RecipientResult] = []
    for address, reasons in listed:
        said = " ".join(reasons)
        mine = [c for c in convs if _mentions(c, address) or address.lower() in c.reply.lower()]
        if not mine and len(convs) == 1 and len(listed) == 1:
            mine = convs
        if len(mine) == 1:
            conv = mine[0]
            reply = squeeze(conv.reply)
            diag = f">>> {conv.command} <<< {reply}"
            if said and squeeze(said).lower() not in reply.lower():
                diag = f"{diag} ({said})"
            codes = remote_codes(conv.reply)
        else:
            diag, codes = said, remote_codes(said)
        out.append(make_recipient(address, diag or line, part=part, codes=codes))
    return unique_by_address(out)


@dataclass(slots=True)
class Conversation:
    """One ``>>> command`` / ``<<< reply`` exchange of a transcript and the summary lines after it."""

    command: str
    reply: str
    summary: list[str]


def conversations(text: str) -> list[Conversation]:
    """The exchanges of a transcript whose remote reply is a failure (4xx/5xx)."""
    out: list[Conversation] = []
    current: Conversation | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        sent = _SENT_RE.match(line)
        if sent:
            current = None
            out.append(Conversation(sent.group("cmd").strip(), "", []))
            continue
        got = _GOT_RE.match(line)
        if got and out and not out[-1].summary:
            out[-1].reply = f"{out[-1].reply} {got.group('reply').strip()}".strip()
            current = out[-1]
            continue
        if _TALKING_RE.match(line):
            current = None
            continue
        if current is not None:
            current.summary.append(line)
    return [c for c in out if is_failure(c.reply)]


def _mentions(conv: Conversation, address: str) -> bool:
    low = address.lower()
    return low in conv.command.lower() or any(low in s.lower() for s in conv.summary)


def _vague_status(status: str | None) -> bool:
    return status is None or status.endswith(".0.0") or status.endswith(".0")


def reconcile(rec: RecipientResult, convs: list[Conversation], alone: bool) -> None:
    """Take the remote reply of the recipient's conversation when the DSN's code is vague."""
    if not convs or not _vague_status(rec.status):
        return
    mine = [c for c in convs if rec.recipient and _mentions(c, rec.recipient)]
    if not mine and alone and len(convs) == 1:
        mine = convs
    if len(mine) != 1:
        return
    conv = mine[0]
    codes = remote_codes(conv.reply)
    if codes.status is None or _vague_status(codes.status):
        return
    if rec.status is not None and rec.status[0] != codes.status[0]:
        return
    rec.status = codes.status
    if codes.reply_code is not None:
        rec.reply_code = codes.reply_code
    said = f">>> {conv.command} <<< {squeeze(conv.reply)}"
    if squeeze(conv.reply).lower() not in squeeze(rec.diagnostic or "").lower():
        rec.diagnostic = f"{said} ({squeeze(rec.diagnostic or '')})" if rec.diagnostic else said


class Sendmail(FamilyRecogniser):
    name = "Sendmail"
    gate = Gate(body=_TRANSCRIPT_RE, body_window=2500)

    def recognise(self, bounce: Bounce) -> Recognition | None:
        found = super().recognise(bounce)
        if found is None or found.kind == "non-dsn-bounce":
            return found
        own = split_returned(bounce.body_text)[0]
        m = _TRANSCRIPT_RE.search(own)
        if m is not None:
            convs = conversations(own[m.end() :])
            for rec in found.recipients:
                reconcile(rec, convs, len(found.recipients) == 1)
        return found

    def parse(self, bounce: Bounce) -> list[RecipientResult]:
        own, inline = split_returned(bounce.body_text)
        m = _TRANSCRIPT_RE.search(own)
        if m is not None and _quoted_at(own, m.start()):
            own = unquote(own)
            m = _TRANSCRIPT_RE.search(own)
        if m is not None:
            part = text_part_path(bounce)
            section = own[m.end() :]
            found = transcript_recipients(section, part) or fatal_list_recipients(
                own[: m.start()], conversations(section), part
            )
            if found:
                return found
        return parse_text(bounce, own, inline)
