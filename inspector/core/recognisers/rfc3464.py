"""The standard path: recipients from message/delivery-status parts (RFC 3464, RFC 6533)."""

from __future__ import annotations

import re

from inspector.core.classify import smtp_stage
from inspector.core.codes import find_replies
from inspector.core.dsn import address_from_field
from inspector.core.model import DsnGroup, RecipientResult
from inspector.core.recognisers.base import Bounce, Recognition
from inspector.core.recognisers.helpers import (
    address_blocks,
    codes_in,
    reply_naming,
    split_returned,
    squeeze,
    x_failed_recipients,
)


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


def refine(rec: RecipientResult, own_text: str) -> None:
    """What a careful reader adds to a DSN block: a precise enhanced code from the diagnostic when
    the Status field is vague (``X.0.0``) or missing, and the reply code from the human-readable
    text when the diagnostic has none."""
    diag = rec.diagnostic or ""
    codes = codes_in(diag)
    if codes.status and (rec.status is None or (rec.status.endswith(".0.0") and codes.status[0] == rec.status[0])):
        rec.status = codes.status
    if rec.status is not None and not _STATUS_RE.fullmatch(rec.status):
        rec.status = codes.status
    if rec.reply_code is None and codes.reply_code is not None:
        rec.reply_code = codes.reply_code
    if rec.reply_code is None and rec.recipient and own_text:
        named = reply_naming(own_text, rec.recipient)
        if named is not None:
            found = codes_in(named)
            if found.reply_code and (rec.status is None or found.reply_code[0] == rec.status[0]):
                rec.reply_code = found.reply_code
                if not rec.diagnostic:
                    rec.diagnostic = squeeze(named)


# A sendmail-style transcript: the command we sent, then the server's reply lines.
_TRANSCRIPT_RE = re.compile(r"^>>> (?P<cmd>[^\n]+)\n(?P<reply>(?:<<< [^\n]*(?:\n|$))+)", re.M)


def add_stage_context(rec: RecipientResult, own_text: str) -> None:
    """When the diagnostic does not say at which SMTP command the reply came, take the passage of
    the human-readable text that does (a transcript's ``>>> DATA`` / ``<<< 550 ...`` lines, or the
    recipient's paragraph with "in reply to end of DATA command")."""
    diag = squeeze(rec.diagnostic or "")
    if not diag or not own_text or smtp_stage(diag) is not None:
        return
    core = re.sub(r"^(?:smtp|x-[\w-]+)\s*;\s*", "", diag, flags=re.I)[:60].lower()
    for m in _TRANSCRIPT_RE.finditer(own_text):
        reply = squeeze(m.group("reply").replace("<<< ", " "))
        if core and core[:40] in reply.lower():
            rec.diagnostic = squeeze(f">>> {m.group('cmd')} <<< {reply}")
            return
    if rec.recipient:
        for b in address_blocks(own_text):
            if b.address.lower() == rec.recipient.lower() and smtp_stage(b.text) is not None:
                text = squeeze(b.text)
                if core[:40] in text.lower():
                    rec.diagnostic = text
                return


_STATUS_RE = re.compile(r"[245]\.\d{1,3}\.\d{1,3}")


def dsn_recognition(bounce: Bounce) -> Recognition | None:
    """The recipients of the delivery-status parts, refined from the text; None without any."""
    recipients: list[RecipientResult] = []
    is_global = False
    for part, report in bounce.dsn_reports:
        is_global = is_global or report.is_global
        for group in report.recipients:
            recipients.append(recipient_from_group(group, report.per_message, part.path))
    if not recipients:
        return None
    own = split_returned(bounce.body_text)[0]
    failed = x_failed_recipients(bounce)
    for rec in recipients:
        if rec.recipient is None and len(failed) == 1:
            rec.recipient = failed[0]
        refine(rec, own)
        add_stage_context(rec, own)
    return Recognition(None, recipients, "dsn-global" if is_global else "dsn")


class Rfc3464:
    name = "RFC3464"

    def recognise(self, bounce: Bounce) -> Recognition | None:
        return dsn_recognition(bounce)
