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
"""

from __future__ import annotations

import re

from inspector.core.model import RecipientResult
from inspector.core.recognisers.base import Bounce, FamilyRecogniser
from inspector.core.recognisers.generic import parse_text
from inspector.core.recognisers.helpers import (
    make_recipient,
    remote_codes,
    split_returned,
    text_part_path,
    unique_by_address,
)

_TRANSCRIPT_RE = re.compile(r"-+ ?Transcript of session follows ?-+", re.I)
_TALKING_RE = re.compile(r"^\s*\.*\s*while talking to [^:\n]*:?\s*$", re.I)
_SENT_RE = re.compile(r"^>>> ?(?P<cmd>.*)$")
_GOT_RE = re.compile(r"^<<< ?(?P<reply>.*)$")
_RECIPIENT_RE = re.compile(
    r"^(?P<code>[245]\d\d)[ -](?:[245]\.\d{1,3}\.\d{1,3} )?<(?P<addr>[^<>\s]+@[^<>\s]+)>\.\.\.\s*(?P<text>.*)$"
)
_INNER_REPLY_RE = re.compile(r"^[245]\d\d[ -]")


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


class Sendmail(FamilyRecogniser):
    name = "Sendmail"
    body_re = _TRANSCRIPT_RE
    body_window = 2500

    def matches(self, bounce: Bounce) -> bool:
        return bool(_TRANSCRIPT_RE.search(bounce.body_text[: self.body_window]))

    def parse(self, bounce: Bounce) -> list[RecipientResult]:
        own, inline = split_returned(bounce.body_text)
        m = _TRANSCRIPT_RE.search(own)
        if m is not None:
            found = transcript_recipients(own[m.end() :], text_part_path(bounce))
            if found:
                return found
        return parse_text(bounce, own, inline)
