"""The recognisers' prefilter: a gate regex over the first characters of a text, behind a
substring test.

Each recogniser's gate runs on every message it is tried on; a case-insensitive regex scans the
text position by position, so the literal words every match must hold (:func:`literal_needles`)
are looked for first, with plain substring search in the lower-cased beginning of the text
(:class:`TextHead`, one per text, keeps those beginnings).
"""

from __future__ import annotations

import re

from inspector.core.patterns.literals import required_literal, top_level_alternatives

HEAD = 6000
"""Characters of a text lower-cased once for the gates (the longest window they read)."""

_NEEDLES: dict[re.Pattern[str], tuple[str, ...] | None] = {}
"""Each gate pattern's :func:`literal_needles`, worked out on its first use."""


def _lower_ascii(text: str) -> str:
    """``text`` lower-cased, or "" when it is not ASCII (Unicode case folding is left to re)."""
    return text.lower() if text.isascii() else ""


def literal_needles(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-case words at least one of which occurs in any text (lower-cased) that ``pattern``
    matches: a literal run from each top-level alternative. None when some alternative has no
    literal run of four characters or more, or the pattern is not a plain case-insensitive one."""
    if pattern.flags & (re.VERBOSE | re.ASCII) or not pattern.flags & re.IGNORECASE:
        return None
    branches = top_level_alternatives(pattern.pattern)
    if branches is None:
        return None
    needles = []
    for b in branches:
        literal = required_literal(b)
        if len(literal) < 4 or not literal.isascii():
            return None
        needles.append(literal.lower())
    return tuple(needles)


def _needles(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    try:
        return _NEEDLES[pattern]
    except KeyError:
        needles = _NEEDLES[pattern] = literal_needles(pattern)
        return needles


class TextHead:
    """One text and the lower-cased beginnings of it the gates have asked for."""

    __slots__ = ("text", "_heads")

    def __init__(self, text: str) -> None:
        self.text = text
        self._heads: dict[int, str] = {}

    def _head(self, window: int) -> str:
        head = self._heads.get(window)
        if head is None:
            if window <= HEAD:
                whole = self._heads.get(HEAD)
                if whole is None:
                    whole = self._heads[HEAD] = _lower_ascii(self.text[:HEAD])
                head = whole[:window]  # lower-casing ASCII keeps every character's place
            else:
                head = _lower_ascii(self.text[:window])
            self._heads[window] = head
        return head

    def lowered(self, window: int) -> str | None:
        """The first ``window`` characters lower-cased (shared with the gates), or None when the
        text's beginning is not ASCII (the caller lower-cases it itself)."""
        head = self._head(window)
        return head if head or not self.text else None

    def search(self, pattern: re.Pattern[str], window: int) -> bool:
        """True when ``pattern`` occurs in the first ``window`` characters of the text."""
        needles = _needles(pattern)
        if needles is not None:
            head = self._head(window)
            if head:
                for needle in needles:
                    if needle in head:
                        break
                else:
                    return False
        return pattern.search(self.text[:window]) is not None
