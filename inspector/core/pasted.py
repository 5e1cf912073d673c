"""Pasted bounce bodies: the message structure a mail client flattened, put back.

A support person copies what the mail client shows of a bounce: the human-readable report, often
the delivery-status fields (clients show a message/delivery-status part as text) and the headers
of the returned message, all as one text without the bounce's own headers. This module rebuilds
a message from such a text, so that it goes through the same recognisers as a message would:

- a run of RFC 3464 fields (``Reporting-MTA:``, ``Final-Recipient:``, ``Action:``, ``Status:``,
  ``Diagnostic-Code:`` ...) becomes a message/delivery-status part;
- what comes before it is the human-readable text/plain part;
- what comes after it becomes the returned message (message/rfc822 when it starts with header
  lines, else more text).

Text without delivery-status fields (qmail, Exim, Sendmail and most provider bounces are written
as one text with the original inlined) becomes a single text/plain part, as those bounces are.
Whether the rebuilt message is a bounce is for the recognisers to say (:mod:`inspector.core.textinput`
asks them). The rebuilt message comes "from" a mail system (``MAILER-DAEMON@pasted.invalid``):
the person pasted it into a bounce reader as a bounce, and the bounce's own From line is what a
copy from the message body leaves out. No family is named after that address.
"""

from __future__ import annotations

import re

from inspector.core.dsn import FIELD_RE, PER_MESSAGE_FIELDS, RECIPIENT_FIELDS

_HEADER_RE = re.compile(r"^[!-9;-~]{1,76}[ \t]*:")
_DSN_NAMES = RECIPIENT_FIELDS | PER_MESSAGE_FIELDS
_BOUNDARY = "=_bounce-inspector-pasted_="
_FROM = "From: Mail Delivery System <MAILER-DAEMON@pasted.invalid>"
_LOOKAHEAD = 20
"""Lines after a DSN field within which a recipient field must follow for a run to count."""


def _dsn_name(line: str) -> str | None:
    m = FIELD_RE.match(line)
    if m is None:
        return None
    name = m.group(1).lower()
    return name if name in _DSN_NAMES or name.startswith("x-") else None


def _dsn_region(lines: list[str]) -> tuple[int, int] | None:
    """``(start, end)`` line indexes of the delivery-status fields, or None. A run starts at a
    standard DSN field that has a ``Final-Recipient`` / ``Original-Recipient`` and an ``Action`` or
    ``Status`` soon after it; it goes on over fields, folded lines and blank lines between blocks."""
    for i, line in enumerate(lines):
        name = _dsn_name(line)
        if name is None or name.startswith("x-"):
            continue
        window = [_dsn_name(x) for x in lines[i : i + _LOOKAHEAD]]
        if not {"final-recipient", "original-recipient"} & set(window):
            continue
        if not {"action", "status"} & set(window):
            continue
        end = i
        j = i
        while j < len(lines):
            line_j = lines[j]
            if _dsn_name(line_j) is not None or (line_j[:1] in " \t" and line_j.strip()):
                end = j + 1
                j += 1
                continue
            if not line_j.strip():
                # A blank line: the run goes on when a DSN field follows it.
                k = j
                while k < len(lines) and not lines[k].strip():
                    k += 1
                if k < len(lines) and _dsn_name(lines[k]) is not None:
                    j = k
                    continue
            elif _field_soon(lines, j + 1):
                # A broken fold or a garbled field line inside the block (the DSN reader keeps such
                # text with the field before it).
                end = j + 1
                j += 1
                continue
            break
        return i, end
    return None


_BROKEN_LINES = 3
"""Lines that are neither fields nor folds a delivery-status block may hold before its next field."""


def _field_soon(lines: list[str], start: int) -> bool:
    """A DSN field comes within :data:`_BROKEN_LINES` lines of ``start``, before any blank line."""
    for line in lines[start : start + _BROKEN_LINES]:
        if not line.strip():
            return False
        if _dsn_name(line) is not None:
            return True
    return False


def _starts_with_headers(lines: list[str]) -> bool:
    """At least two header lines before the first blank line (a returned message's head)."""
    count = 0
    for line in lines:
        if not line.strip():
            break
        if _HEADER_RE.match(line):
            count += 1
        elif line[:1] not in " \t":
            return False
    return count >= 2


def rebuild_message(text: str) -> bytes:
    """A MIME message holding ``text`` as a bounce would: see the module docstring."""
    lines = text.splitlines()
    region = _dsn_region(lines)
    if region is None:
        return _single(text)
    start, end = region
    human = "\n".join(lines[:start]).strip("\n")
    dsn = "\n".join(lines[start:end]).strip("\n")
    rest = lines[end:]
    while rest and not rest[0].strip():
        rest.pop(0)
    parts = [("text/plain; charset=utf-8", human)]
    parts.append(("message/delivery-status", dsn))
    if rest:
        if _starts_with_headers(rest):
            parts.append(("message/rfc822", "\n".join(rest)))
        else:
            parts.append(("text/plain; charset=utf-8", "\n".join(rest)))
    out = [
        _FROM,
        "MIME-Version: 1.0",
        f'Content-Type: multipart/report; report-type=delivery-status; boundary="{_BOUNDARY}"',
        "",
    ]
    for content_type, body in parts:
        out += [f"--{_BOUNDARY}", f"Content-Type: {content_type}", "Content-Transfer-Encoding: 8bit", "", body, ""]
    out.append(f"--{_BOUNDARY}--")
    return "\n".join(out).encode("utf-8", "surrogatepass")


def _single(text: str) -> bytes:
    head = f"{_FROM}\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
    return (head + text).encode("utf-8", "surrogatepass")
