"""Verizon Wireless (vtext.com) text gateway: "Error message below:" then "Message details:".

The remote reply sits under "Error message below:"; the failed recipient is the ``RCPT TO:`` line
of the "Message details" that follow (the ``From:``/``CC:`` lines there are the sender's).
"""

from __future__ import annotations

import re

from inspector.core.addresses import first_address
from inspector.core.model import RecipientResult
from inspector.core.recognisers.base import Bounce
from inspector.core.recognisers.family import FamilyRecogniser
from inspector.core.recognisers.gate import AllOf, Gate
from inspector.core.recognisers.message import returned_recipients, text_part_path
from inspector.core.recognisers.recipients import make_recipient

_ERROR_RE = re.compile(
    r"^Error:[ \t]*(?P<summary>[^\n]*)\n\s*Error message below:[ \t]*\n(?P<reply>(?:[^\n]+\n?)+)", re.M | re.I
)
_RCPT_RE = re.compile(r"^[ \t]*RCPT TO:[ \t]*(?P<addr>\S+)", re.M | re.I)


class Verizon(FamilyRecogniser):
    name = "Verizon"
    gate = AllOf(
        (
            Gate(sender=re.compile(r"@vtext\.com|@vzw(?:pix)?\.com|verizon", re.I)),
            Gate(body=re.compile(r"Error message below"), body_window=None),
        )
    )

    def parse(self, bounce: Bounce) -> list[RecipientResult]:
        text = bounce.body_text
        m = _ERROR_RE.search(text)
        if m is None:
            return []
        diag = f"{m.group('reply').strip()} ({m.group('summary').strip()})"
        rest = text[m.end() :]
        addresses = [a for a in (first_address(x.group("addr")) for x in _RCPT_RE.finditer(rest)) if a]
        targets: list[str | None] = list(dict.fromkeys(addresses)) or list(returned_recipients(bounce)[:1]) or [None]
        return [make_recipient(a, diag, part=text_part_path(bounce)) for a in targets]
