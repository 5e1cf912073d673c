"""Auto-replies (RFC 3834): vacation and out-of-office answers, not bounces.

The person who answered (the auto-reply's From) is the one recipient, with the reason ``vacation``.
Tried after every bounce recogniser: a bounce may carry ``Auto-Submitted: auto-replied`` too.
"""

from __future__ import annotations

import re

from inspector.core.addresses import first_address
from inspector.core.model import RecipientResult
from inspector.core.recognisers.base import Bounce, Recognition
from inspector.core.recognisers.generic import BOUNCE_SENDER_RE

_SUBJECT_RE = re.compile(
    r"^\s*(?:auto(?:matic)?[ -]?(?:reply|response|answer)|autoreply|auto:|out of (?:the )?office|"
    r"vacation|on holiday|away from|abwesenheit|automatische antwort|r[ée]ponse automatique|"
    r"absence|fuera de la oficina|respuesta autom[aá]tica|自動応答|自動返信)",
    re.I,
)
_HEADER_FLAGS = (
    ("Auto-Submitted", re.compile(r"auto-replied", re.I)),
    ("X-Autoreply", re.compile(r".")),
    ("X-Autorespond", re.compile(r".")),
    ("Precedence", re.compile(r"auto[-_]reply", re.I)),
    ("X-Auto-Response-Suppress", re.compile(r"\boof\b", re.I)),
)


class AutoReply:
    name = "RFC3834"

    def recognise(self, bounce: Bounce) -> Recognition | None:
        if bounce.dsn_reports or BOUNCE_SENDER_RE.search(bounce.sender):
            return None
        flagged = any((v := bounce.header(h)) is not None and rx.search(v) is not None for h, rx in _HEADER_FLAGS)
        if not flagged and not _SUBJECT_RE.search(bounce.subject):
            return None
        who = first_address(bounce.sender)
        rec = RecipientResult(recipient=who, action=None, reason="vacation", diagnostic=bounce.subject or None)
        return Recognition(self.name, [rec], "not-bounce")
