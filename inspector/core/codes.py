"""Find SMTP reply codes (RFC 5321) and enhanced status codes (RFC 3463) in any text.

Every code comes with its exact span in the text so that a view can highlight it. Codes that
belong together (``550 5.1.1``, or the lines of a multi-line ``550-`` reply) are grouped into
one :class:`~inspector.core.model.Reply`.

What is *not* a code: dates (``2023.11.05``), IP addresses (``10.5.1.1``), version numbers
(``Postfix 2.5.1``, ``v4.1.2``), sizes (``552 bytes``, ``450 KB``), ports and queue ids. The
rules are context rules over the characters and words next to a candidate, so that real codes in
free text (``said: 550 ...``, ``smtp; 550 ...``, ``(550)``) are still found.
"""

from __future__ import annotations

import re

from inspector.core.model import CodeMatch, Reply

# Enhanced status code: class.subject.detail, 1-3 digits each (RFC 3463 section 2).
# Not glued to other digits or dots on either side (IP addresses, dates, versions).
ENHANCED_RE = re.compile(r"(?<![\w.+])(?<!\d\.)([245])\.(\d{1,3})\.(\d{1,3})(?![\w-]|\.\d)")
# Basic reply code: first digit 2-5, second 0-5 (RFC 5321 section 4.2), third 0-9.
BASIC_RE = re.compile(r"(?<![\w.,/@%$+=&-])([2-5][0-5]\d)(?=[ \t]|-(?!\d)|-[245]\.|$|[)\]:;,'\"])", re.M)

# A word right before a candidate that makes it a version, size, port or counter.
_VETO_BEFORE_RE = re.compile(
    r"(?:\b(?:version|ver|release|rev|v|port|size|length|pid|line|lines|id|no|number|count|limit|"
    r"max|maximum|total|of|than|over|under|about|top|at|window|width|height|page|room|nr|tls)\s*[.:=#]?\s*"
    r"|[0-9]\s*[x*]\s*|[A-Za-z]+/\s*)$",
    re.I,
)
# A word right after a candidate that makes it a quantity.
_VETO_AFTER_RE = re.compile(
    r"\s*(?:bytes?|octets?|[kmg]i?b\b|kbytes|mbytes|k\b|ms\b|msecs?\b|sec|secs|seconds?|minutes?|mins?\b|"
    r"hours?|hrs?\b|days?|weeks?|times|messages?|msgs?\b|recipients?|rcpts?\b|attempts?|tries|users?|"
    r"percent|%|chars?|characters|lines|connections?|px\b|dpi\b|x\s*\d|mbox(?:es)?\b|mails\b|"
    r"[/.]\d|-\d\d)",
    re.I,
)
# Words that say a version number follows (``Postfix 2.5.1``, ``Exim 4.1.2`` have no code meaning).
_VERSION_BEFORE_RE = re.compile(
    r"(?:\b(?:version|ver|release|rev|v|build|postfix|exim|sendmail|qmail|courier|exchange|"
    r"openssl|perl|python|php|kernel|linux|smtpd?|mta|firmware|update|patch)\s*[/:=]?\s*|[A-Za-z]+/)$",
    re.I,
)


def _vetoed_basic(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 24) : start]
    if _VETO_BEFORE_RE.search(before):
        # "limit of 552" is a number; but "said: 550" or "smtp; 550" never reaches here.
        return True
    return bool(_VETO_AFTER_RE.match(text, end, min(len(text), end + 16)))


def _vetoed_enhanced(text: str, start: int) -> bool:
    before = text[max(0, start - 24) : start]
    return bool(_VERSION_BEFORE_RE.search(before))


def find_codes(text: str) -> list[CodeMatch]:
    """All basic and enhanced codes in ``text``, in order, each tagged with its reply index."""
    return _scan(text)[0]


def _raw_codes(text: str) -> list[CodeMatch]:
    found: list[CodeMatch] = []
    for m in ENHANCED_RE.finditer(text):
        if int(m.group(2)) > 999 or _vetoed_enhanced(text, m.start()):
            continue
        found.append(CodeMatch(m.group(0), "enhanced", m.start(), m.end()))
    for m in BASIC_RE.finditer(text):
        if _vetoed_basic(text, m.start(), m.end()):
            continue
        found.append(CodeMatch(m.group(1), "basic", m.start(), m.end()))
    found.sort(key=lambda c: c.start)
    return found


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, (len(text) if end < 0 else end)


_GAP_RE = re.compile(r"[ \t]*-?[ \t]*|[ \t]*[#(\[][ \t]*")


def find_replies(text: str) -> list[Reply]:
    """Group the codes of ``text`` into replies.

    A basic code directly followed by an enhanced one (``550 5.1.1``, ``550-5.1.1``, ``550 #5.1.1``)
    is one reply. Lines of a multi-line reply (``550-...`` lines ending with a ``550 ...`` line)
    form one reply whose text is the lines' text joined. Other codes stand alone.
    """
    return _scan(text)[1]


def _scan(text: str) -> tuple[list[CodeMatch], list[Reply]]:
    codes = _raw_codes(text)
    replies: list[Reply] = []
    i = 0
    n = len(codes)
    while i < n:
        c = codes[i]
        basic: CodeMatch | None = None
        enhanced: CodeMatch | None = None
        if c.kind == "basic":
            basic = c
            if i + 1 < n and codes[i + 1].kind == "enhanced":
                gap = text[c.end : codes[i + 1].start]
                if _GAP_RE.fullmatch(gap):
                    enhanced = codes[i + 1]
                    i += 1
        else:
            enhanced = c
        i += 1
        first = basic or enhanced
        last = enhanced or basic
        assert first is not None and last is not None
        line_start, line_end = _line_bounds(text, first.start)
        reply_text = text[last.end : line_end].strip(" \t-\r)]:;'\"")
        index = len(replies)
        for code in (basic, enhanced):
            if code is not None:
                code.reply = index
        # Multi-line reply: this line is "NNN-..." and the next lines start with the same code.
        prev = replies[-1] if replies else None
        if (
            prev is not None
            and basic is not None
            and prev.basic is not None
            and prev.basic.code == basic.code
            and basic.start == line_start + _indent(text, line_start)
            and text[prev.basic.end : prev.basic.end + 1] == "-"
            and _next_line_start(text, prev.end) == line_start
        ):
            for code in (basic, enhanced):
                if code is not None:
                    code.reply = index - 1
            if prev.enhanced is None and enhanced is not None:
                prev.enhanced = enhanced
            prev.text = (prev.text + " " + reply_text).strip()
            prev.end = line_end
            continue
        replies.append(Reply(basic, enhanced, first.start, line_end, reply_text))
    return codes, replies


def _indent(text: str, line_start: int) -> int:
    j = line_start
    while j < len(text) and text[j] in " \t>":
        j += 1
    return j - line_start


def _next_line_start(text: str, pos: int) -> int:
    nl = text.find("\n", pos)
    return len(text) if nl < 0 else nl + 1


def code_class(code: str) -> str:
    """"2", "4" or "5" for a basic or enhanced code (3xx replies are intermediate: "3")."""
    return code[:1]
