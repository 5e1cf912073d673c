"""Feedback reports (RFC 5965, ARF): a complaint or an authentication-failure report, not a bounce.

Each reported recipient (``Original-Rcpt-To``, ``Removal-Recipient``, else the reported message's
To) comes out with the report's feedback type and the reason ``feedback``. Also reads the older
plain-text complaint layouts that some providers send without the ``message/feedback-report`` part.
"""

from __future__ import annotations

import re

from inspector.core.addresses import first_address
from inspector.core.model import Part, RecipientResult
from inspector.core.recognisers.base import Bounce, Recognition
from inspector.core.recognisers.message import returned_recipients
from inspector.core.recognisers.notice import split_returned

_FIELD_RE = re.compile(r"^(?P<name>[A-Za-z-]+)[ \t]*:[ \t]*(?P<value>.*)$", re.M)
_COMPLAINT_SUBJECT_RE = re.compile(r"complaint about message|abuse report|feedback report|spam report", re.I)


def _report_part(bounce: Bounce) -> Part | None:
    for p in bounce.parts:
        if p.content_type == "message/feedback-report":
            return p
    return None


class Arf:
    name = "ARF"

    def recognise(self, bounce: Bounce) -> Recognition | None:
        report = _report_part(bounce)
        if report is None:
            ctype = bounce.header("Content-Type") or ""
            if "feedback-report" not in ctype.lower() and not _COMPLAINT_SUBJECT_RE.search(bounce.subject):
                return None
            if bounce.dsn_reports:
                return None
        feedback_type = "abuse"
        recipients: list[str] = []
        if report is not None and report.text:
            for m in _FIELD_RE.finditer(report.text):
                name = m.group("name").lower()
                if name == "feedback-type":
                    feedback_type = m.group("value").strip().lower() or feedback_type
                elif name in ("original-rcpt-to", "removal-recipient"):
                    addr = first_address(m.group("value"))
                    if addr and addr not in recipients:
                        recipients.append(addr)
        if not recipients:
            own, inline = split_returned(bounce.body_text)
            recipients = returned_recipients(bounce, inline)[:1]
            if not recipients and report is None:
                return None
        part = report.path if report is not None else None
        targets: list[str | None] = list(recipients) or [None]
        out = [
            RecipientResult(recipient=a, action=None, reason="feedback", feedback_type=feedback_type, part=part)
            for a in targets
        ]
        return Recognition(self.name, out, "not-bounce", feedback_type=feedback_type)
