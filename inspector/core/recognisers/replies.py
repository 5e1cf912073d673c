"""The codes a reader takes from a text: those of the first failing reply, the remote server's
own reply inside a wrapper's wording, and the reply line that names a recipient.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from inspector.core.codes import find_replies, is_failure, is_failure_reply


@dataclass(slots=True)
class Codes:
    reply_code: str | None = None
    status: str | None = None


def codes_in(text: str) -> Codes:
    """The reply code and enhanced code a reader takes from ``text``: those of the first failing
    reply, the enhanced code also from a later reply of the same class when the first lacks one."""
    replies = [r for r in find_replies(text) if is_failure_reply(r)]
    out = Codes()
    for r in replies:
        if out.reply_code is None and r.basic is not None and is_failure(r.basic.code):
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


def reply_naming(text: str, address: str) -> str | None:
    """The line of ``text`` from a failing reply to its end, when that line names ``address``."""
    low = address.lower()
    for r in find_replies(text):
        if is_failure_reply(r):
            line_start = text.rfind("\n", 0, r.start) + 1
            line = text[line_start : r.end]
            if low in line.lower():
                return line
    return None
