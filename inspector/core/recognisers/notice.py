"""The bounce's own text as a reader wants it: cut where the returned message starts, whitespace
squeezed, the notice's frame (decoration, labels, boilerplate sentences) taken off, Japanese runs
that lost their escape bytes decoded, and the paragraph that introduces a recipient list.
"""

from __future__ import annotations

import re

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
_WS_RE = re.compile(r"[ \t\r\n]+")


_OTHER_ASCII_SPACES = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")
"""The ASCII characters str.split() takes for blanks besides space, tab, CR and LF."""


def squeeze(text: str) -> str:
    """Whitespace runs (newlines too) as single spaces."""
    if text.isascii() and not any(c in text for c in _OTHER_ASCII_SPACES):
        return " ".join(text.split())  # the same result, without a regex (a few times faster)
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


# Decoration a notice draws around its text: rules ("=====", "*****"), and headings framed by them
# ("------- Failure Reasons --------", "****** Message from ... ******", "*** End of message ***").
_DECORATION_RE = re.compile(
    r"^[ \t]*(?:[-=*_#~+|]{3,}[ \t]*(?:[^\n]{0,70}?[ \t]*[-=*_#~+|]{3,})?|[-=*_#~+|]{3,}[^\n]{0,70})[ \t]*$",
    re.M,
)
# (The spaces before a sentence are taken whole, "*+": given back one by one to the "[ \t]*" of a
# sentence, a long line of spaces took quadratic time; found by fuzzing.)
# Sentences of the notice's own frame that say nothing about the failure: pointers to the returned
# message, "this is only a warning" lines, the queue lifetime. Cut from a diagnostic.
_BOILERPLATE_RE = re.compile(
    r"(?:^|(?<=[.!:)\]'\"]))[ \t]*+(?:"
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
