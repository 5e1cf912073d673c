"""Delivery-status fields (RFC 3464 section 2, RFC 6533 section 6).

The body of a message/delivery-status or message/global-delivery-status part is a per-message
block and one block per recipient, separated by blank lines. Python's email package does not
split the global variant and garbles its UTF-8, so both are parsed here from decoded text.
Every field is kept, unknown and ``X-`` fields included, in order.

Real DSNs are often sloppy: blocks without the blank line between them, a per-message block that
starts straight with ``Final-Recipient``, or stray text. A new recipient group starts whenever a
recipient field repeats, so such blocks still come out one group per recipient.
"""

from __future__ import annotations

import re

from inspector.core.model import DsnField, DsnGroup, DsnReport

FIELD_RE = re.compile(r"^([A-Za-z][A-Za-z0-9-]*)[ \t]*:[ \t]*(.*)$")
"""One ``Name: value`` line of a delivery-status block (also how a pasted text's DSN fields are told)."""
# Fields that only appear in per-recipient blocks (RFC 3464 section 2.3).
RECIPIENT_FIELDS = frozenset(
    {
        "original-recipient",
        "final-recipient",
        "action",
        "status",
        "remote-mta",
        "diagnostic-code",
        "last-attempt-date",
        "final-log-id",
        "will-retry-until",
        "x-actual-recipient",
    }
)
# Fields of the per-message block (RFC 3464 section 2.2).
PER_MESSAGE_FIELDS = frozenset(
    {"original-envelope-id", "reporting-mta", "dsn-gateway", "received-from-mta", "arrival-date"}
)
# Fields whose value is "type; value" (RFC 3464 address-type, diagnostic-type, mta-name-type).
TYPED_FIELDS = frozenset(
    {
        "original-recipient",
        "final-recipient",
        "x-actual-recipient",
        "remote-mta",
        "reporting-mta",
        "dsn-gateway",
        "received-from-mta",
        "diagnostic-code",
    }
)
_TYPE_RE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._+-]{0,31})[ \t]*;[ \t]*(.*)$", re.S)


def split_typed(name: str, value: str) -> tuple[str | None, str]:
    """``rfc822; a@b`` -> (``rfc822``, ``a@b``). Untyped fields keep their whole value."""
    if name.lower() in TYPED_FIELDS or name.lower().startswith("x-"):
        m = _TYPE_RE.match(value)
        if m:
            return m.group(1).lower(), m.group(2).strip()
    return None, value.strip()


def _lines_to_blocks(text: str) -> list[list[tuple[str, str]]]:
    blocks: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.strip():
            if current:
                blocks.append(current)
                current = []
            continue
        if line[:1] in " \t" and current:
            name, value = current[-1]
            current[-1] = (name, f"{value} {line.strip()}".strip())
            continue
        m = FIELD_RE.match(line)
        if m:
            current.append((m.group(1), m.group(2)))
        elif current:
            # Not a field: a broken fold. Keep the text with the field before it.
            name, value = current[-1]
            current[-1] = (name, f"{value} {line.strip()}".strip())
    if current:
        blocks.append(current)
    return blocks


def parse_delivery_status(text: str, *, is_global: bool = False) -> DsnReport:
    """Parse the body of a delivery-status part. Never raises."""
    per_message = DsnGroup()
    recipients: list[DsnGroup] = []
    for i, block in enumerate(_lines_to_blocks(text)):
        group: DsnGroup | None = None
        if i == 0 and not any(n.lower() in ("final-recipient", "original-recipient") for n, _ in block):
            for name, value in block:
                t, v = split_typed(name, value)
                per_message.fields.append(DsnField(name, value.strip(), t, v))
            continue
        for name, value in block:
            low = name.lower()
            t, v = split_typed(name, value)
            f = DsnField(name, value.strip(), t, v)
            starts_recipient = low in ("original-recipient", "final-recipient")
            if group is None and not starts_recipient and low not in RECIPIENT_FIELDS and not recipients:
                per_message.fields.append(f)
                continue
            if group is None or (
                starts_recipient
                and (
                    group.get(name) is not None
                    or (low == "original-recipient" and (group.get("status") or group.get("diagnostic-code")))
                )
            ):
                group = DsnGroup()
                recipients.append(group)
            group.fields.append(f)
    return DsnReport(per_message, recipients, is_global)


_UNICODE_ESCAPE_RE = re.compile(r"\\x\{([0-9A-Fa-f]{1,6})\}")
_XTEXT_RE = re.compile(r"\+([0-9A-F]{2})")


def address_from_field(f: DsnField | None) -> str | None:
    """The address in a recipient field, decoded: RFC 6533 ``\\x{HEX}`` escapes in ``utf-8``
    addresses, RFC 3461 xtext (``+2B``) in ``rfc822`` Original-Recipient values."""
    if f is None or not f.text:
        return None
    text = f.text.strip().strip("<>").strip()
    if f.type == "utf-8" or "\\x{" in text:
        text = _UNICODE_ESCAPE_RE.sub(lambda m: _chr(m.group(1)), text)
    if f.name.lower() == "original-recipient" and "+" in text:
        text = _XTEXT_RE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text or None


def _chr(hexdigits: str) -> str:
    try:
        return chr(int(hexdigits, 16))
    except (ValueError, OverflowError):
        return "\ufffd"
