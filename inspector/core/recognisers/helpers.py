"""Shared helpers for recognisers of bounces written in free text.

Most mail servers write a human-readable bounce the same way: some words of introduction, then for
each failed recipient an *address line* followed by a few lines of explanation (often with the
remote server's reply), then a marker after which the returned message follows. The helpers here
cut the text at that marker, split it into address-led blocks, pick the reply that belongs to a
recipient and build a :class:`~inspector.core.model.RecipientResult` from it. Family modules only
add what is particular to their layout.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from inspector.core.addresses import ANGLE_ADDRESS_RE, BARE_ADDRESS_RE, clean_address, first_address
from inspector.core.codes import find_replies
from inspector.core.dsn import address_from_field
from inspector.core.mime import headers_from_text
from inspector.core.model import RecipientResult, Reply
from inspector.core.recognisers.base import Bounce

# Lines after which the returned message (or its headers) follows, as mail servers write them.
RETURNED_MARKER_RE = re.compile(
    r"^[ \t]*(?:"
    r"-{2,}[ \t]*(?:this is a copy of|below this line is a copy|original message|the original message|"
    r"returned message|unsent message|undelivered message|original mail|message header|"
    r"header of the original|headers of the original|the header of|rfc822|\"?original\"? message header|"
    r"this is the|start of returned message|copy of the message)|"
    r"(?:message headers follow|original message follows|the original message headers follow|"
    r"the original message (?:was|is) (?:attached|included)|"
    r"-+ ?(?:original|returned|undelivered)|"
    r"=+ ?original message|"
    r"\*+ ?original message)"
    r")",
    re.I | re.M,
)
# A bare header block starting a line (the returned message inlined without a marker).
_INLINE_HEADERS_RE = re.compile(r"^(?:Return-Path|Received|Delivered-To):[ \t]?\S", re.M)
# Lines naming a failed recipient: the line starts with an address (angle brackets or not).
ADDRESS_LINE_RE = re.compile(
    r"^[ \t>*-]*(?:(?:RCPT[ \t]*TO|Recipient(?:[ \t]+address)?|Original-Recipient|address)[ \t]*:[ \t]*)?"
    r"<?(?:mailto:)?(?P<addr>[^\s<>()\[\]\"',;:@\\]+@[^\s<>()\[\]\"',;:@\\]*[\w\]])>?"
    r"(?P<rest>[ \t]*(?::|\.\.\.|\s|$).*)?$",
    re.M | re.I,
)
_WS_RE = re.compile(r"[ \t\r\n]+")
FAILING_CLASSES = ("4", "5")


def squeeze(text: str) -> str:
    """Whitespace runs (newlines too) as single spaces."""
    return _WS_RE.sub(" ", text).strip()


def split_returned(text: str, markers: re.Pattern[str] = RETURNED_MARKER_RE) -> tuple[str, str]:
    """(the bounce's own text, the returned message) cut at the first returned-message marker."""
    m = markers.search(text)
    if m is None:
        m2 = _INLINE_HEADERS_RE.search(text)
        if m2 is None or m2.start() == 0:
            return text, ""
        return text[: m2.start()], text[m2.start() :]
    return text[: m.start()], text[m.end() :]


@dataclass(slots=True)
class Block:
    """One recipient's address line and the lines that explain it."""

    address: str
    text: str
    """The rest of the address line and the following lines, up to the next address line."""
    start: int


def address_blocks(text: str, line_re: re.Pattern[str] = ADDRESS_LINE_RE) -> list[Block]:
    """Split ``text`` at the lines that start with an address."""
    matches = [m for m in line_re.finditer(text) if _plausible(m.group("addr"))]
    out = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        rest = (m.group("rest") or "").lstrip(" \t:.")
        body = rest + text[m.end() : end]
        out.append(Block(clean_address(m.group("addr")), body, m.start()))
    return out


def _plausible(addr: str) -> bool:
    a = clean_address(addr)
    local, _, domain = a.rpartition("@")
    return bool(local) and "." in domain and not domain.startswith(".")


def failing_reply(text: str) -> Reply | None:
    """The first reply in ``text`` that reports a failure (4xx/5xx), else the first with a code."""
    replies = find_replies(text)
    for r in replies:
        if any(c.code[0] in FAILING_CLASSES for c in r.codes):
            return r
    return None


@dataclass(slots=True)
class Codes:
    reply_code: str | None = None
    status: str | None = None


def codes_in(text: str) -> Codes:
    """The reply code and enhanced code a reader takes from ``text``: those of the first failing
    reply, the enhanced code also from a later reply of the same class when the first lacks one."""
    replies = [r for r in find_replies(text) if any(c.code[0] in FAILING_CLASSES for c in r.codes)]
    out = Codes()
    for r in replies:
        if out.reply_code is None and r.basic is not None and r.basic.code[0] in FAILING_CLASSES:
            out.reply_code = r.basic.code
            if r.enhanced is not None and r.enhanced.code[0] == r.basic.code[0]:
                out.status = r.enhanced.code
        if (
            out.status is None
            and r.enhanced is not None
            and (out.reply_code is None or r.enhanced.code[0] == out.reply_code[0])
        ):
            out.status = r.enhanced.code
        if out.reply_code is not None and out.status is not None:
            break
    return out


# The remote server's own reply quoted inside a wrapper's text: "Message expired: unable to deliver
# in 840 minutes.<421 4.4.2 Connection timed out>" (the last attempt's reply, in angle brackets).
_NESTED_REPLY_RE = re.compile(r"<(?P<basic>[245]\d\d)[ -](?:(?P<enh>[245]\.\d{1,3}\.\d{1,3})\b)?[^<>\n]{0,300}>")
# A reply code and its enhanced code with quoting between them ("550-'5.7.1 ..."); "no word
# character or dot before" is checked after the first digit, so the search can skip to a 2, 4 or 5.
_LOOSE_PAIR_RE = re.compile(
    r"(?P<basic>[245](?<![\w.][245])\d\d)[ \t]*[-#(\['\"]{1,2}[ \t]*(?P<enh>[245]\.\d{1,3}\.\d{1,3})(?![\w.])"
)


def remote_codes(text: str) -> Codes:
    """The codes of the remote server's reply in a diagnostic: a reply quoted in angle brackets
    inside a wrapper's message wins, then a reply code with its enhanced code, then
    :func:`codes_in`."""
    m = _NESTED_REPLY_RE.search(text)
    if m is not None:
        return Codes(m.group("basic"), m.group("enh"))
    out = codes_in(text)
    pair = _LOOSE_PAIR_RE.search(text)
    if (
        pair is not None
        and pair.group("basic")[0] == pair.group("enh")[0]
        and out.reply_code in (None, pair.group("basic"))
    ):
        return Codes(pair.group("basic"), pair.group("enh"))
    return out


def action_for(codes: Codes, default: str = "failed") -> str:
    cls = (codes.status or codes.reply_code or "")[:1]
    return {"4": "delayed", "5": "failed", "2": "delivered"}.get(cls, default)


# Decoration a notice draws around its text: rules ("=====", "*****"), and headings framed by them
# ("------- Failure Reasons --------", "****** Message from ... ******", "*** End of message ***").
_DECORATION_RE = re.compile(
    r"^[ \t]*(?:[-=*_#~+|]{3,}[ \t]*(?:[^\n]{0,70}?[ \t]*[-=*_#~+|]{3,})?|[-=*_#~+|]{3,}[^\n]{0,70})[ \t]*$",
    re.M,
)
# Sentences of the notice's own frame that say nothing about the failure: pointers to the returned
# message, "this is only a warning" lines, the queue lifetime. Cut from a diagnostic.
_BOILERPLATE_RE = re.compile(
    r"(?:^|(?<=[.!:)\]'\"]))[ \t]*(?:"
    r"below is a copy of the original message:?|"
    r"(?:included|enclosed|attached) (?:below )?is a copy of the (?:original )?message(?: header)?s?[.:]?|"
    r"-*[ \t]*enclosed is a copy of the message\.?|"
    r"original message headers:?|"
    r"original message follows\.?|"
    r"the original message (?:headers )?(?:follows?|is attached|was attached)\.?|"
    r"you do not need to re-?send (?:the|your) message(?: to these recipients| at this time)?\.?|"
    r"the message is kept in the queue for up to [^.\n]*\.|"
    r"please note that this is only a temporary failure report\.?|"
    r"for further assistance, please send mail to [^.\n]*\.?|"
    r"this is an automatically generated delivery status notification\.?"
    r")",
    re.I | re.M,
)
# A label that only introduces what follows ("Technical details:", "Failure Reasons").
_LABEL_LINE_RE = re.compile(
    r"^[ \t]*(?:technical details(?: of [\w ]+failure)?|failure reasons?|diagnostic information for administrators|"
    r"reason|error message below|details)[ \t]*:?[ \t]*$",
    re.I | re.M,
)


def clean_diagnostic(text: str) -> str:
    """``text`` without the notice's frame: decoration lines, bare labels and the sentences that
    point at the returned message or say the notice is only a warning (the failure itself stays)."""
    if not text:
        return text
    out = _DECORATION_RE.sub("", text)
    out = _LABEL_LINE_RE.sub("", out)
    out = _BOILERPLATE_RE.sub("", out)
    return out


def make_recipient(
    address: str | None,
    text: str,
    *,
    part: str | None = None,
    action: str | None = None,
    codes: Codes | None = None,
    remote_mta: str | None = None,
) -> RecipientResult:
    """A recipient from the text that explains its failure."""
    diag = squeeze(clean_diagnostic(text)) or squeeze(text)
    c = codes if codes is not None else remote_codes(text)
    return RecipientResult(
        recipient=address,
        action=action or action_for(c),
        status=c.status,
        reply_code=c.reply_code,
        diagnostic=diag or None,
        remote_mta=remote_mta,
        part=part,
    )


def x_failed_recipients(bounce: Bounce) -> list[str]:
    out: list[str] = []
    for value in bounce.headers("X-Failed-Recipients"):
        for piece in value.split(","):
            a = first_address(piece)
            if a and a not in out:
                out.append(a)
    return out


def returned_headers(bounce: Bounce, inline: str = "") -> Sequence[tuple[str, str]]:
    """Headers of the returned message: its MIME part, else the inlined text after the marker."""
    part = bounce.returned
    if part is not None and part.message_headers:
        return part.message_headers
    if inline:
        return headers_from_text(inline.lstrip("\n"))
    return []


def returned_recipients(bounce: Bounce, inline: str = "") -> list[str]:
    """The To: addresses of the returned message (a last resort for who failed)."""
    for k, v in returned_headers(bounce, inline):
        if k.lower() == "to":
            return [clean_address(m.group(1)) for m in BARE_ADDRESS_RE.finditer(v)]
    return []


def text_part_path(bounce: Bounce) -> str | None:
    parts = bounce.text_parts
    return parts[0].path if parts else None


def dsn_recipients(bounce: Bounce) -> list[RecipientResult]:
    """The recipients of the message's delivery-status parts (empty if it has none)."""
    from inspector.core.recognisers.rfc3464 import recipient_from_group

    out = []
    for part, report in bounce.dsn_reports:
        for group in report.recipients:
            out.append(recipient_from_group(group, report.per_message, part.path))
    return out


def addresses_in(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for m in ANGLE_ADDRESS_RE.finditer(text):
        seen.setdefault(clean_address(m.group(1)), None)
    if not seen:
        for m in BARE_ADDRESS_RE.finditer(text):
            seen.setdefault(clean_address(m.group(1)), None)
    return list(seen)


def unique_by_address(recs: Iterable[RecipientResult]) -> list[RecipientResult]:
    """Drop repeated recipients, keeping the first result that carries a code."""
    out: dict[str, RecipientResult] = {}
    order: list[str] = []
    for r in recs:
        key = (r.recipient or "").lower()
        if key not in out:
            out[key] = r
            order.append(key)
        elif out[key].reply_code is None and out[key].status is None and (r.reply_code or r.status):
            out[key] = r
    return [out[k] for k in order]


def blocks_to_recipients(
    blocks: Sequence[Block], bounce: Bounce, whole: str, *, default_action: str = "failed"
) -> list[RecipientResult]:
    """One recipient per block. A block without its own explanation (recipients listed together)
    borrows the next explained block's text; codes missing in a block come from a reply elsewhere in
    ``whole`` that names the same address."""
    part = text_part_path(bounce)
    intro = list_intro(whole[: blocks[0].start]) if blocks else None
    out = []
    for i, b in enumerate(blocks):
        text = b.text
        if not squeeze(text):
            for nxt in blocks[i + 1 :]:
                if squeeze(nxt.text):
                    text = nxt.text
                    break
        if not squeeze(text) and blocks:
            # The explanation comes before the list ("The user(s) account is disabled.", then addresses).
            text = preface(whole[: blocks[0].start])
        codes = remote_codes(text)
        if codes.reply_code is None and codes.status is None and intro and intro not in text:
            # No reply under the address: the sentence introducing the list says what happened
            # ("Delivery to the following recipients was aborted after 5.0 hour(s):").
            text = f"{intro}\n{text}"
        if codes.reply_code is None and codes.status is None:
            named = reply_naming(whole, b.address)
            if named is not None:
                codes = remote_codes(named)
                text = (text + "\n" + named).strip()
        out.append(make_recipient(b.address, text, part=part, codes=codes, action=None))
        if out[-1].action is None or not (codes.reply_code or codes.status):
            out[-1].action = default_action
    return unique_by_address(out)


# The line that introduces a recipient list and says what happened to them: a failure verb, not
# only "the following recipients".
_INTRO_INFO_RE = re.compile(
    r"\b(?:abort\w*|after \d[\d.]* ?(?:hours?|hour\(s\)|days?|minutes?)|timed? ?out|expired?|delay\w*|"
    r"not (?:yet )?(?:been )?delivered within|gave up|giving up|retr(?:y|ies))\b",
    re.I,
)


def list_intro(before: str) -> str | None:
    """The last readable paragraph before a recipient list when it ends with ``:`` and says what
    happened to the recipients (a time limit, an abort); None otherwise."""
    # The last paragraph: an introduction may wrap ("... delayed for more than 4 hours for the
    # following\n list of recipients:").
    paragraphs = [p for p in re.split(r"\n[ \t]*\n", clean_diagnostic(before)) if p.strip()]
    if not paragraphs:
        return None
    last = squeeze(paragraphs[-1])
    if len(last) > 200:
        return None
    if not last.endswith(":") or _UNREADABLE in last or not _INTRO_INFO_RE.search(last):
        return None
    return last


# ISO-2022-JP runs in a part read as ASCII, their ESC bytes lost: "$B%f!<%6!<(B" is "ユーザ".
_JIS_RUN_RE = re.compile(r"\x1b?\$[B@](?P<run>[\x21-\x7e ]+?)\x1b?\([BJ]")


def jis_text(text: str) -> str:
    """``text`` with ISO-2022-JP runs that were read as ASCII decoded (unchanged if there are none)."""
    if "$B" not in text and "$@" not in text:
        return text

    def decode(m: re.Match[str]) -> str:
        try:
            return ("\x1b$B" + m.group("run") + "\x1b(B").encode("ascii").decode("iso-2022-jp")
        except (UnicodeError, ValueError):
            return m.group(0)

    return _JIS_RUN_RE.sub(decode, text)


_UNREADABLE = "\ufffd"


def preface(text: str, limit: int = 800) -> str:
    """The readable lines of the text before a recipient list (undecodable lines dropped)."""
    lines = [ln for ln in text.splitlines() if ln.strip() and _UNREADABLE not in ln]
    return "\n".join(lines)[-limit:]


def reply_naming(text: str, address: str) -> str | None:
    low = address.lower()
    for r in find_replies(text):
        if any(c.code[0] in FAILING_CLASSES for c in r.codes):
            line_start = text.rfind("\n", 0, r.start) + 1
            line = text[line_start : r.end]
            if low in line.lower():
                return line
    return None


def final_recipient(value: str | None) -> str | None:
    """An address from a ``Final-Recipient``-like text value (``rfc822; a@b``)."""
    if not value:
        return None
    if ";" in value:
        value = value.split(";", 1)[1]
    return first_address(value)


__all__ = [
    "ADDRESS_LINE_RE",
    "RETURNED_MARKER_RE",
    "Block",
    "Codes",
    "action_for",
    "address_blocks",
    "address_from_field",
    "addresses_in",
    "blocks_to_recipients",
    "clean_diagnostic",
    "codes_in",
    "dsn_recipients",
    "failing_reply",
    "final_recipient",
    "jis_text",
    "make_recipient",
    "remote_codes",
    "returned_headers",
    "returned_recipients",
    "split_returned",
    "squeeze",
    "text_part_path",
    "unique_by_address",
    "x_failed_recipients",
]
