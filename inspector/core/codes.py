"""Find SMTP reply codes (RFC 5321) and enhanced status codes (RFC 3463) in any text.

Every code comes with its exact span in the text so that a view can highlight it. Codes that
belong together (``550 5.1.1``, or the lines of a multi-line ``550-`` reply) are grouped into
one :class:`Reply`.

What is *not* a code: dates (``2023.11.05``), IP addresses (``10.5.1.1``), version numbers
(``Postfix 2.5.1``, ``v4.1.2``), sizes (``552 bytes``, ``450 KB``), ports and queue ids. The
rules are context rules over the characters and words next to a candidate, so that real codes in
free text (``said: 550 ...``, ``smtp; 550 ...``, ``(550)``) are still found.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Literal

CodeKind = Literal["basic", "enhanced"]


@dataclass(slots=True)
class CodeMatch:
    """One reply code found in a text, with its exact character span ``text[start:end]``."""

    code: str
    kind: CodeKind
    start: int
    end: int
    reply: int = -1
    """Index of the :class:`Reply` this code belongs to in the same text (``-1``: none)."""


@dataclass(slots=True)
class Reply:
    """A basic code and/or an enhanced code that belong together (``550 5.1.1 ...``)."""

    basic: CodeMatch | None
    enhanced: CodeMatch | None
    start: int
    end: int
    text: str
    """The reply's text after the codes, continuation lines joined with single spaces."""

    @property
    def codes(self) -> list[CodeMatch]:
        return [c for c in (self.basic, self.enhanced) if c is not None]


# One cheap pass finds every candidate: a basic code (first digit 2-5, second 0-5, RFC 5321 section
# 4.2) or an enhanced code (class.subject.detail, 1-3 digits each, RFC 3463 section 2). The context
# rules below (what may stand right before and after) then run only on the few candidates; a regex
# with look-behinds at every position costs several times more on long texts. The pattern already
# drops most of what the rules would: a digit run's inner digits (the look-behind runs only where a
# 2-5 was found) and a code followed by a character the rules refuse. Whatever it drops, the rules
# below drop too, and every place inside a dropped candidate follows a digit or a dot, so it drops
# those as well: the candidates left are exactly those the rules would accept or look at further.
CANDIDATE_RE = re.compile(
    r"[2-5](?<![\w.+][2-5])"  # nothing word-like, no dot, no plus before the code
    r"(?:\.[0-9]{1,3}\.[0-9]{1,3}(?![\w-]|\.[0-9])"  # enhanced: not followed by more of a version
    r"|[0-5][0-9](?=[ \t\r\n)\]:;,'\"-]|\Z))"  # basic: followed by a space, a closing mark, a dash or the end
)
# The same pattern over the text's bytes (any text whose characters all fit in Latin-1, so that a
# byte's position is the character's), with the digits 2-5 turned into one byte, \x01: the search
# for a candidate's first digit becomes a search for one byte, four to five times faster than one
# for a class of characters. Its \w is ASCII only, so it may keep a candidate the text pattern
# drops (after an accented letter, say); the rules below drop that one too.
_MARK_2_TO_5 = bytes.maketrans(b"2345", b"\x01\x01\x01\x01")
_MARKED_CANDIDATE_RE = re.compile(
    rb"\x01(?<![\w\x01.+]\x01)"
    rb"(?:\.[0-9\x01]{1,3}\.[0-9\x01]{1,3}(?![\w\x01-]|\.[0-9\x01])"
    rb"|[01\x01][0-9\x01](?=[ \t\r\n)\]:;,'\"-]|\Z))"
)
_BASIC_BEFORE_BAD = frozenset(".,/@%$+=&-_")
_BASIC_AFTER_OK = frozenset(" \t\r\n)]:;,'\"")
_ENHANCED_BEFORE_BAD = frozenset("._+")


def _basic_ok(text: str, start: int, end: int) -> bool:
    if start:
        prev = text[start - 1]
        if prev.isalnum() or prev in _BASIC_BEFORE_BAD:
            return False
    if end == len(text):
        return True
    nxt = text[end]
    if nxt in _BASIC_AFTER_OK:
        return True
    if nxt == "-":  # "550-5.1.1" or a continuation line "550-Text"; not a range "250-300"
        after = text[end + 1 : end + 3]
        return not after[:1].isdigit() or (after[:1] in "245" and after[1:2] == ".")
    return False


def _enhanced_ok(text: str, start: int, end: int) -> bool:
    if text[start] not in "245":
        return False
    if start:
        prev = text[start - 1]
        if prev.isalnum() or prev in _ENHANCED_BEFORE_BAD:
            return False
        if prev == "." and start >= 2 and text[start - 2].isdigit():
            return False
    if end < len(text):
        nxt = text[end]
        if nxt.isalnum() or nxt in "-_":
            return False
        if nxt == "." and text[end + 1 : end + 2].isdigit():
            return False
    return True


# A word right before a candidate that makes it a version, size, port or counter.
_VETO_WORDS_BEFORE = frozenset(
    "version ver release rev v port size length pid line lines id no number count limit max maximum total "
    "of than over under about top at window width height page room nr tls".split()
)
# Words that say a version number follows (``Postfix 2.5.1``, ``Exim 4.1.2`` have no code meaning).
_VERSION_WORDS = frozenset(
    "version ver release rev v build postfix exim sendmail qmail courier exchange openssl perl python php "
    "kernel linux smtp smtpd mta firmware update patch".split()
)
# A word right after a candidate that makes it a quantity.
# Units veto in any form; counted nouns only in the plural ("554 Message rejected" and
# "550 Connection refused" are replies, "250 messages" is a count).
_VETO_AFTER_RE = re.compile(
    r"\s*(?:bytes?\b|octets?\b|[kmg]i?b\b|kbytes|mbytes|k\b|ms\b|msecs?\b|secs?\b|seconds?\b|minutes\b|mins\b|"
    r"hours\b|hrs\b|days\b|weeks\b|times\b|messages\b|msgs\b|recipients\b|rcpts\b|attempts\b|tries\b|"
    r"users\b|percent\b|%|chars\b|characters\b|lines\b|connections\b|px\b|dpi\b|x\s*\d|mbox(?:es)?\b|mails\b|"
    r"[/.]\d|-\d\d)",
    re.I,
)
_TRAILING_PUNCT = " \t.:=#/"


def _word_before(text: str, start: int) -> tuple[str, str]:
    """The word right before ``start`` (lower-cased, punctuation stripped) and the character
    that ended it (``/`` in ``Postfix/2.5.1``)."""
    tail = text[max(0, start - 24) : start]
    stripped = tail.rstrip(_TRAILING_PUNCT)
    if not stripped:
        return "", ""
    sep = tail[len(stripped) : len(stripped) + 1]
    parts = stripped.rsplit(None, 1)
    word = parts[-1] if parts else ""
    return word.lower().lstrip("(\"'[<*"), sep


def _vetoed_basic(text: str, start: int, end: int) -> bool:
    word, sep = _word_before(text, start)
    if word in _VETO_WORDS_BEFORE or (sep == "/" and word.isalpha()):
        # "limit of 552" is a number; "said: 550" or "smtp; 550" is a reply.
        return True
    if word[-1:] in ("x", "*") and word[:-1].isdigit():
        return True  # "3 x 550" and the like
    return bool(_VETO_AFTER_RE.match(text, end, min(len(text), end + 16)))


def _vetoed_enhanced(text: str, start: int) -> bool:
    word, sep = _word_before(text, start)
    return word in _VERSION_WORDS or (sep == "/" and word.isalpha())


def find_codes(text: str) -> list[CodeMatch]:
    """All basic and enhanced codes in ``text``, in order, each tagged with its reply index."""
    return _scan(text, texts=False)[0]


def code_spans(text: str) -> list[CodeMatch]:
    """The codes of ``text`` like :func:`find_codes`, without grouping them into replies (their
    ``reply`` is -1): for callers that want only where the codes are."""
    return _raw_codes(text)


def _candidates(text: str) -> Iterator[re.Match[str]] | Iterator[re.Match[bytes]]:
    if "\x01" not in text:  # the byte that stands for 2-5 must not be in the text itself
        try:
            return _MARKED_CANDIDATE_RE.finditer(text.encode("latin-1").translate(_MARK_2_TO_5))
        except UnicodeEncodeError:
            pass
    return CANDIDATE_RE.finditer(text)


def _raw_codes(text: str) -> list[CodeMatch]:
    found: list[CodeMatch] = []
    for m in _candidates(text):
        start, end = m.span()
        code = text[start:end]
        if len(code) > 3:
            if _enhanced_ok(text, start, end) and not _vetoed_enhanced(text, start):
                found.append(CodeMatch(code, "enhanced", start, end))
        elif _basic_ok(text, start, end) and not _vetoed_basic(text, start, end):
            found.append(CodeMatch(code, "basic", start, end))
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


MAX_REPLY_TEXT = 4096
"""Characters of text kept after a reply's codes (an SMTP reply line has at most 512, RFC 5321
4.5.3.1.5): every code of a long line once kept the rest of the line, quadratic in time and memory
(200 KB of "550 5.1.1 ..." on one line took over a gigabyte; found by fuzzing)."""


_Scan = tuple[list[CodeMatch], list[Reply]]
_shared: ContextVar[dict[str, tuple[list[CodeMatch], list[Reply], bool]] | None] = ContextVar(
    "inspector_code_scans", default=None
)
"""The scans of the analysis being made (see :func:`shared_scans`), each with whether its replies
have their text; None outside one."""


class shared_scans:  # lower case: used like the function it stands for
    """``with shared_scans():`` each distinct text is scanned once in the block: the recognisers,
    the classifier and the analysis's own code list (:func:`inspector.core.analyze.analyse_item`
    opens one block per analysis) get the same :class:`CodeMatch` and :class:`Reply` objects,
    which nobody changes once found. The scans are dropped when the block ends (nothing is kept
    between analyses). A class, not a generator: it is entered once per message."""

    __slots__ = ("_token",)

    def __enter__(self) -> None:
        self._token = _shared.set({})

    def __exit__(self, *_exc: object) -> None:
        _shared.reset(self._token)


def _scan(text: str, *, texts: bool = True) -> _Scan:
    """The codes and replies of ``text`` (``texts=False``: the replies' text left empty, for callers
    that want only the codes); inside :func:`shared_scans` found once per text (each caller gets
    its own lists, holding the shared objects)."""
    memo = _shared.get()
    if memo is None:
        return _scan_text(text, texts)
    found = memo.get(text)
    if found is None or (texts and not found[2]):
        codes, replies = _scan_text(text, texts)
        found = memo[text] = (codes, replies, texts)
    return list(found[0]), list(found[1])


def _scan_text(text: str, texts: bool = True) -> _Scan:
    codes = _raw_codes(text)
    replies: list[Reply] = []
    line_start, line_end = 0, -1  # the line of the code before, found once for all its codes
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
        if not line_start <= first.start < line_end:
            line_start, line_end = _line_bounds(text, first.start)
        reply_text = _reply_text(text[last.end : min(line_end, last.end + MAX_REPLY_TEXT)]) if texts else ""
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
            and text[prev.basic.end : prev.basic.end + 1] == "-"
            and _next_line_start(text, prev.end) == line_start
            and basic.start == line_start + _indent(text, line_start)
        ):
            for code in (basic, enhanced):
                if code is not None:
                    code.reply = index - 1
            if prev.enhanced is None and enhanced is not None:
                prev.enhanced = enhanced
            if texts and len(prev.text) < MAX_REPLY_TEXT:  # a reply of thousands of lines keeps its first ones
                prev.text = (prev.text + " " + reply_text).strip()
            prev.end = line_end
            continue
        replies.append(Reply(basic, enhanced, first.start, line_end, reply_text))
    return codes, replies


def _reply_text(rest: str) -> str:
    """The text after a reply's codes: leading separators off; a closing bracket or quote at the
    end only when it has no opening partner in the text (``AS(201806281)`` keeps its bracket)."""
    out = rest.lstrip(" \t-)]:;'\"").rstrip(" \t\r")
    for close, opener in ((")", "("), ("]", "["), ("'", "'"), ('"', '"')):
        if out.endswith(close):
            unbalanced = out.count(opener) % 2 == 1 if opener == close else out.count(opener) < out.count(close)
            if unbalanced:
                out = out[:-1].rstrip()
    return out


def _indent(text: str, line_start: int) -> int:
    j = line_start
    while j < len(text) and text[j] in " \t>":
        j += 1
    return j - line_start


def _next_line_start(text: str, pos: int) -> int:
    nl = text.find("\n", pos)
    return len(text) if nl < 0 else nl + 1


_ENHANCED_FULL_RE = re.compile(r"[245]\.[0-9]{1,3}\.[0-9]{1,3}")


def is_enhanced_code(text: str) -> bool:
    """``text`` is exactly an enhanced status code (``5.1.1``, ``4.7.26``)."""
    return bool(_ENHANCED_FULL_RE.fullmatch(text))


FAILURE_CLASSES = ("4", "5")
"""The first digits of a failure: 4 (transient) and 5 (permanent)."""


def is_failure(code: str | None) -> bool:
    """``code`` (a reply code, an enhanced status code, or a text that starts with one) reports a
    failure: class 4 or 5. The one place this is written."""
    return code is not None and code[:1] in FAILURE_CLASSES


def is_failure_reply(reply: Reply) -> bool:
    """One of the reply's codes (basic or enhanced) reports a failure."""
    return any(is_failure(c.code) for c in reply.codes)
