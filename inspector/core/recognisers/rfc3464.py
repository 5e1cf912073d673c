"""The standard path: recipients from message/delivery-status parts (RFC 3464, RFC 6533)."""

from __future__ import annotations

from inspector.core.codes import find_replies
from inspector.core.dsn import address_from_field
from inspector.core.model import DsnGroup, RecipientResult
from inspector.core.recognisers.base import Bounce, Recognition


def recipient_from_group(group: DsnGroup, per_message: DsnGroup, part: str) -> RecipientResult:
    """One DSN recipient block as a result: the fields, the reply code pulled from the diagnostic."""
    final = address_from_field(group.get("Final-Recipient"))
    original = address_from_field(group.get("Original-Recipient"))
    actual = address_from_field(group.get("X-Actual-Recipient"))
    diagnostic = group.text("Diagnostic-Code")
    status = group.text("Status")
    reply_code = None
    if diagnostic:
        for reply in find_replies(diagnostic):
            if reply.basic is not None:
                reply_code = reply.basic.code
                break
    if status:
        status = status.split()[0].strip("()")
    return RecipientResult(
        recipient=final or original or actual,
        action=(group.text("Action") or "").lower() or None,
        status=status,
        reply_code=reply_code,
        diagnostic=diagnostic,
        remote_mta=group.text("Remote-MTA"),
        reporting_mta=per_message.text("Reporting-MTA"),
        original_recipient=original,
        last_attempt=group.text("Last-Attempt-Date"),
        will_retry_until=group.text("Will-Retry-Until"),
        part=part,
    )


class Rfc3464:
    name = "RFC3464"

    def recognise(self, bounce: Bounce) -> Recognition | None:
        recipients: list[RecipientResult] = []
        is_global = False
        for part, report in bounce.dsn_reports:
            is_global = is_global or report.is_global
            for group in report.recipients:
                recipients.append(recipient_from_group(group, report.per_message, part.path))
        if not recipients:
            return None
        return Recognition(None, recipients, "dsn-global" if is_global else "dsn")
