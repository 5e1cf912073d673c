"""MailMarshal (Trustwave/Marshal SMTP gateway): "Could not be delivered because of".

Layout: the reason (often the remote reply) under "Could not be delivered because of", then the
addresses indented under "The following recipients were affected:", then "Additional Information"
fields that describe the message, not the failure.
"""

from __future__ import annotations

import re

from inspector.core.addresses import first_address
from inspector.core.model import RecipientResult
from inspector.core.recognisers.base import Bounce
from inspector.core.recognisers.family import FamilyRecogniser
from inspector.core.recognisers.gate import Gate
from inspector.core.recognisers.message import text_part_path
from inspector.core.recognisers.recipients import make_recipient

_REASON_RE = re.compile(
    r"Could not be delivered because of\s*\n(?P<reason>.*?)\n\s*The following recipients were affected:[ \t]*\n"
    r"(?P<list>(?:[ \t]+\S+[ \t]*\n?)+)",
    re.I | re.S,
)


class MailMarshal(FamilyRecogniser):
    name = "MailMarshal"
    gate = Gate(headers=("X-Mailer-MailMarshal",), body=re.compile(r"The following recipients were affected", re.I))

    def parse(self, bounce: Bounce) -> list[RecipientResult]:
        m = _REASON_RE.search(bounce.body_text)
        if m is None:
            return []
        reason = m.group("reason").strip()
        addresses = [a for a in (first_address(ln) for ln in m.group("list").splitlines()) if a]
        return [make_recipient(a, reason, part=text_part_path(bounce)) for a in dict.fromkeys(addresses)]
