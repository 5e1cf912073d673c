"""Auto-replies (RFC 3834): vacation and out-of-office answers, not bounces.

The person who answered (the auto-reply's From) is the one recipient, with the reason ``vacation``.
Tried after every bounce recogniser: a bounce may carry ``Auto-Submitted: auto-replied`` too.

An automatic *unsubscribe request* is not an auto-reply but the recipient's opt-out: a mail client
answering a list's ``List-Unsubscribe`` mailto address for its user (Apple Mail marks these
``X-Apple-Unsubscribe: true``; others send an automatic message whose subject is only
"unsubscribe"). It is read as feedback of type ``opt-out``, like an ARF opt-out report.
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


_UNSUBSCRIBE_SUBJECT_RE = re.compile(r"^\s*unsubscribe\s*$", re.I)


def _unsubscribe_request(bounce: Bounce) -> bool:
    flag = bounce.header("X-Apple-Unsubscribe")
    if flag is not None and flag.strip().lower() == "true":
        return True
    auto = bounce.header("Auto-Submitted")
    return (
        auto is not None and auto.strip().lower() != "no" and _UNSUBSCRIBE_SUBJECT_RE.match(bounce.subject) is not None
    )


class AutoReply:
    name = "RFC3834"

    def recognise(self, bounce: Bounce) -> Recognition | None:
        if bounce.dsn_reports or BOUNCE_SENDER_RE.search(bounce.sender):
            return None
        if _unsubscribe_request(bounce):
            rec = RecipientResult(
                recipient=first_address(bounce.sender),
                action=None,
                reason="feedback",
                feedback_type="opt-out",
                diagnostic=bounce.subject or None,
            )
            return Recognition("unsubscribe", [rec], "not-bounce", feedback_type="opt-out")
        flagged = any((v := bounce.header(h)) is not None and rx.search(v) is not None for h, rx in _HEADER_FLAGS)
        if not flagged and not _SUBJECT_RE.search(bounce.subject):
            return None
        who = first_address(bounce.sender)
        rec = RecipientResult(recipient=who, action=None, reason="vacation", diagnostic=bounce.subject or None)
        return Recognition(self.name, [rec], "not-bounce")
