"""DSN reading: recipients from message/delivery-status parts (RFC 3464, RFC 6533), refined from
the bounce's text.

:func:`dsn_recognition` is what the :class:`~inspector.core.recognisers.rfc3464.Rfc3464` recogniser
returns, and what a family recogniser whose gate opened returns first when the message carries a
delivery-status part (see :mod:`inspector.core.recognisers.family`).
"""

from __future__ import annotations

import re

from inspector.core.codes import find_replies, is_enhanced_code, is_failure
from inspector.core.dsn import address_from_field, parse_delivery_status
from inspector.core.mimeparse import HEADERS_TYPES
from inspector.core.model import DsnGroup, DsnReport, Part, RecipientResult
from inspector.core.recognisers.base import Bounce, Recognition
from inspector.core.recognisers.blocks import address_blocks
from inspector.core.recognisers.message import x_failed_recipients
from inspector.core.recognisers.notice import clean_diagnostic, jis_text, split_returned, squeeze
from inspector.core.recognisers.replies import codes_in, remote_codes, reply_naming
from inspector.core.smtp_stage import smtp_stage

_ADDRESS_FIELDS = ("final-recipient", "original-recipient", "x-actual-recipient")
_DATA_FIELDS = ("action", "status", "diagnostic-code")
# A diagnostic of type smtp opens with the reply code ("550 Message rejected", "550-Please ..."),
# whatever word follows it; Postfix-like wrappers put it after "said:".
_LEADING_REPLY_RE = re.compile(r"^(?:[^:]{0,120}\bsaid:)?[ \t]*(?P<code>[245]\d\d)(?:[ \t-]|$)")


def _names(group: DsnGroup) -> set[str]:
    return {f.name.lower() for f in group.fields}


def recipient_groups(groups: list[DsnGroup]) -> list[DsnGroup]:
    """The recipient groups a reader sees: a group split by a stray blank line (fields without an
    address next to the fields with one) joined again; header blocks that leaked into the part
    (a returned message after a broken boundary) dropped."""
    out: list[DsnGroup] = []
    pending: DsnGroup | None = None
    for group in groups:
        names = _names(group)
        has_address = any(n in names for n in _ADDRESS_FIELDS)
        if not has_address:
            if not any(n in names for n in _DATA_FIELDS):
                continue
            if out and not (names & _names(out[-1])) and not pending:
                out[-1].fields.extend(group.fields)
                continue
            if pending is not None and not (names & _names(pending)):
                pending.fields.extend(group.fields)
            else:
                if pending is not None:
                    out.append(pending)
                pending = DsnGroup(list(group.fields))
            continue
        if pending is not None:
            if not (_names(pending) & names):
                group = DsnGroup(pending.fields + group.fields)
            else:
                out.append(pending)
            pending = None
        out.append(group)
    if pending is not None:
        out.append(pending)
    return out


def _diagnostic(group: DsnGroup) -> str | None:
    f = group.get("Diagnostic-Code")
    if f is None or not f.text:
        return None
    if f.type is not None and f.type == "x-unix":
        # A local program's exit status means nothing without its type ("X-Unix; 71").
        return f.value
    return jis_text(f.text)


def recipient_from_group(group: DsnGroup, per_message: DsnGroup, part: str) -> RecipientResult:
    """One DSN recipient block as a result: the fields, the reply code pulled from the diagnostic."""
    final = address_from_field(group.get("Final-Recipient"))
    original = address_from_field(group.get("Original-Recipient"))
    actual = address_from_field(group.get("X-Actual-Recipient"))
    diagnostic = _diagnostic(group)
    status = group.text("Status")
    reply_code = None
    if diagnostic:
        for reply in find_replies(diagnostic):
            if reply.basic is not None:
                reply_code = reply.basic.code
                break
        if reply_code is None:
            lead = _LEADING_REPLY_RE.match(diagnostic)
            if lead is not None:
                reply_code = lead.group("code")
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
    codes = remote_codes(diag)
    if codes.status and (rec.status is None or codes.status[0] == rec.status[0]):
        # The remote server's own enhanced code is more precise than the reporting MTA's summary.
        rec.status = codes.status
    if codes.reply_code and rec.reply_code != codes.reply_code and (rec.status or "")[:1] == codes.reply_code[0]:
        rec.reply_code = codes.reply_code
    if rec.status is not None and not is_enhanced_code(rec.status):
        rec.status = codes.status
    if rec.reply_code is None and codes.reply_code is not None:
        rec.reply_code = codes.reply_code
    if rec.reply_code is None and rec.recipient and own_text:
        named = reply_naming(own_text, rec.recipient)
        if named is not None:
            found = codes_in(named)
            if found.reply_code and (rec.status is None or found.reply_code[0] == rec.status[0]):
                rec.reply_code = found.reply_code
                if found.status and (rec.status is None or _vague(rec.status, found.status)):
                    rec.status = found.status
                if not rec.diagnostic:
                    rec.diagnostic = squeeze(named)


# A sendmail-style transcript: the command we sent, then the server's reply lines.
_TRANSCRIPT_RE = re.compile(r"^>>> (?P<cmd>[^\n]+)\n(?P<reply>(?:<<< [^\n]*(?:\n|$))+)", re.M)


_DIAG_TYPE_RE = re.compile(r"^(?:smtp|x-[\w-]+)\s*;\s*", re.I)


def add_stage_context(rec: RecipientResult, own_text: str) -> None:
    """When the diagnostic does not say at which SMTP command the reply came, take the passage of
    the human-readable text that does (a transcript's ``>>> DATA`` / ``<<< 550 ...`` lines, or the
    recipient's paragraph with "in reply to end of DATA command")."""
    diag = squeeze(rec.diagnostic or "")
    if not diag or not own_text or smtp_stage(diag) is not None:
        return
    core = _DIAG_TYPE_RE.sub("", diag)[:60].lower()
    for m in _TRANSCRIPT_RE.finditer(own_text):
        reply = squeeze(m.group("reply").replace("<<< ", " "))
        if core and core[:40] in reply.lower():
            rec.diagnostic = squeeze(f">>> {m.group('cmd')} <<< {reply}")
            return
    recipient = rec.recipient
    if recipient and (not recipient.isascii() or recipient.lower() in own_text.lower()):
        # (an ASCII address that is nowhere in the text has no paragraph of its own there)
        for b in address_blocks(own_text):
            if b.address.lower() == recipient.lower() and smtp_stage(b.text) is not None:
                text = squeeze(b.text)
                if core[:40] in text.lower():
                    rec.diagnostic = text
                return


def _vague(status: str, other: str) -> bool:
    """``status`` says less than ``other`` of the same class (``5.0.0`` against ``5.1.1``)."""
    return status.endswith(".0.0") and other[0] == status[0] and not other.endswith(".0.0")


def dsn_recognition(bounce: Bounce) -> Recognition | None:
    """The recipients of the delivery-status parts, refined from the text; None without any.
    A fruitless search is remembered on the bounce (a family gate that matched runs it first)."""
    if bounce.no_report:
        return None
    found = _dsn_recognition(bounce)
    if found is None:
        bounce.no_report = True
    return found


def _dsn_recognition(bounce: Bounce) -> Recognition | None:
    recipients: list[RecipientResult] = []
    is_global = False
    reports = bounce.dsn_reports
    inside = bounce.inside_returned
    own_reports = [(p, r) for p, r in reports if p.path not in inside]
    own = ""
    if not reports:
        inline = inline_report(bounce)
        if inline is None:
            return None
        own_reports, own = [inline[0]], inline[1]
    # A bounce of a bounce: the returned message's own DSN is not about this delivery.
    for part, report in own_reports or reports:
        is_global = is_global or report.is_global
        for group in recipient_groups(report.recipients):
            recipients.append(recipient_from_group(group, report.per_message, part.path))
    if not recipients:
        return None
    own = own or split_returned(bounce.body_text)[0]
    failed = x_failed_recipients(bounce)
    for rec in recipients:
        if not _plausible_address(rec.recipient):
            rec.recipient = _address_from_text(rec.recipient, failed, own, len(recipients)) or rec.recipient
        refine(rec, own)
        add_stage_context(rec, own)
        if not rec.diagnostic:
            rec.diagnostic = text_diagnostic(rec.recipient, own, len(recipients) == 1)
    if len(recipients) == 1:
        _single_reply(recipients[0], own)
    return Recognition(None, recipients, "dsn-global" if is_global else "dsn")


# Delivery-status fields written into a text part (a multipart/report whose boundaries were lost,
# or a "Technical report" pasted into the notice).
_INLINE_FIELD_RE = re.compile(r"^(?:Final|Original)-Recipient[ \t]*:[ \t]*\S", re.M | re.I)
_INLINE_START_RE = re.compile(
    r"^(?:Original-Envelope-Id|Reporting-MTA|Arrival-Date|Action|Final-Recipient|Original-Recipient)[ \t]*:",
    re.M | re.I,
)


def inline_report(bounce: Bounce) -> tuple[tuple[Part, DsnReport], str] | None:
    """A delivery-status report written as text in the bounce's own parts, with the text before
    it; None when there is none."""
    inside = bounce.inside_returned
    for part in bounce.parts:
        text = part.text
        if not text or part.path in inside or part.dsn is not None or part.content_type in HEADERS_TYPES:
            continue
        if "ecipient" not in text or _INLINE_FIELD_RE.search(text) is None:
            continue
        start = _INLINE_START_RE.search(text)
        if start is None:
            continue
        report = parse_delivery_status(text[start.start() :])
        if report.recipients:
            return (part, report), text[: start.start()]
    return None


_MAX_OWN_TEXT = 1500


def text_diagnostic(address: str | None, own: str, alone: bool) -> str | None:
    """What the human-readable text says about a recipient whose DSN block has no Diagnostic-Code:
    the longest explanation under its address line, else (a lone recipient) the whole text."""
    if not own.strip():
        return None
    best = ""
    if address:
        low = address.lower()
        for b in address_blocks(own):
            text = squeeze(clean_diagnostic(b.text))
            if b.address.lower() == low and len(text) > len(best):
                best = text
    if best:
        return best
    if alone:
        return squeeze(own[:_MAX_OWN_TEXT]) or None
    return None


def _plausible_address(addr: str | None) -> bool:
    if not addr:
        return False
    local, _, domain = addr.rpartition("@")
    return bool(local) and bool(domain)


def _address_from_text(broken: str | None, failed: list[str], own: str, count: int) -> str | None:
    """The recipient a DSN names badly (no field, or ``@host`` only): the one failed recipient of
    ``X-Failed-Recipients``, else the one address line of the text."""
    if len(failed) == 1:
        return failed[0]
    if count != 1:
        return None
    found = {b.address.lower(): b.address for b in address_blocks(own)}
    return next(iter(found.values())) if len(found) == 1 else None


def _single_reply(rec: RecipientResult, own: str) -> None:
    """A lone recipient whose DSN block has no reply code: the text's one failing reply of the
    same class is the remote server's answer (``451 4.0.0 Operating system error``)."""
    if rec.reply_code is not None or not own:
        return
    replies = [r for r in find_replies(own) if r.basic is not None and is_failure(r.basic.code)]
    codes = {r.basic.code for r in replies if r.basic is not None}
    if len(codes) != 1:
        return
    code = codes.pop()
    if rec.status is None or rec.status[0] == code[0]:
        rec.reply_code = code
