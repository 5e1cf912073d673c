"""Postfix's SMTP server notice to the postmaster (``Postfix SMTP server: errors from <host>``).

When the Postfix SMTP server itself fails or refuses during a session, it can send the postmaster
the session's transcript: what the client said (``In:``) and what Postfix answered (``Out:``), a
long command wrapped onto indented lines::

    Transcript of session follows.

     Out: 220 mx.example.com ESMTP
     In:  MAIL
         FROM:<sender@example.org> SIZE=2048
     Out: 250 2.1.0 Ok
     In:  RCPT TO:<someone@example.com>
     Out: 250 2.1.5 Ok
     In:  DATA
     Out: 354 End data with <CR><LF>.<CR><LF>
     Out: 451 4.3.0 Error: queue file write error

The first failing ``Out:`` reply is the failure, given to the command it answered. A refusal of
``RCPT TO`` concerns that address alone; a failure of ``MAIL FROM``, ``DATA`` or the message's end
concerns every recipient the session had accepted.
"""

from __future__ import annotations

import re

from inspector.core.addresses import first_address
from inspector.core.codes import is_failure
from inspector.core.model import RecipientResult
from inspector.core.recognisers.base import Bounce
from inspector.core.recognisers.family import FamilyRecogniser
from inspector.core.recognisers.gate import Gate
from inspector.core.recognisers.message import text_part_path
from inspector.core.recognisers.recipients import make_recipient
from inspector.core.recognisers.replies import remote_codes

_BODY_RE = re.compile(r"transcript of session follows\.[ \t]*\n\s*(?:out|in):", re.I)
_LINE_RE = re.compile(r"^[ \t]*(?P<dir>In|Out):[ \t]?(?P<text>.*)$")
_REPLY_RE = re.compile(r"^(?P<code>[2-5]\d\d)[ -]")


def _exchanges(text: str) -> list[tuple[str, str]]:
    """(``In`` or ``Out``, the line with its wrapped continuation lines joined) in order."""
    out: list[tuple[str, str]] = []
    for line in text.splitlines():
        m = _LINE_RE.match(line)
        if m is not None:
            out.append((m.group("dir"), m.group("text").strip()))
        elif out and line[:1] in (" ", "\t") and line.strip():
            out[-1] = (out[-1][0], f"{out[-1][1]} {line.strip()}")
    return out


def _command_name(command: str) -> str:
    word = command.split(maxsplit=1)[0].upper() if command.strip() else ""
    if word == "MAIL":
        return "MAIL FROM"
    if word == "RCPT":
        return "RCPT TO"
    return word


class PostfixSession(FamilyRecogniser):
    name = "Postfix"
    gate = Gate(subject=re.compile(r"^\s*Postfix SMTP server: errors from", re.I), body=_BODY_RE, body_window=600)

    def parse(self, bounce: Bounce) -> list[RecipientResult]:
        accepted: list[str] = []
        command = ""
        pending: str | None = None  # the address of a RCPT TO awaiting its reply
        data_sent = False
        for direction, text in _exchanges(bounce.body_text):
            if direction == "In":
                command = text
                name = _command_name(text)
                pending = first_address(text) if name == "RCPT TO" else None
                data_sent = False
                continue
            m = _REPLY_RE.match(text)
            if m is None:
                continue
            code = m.group("code")
            if code == "354":
                data_sent = True
                continue
            if code[0] == "2":
                if pending is not None:
                    accepted.append(pending)
                    pending = None
                continue
            if not is_failure(code) or not command:
                continue
            name = _command_name(command)
            stage = "end of DATA" if name == "DATA" and data_sent else name
            diag = f"{text} (in reply to {stage} command)"
            targets = [pending] if name == "RCPT TO" and pending else accepted
            if not targets:
                return []
            part = text_part_path(bounce)
            codes = remote_codes(text)
            return [make_recipient(a, diag, part=part, codes=codes) for a in dict.fromkeys(targets)]
        return []
