"""The classifier's prefilter: phrase rules, each a list of patterns, asked all at once.

A rule's literal phrases are found with one Aho-Corasick pass for every rule (:class:`RuleIndex`
over a :class:`~inspector.core.phrases.PhraseIndex`); its other patterns are compiled on first use,
and only tried when the literal text they start with (their :func:`anchors`) occurs in the text.
Start-up compiles nothing. Texts and patterns are lower case; a match counts only from the start
of a word (:data:`WORD_START`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from inspector.core.patterns.literals import (
    ascii_lower,
    group_end,
    is_literal,
    literal_prefix,
    may_match,
    source_needles,
    top_level_alternatives,
)
from inspector.core.phrases import PhraseIndex, at_word_start

WORD_START = "(?<![a-z0-9])"
"""What a rule's match must follow: not an ASCII letter or digit (see :func:`at_word_start`)."""

_MIN_ANCHOR = 3


def long_enough(anchor: str) -> bool:
    """An anchor long enough to be worth looking for (two characters will do outside ASCII)."""
    return len(anchor) >= _MIN_ANCHOR or (len(anchor) >= 2 and not anchor.isascii())


def anchors(pattern: str) -> tuple[str, ...] | None:
    """Literal texts one of which every match of ``pattern`` starts with (None when they would be
    too short to tell anything): if none is in a text, the pattern cannot match there and need not
    even be compiled. Reads a literal prefix, after look-behinds and ``\\b``, or a leading
    ``(?:a|b)`` group whose alternatives have such prefixes."""
    alternatives = top_level_alternatives(pattern)
    if alternatives is None or len(alternatives) > 1:
        return None
    while True:
        if pattern.startswith("(?<"):
            end = group_end(pattern, 0)
            if end < 0:
                return None
            pattern = pattern[end:]
        elif pattern.startswith("\\b"):
            pattern = pattern[2:]
        else:
            break
    if pattern.startswith("(?:"):
        end = group_end(pattern, 0)
        if end < 0 or pattern[end : end + 1] in ("?", "*", "{"):
            return None
        inner = top_level_alternatives(pattern[3 : end - 1])
        if inner is None:
            return None
        out: list[str] = []
        for alt in inner:
            found = anchors(alt)
            if found is None:
                return None
            out.extend(found)
        return tuple(out)
    anchor = literal_prefix(pattern)
    return (anchor,) if long_enough(anchor) else None


def find_word(text: str, phrase: str) -> bool:
    """``phrase`` occurs in ``text`` from the start of a word (not inside a run of ASCII letters and
    digits), like a pattern behind :data:`WORD_START`."""
    i = text.find(phrase)
    while i >= 0:
        if at_word_start(text, i):
            return True
        i = text.find(phrase, i + 1)
    return False


class PhraseRule:
    """One rule: a value (the classifier's reason) and its patterns. Its literal phrases are found
    by a :class:`RuleIndex` (one pass for all rules); the patterns that need a regular expression
    are compiled on first use, and only when the literal text they start with (their anchor) occurs
    in the text."""

    __slots__ = ("reason", "source", "literals", "regexes", "anchors", "pattern_anchors", "_regex", "_pattern", "_each")

    def __init__(self, reason: str, patterns: list[str]) -> None:
        self.reason = reason
        self.source = "|".join(f"(?:{p})" for p in patterns)
        """The rule's patterns as one alternation (without the word-start guard)."""
        self.literals = tuple(p for p in patterns if is_literal(p))
        self.regexes = tuple(p for p in patterns if not is_literal(p))
        found = [anchors(p) for p in self.regexes]
        self.pattern_anchors: tuple[tuple[str, ...] | None, ...] = tuple(found)
        """Each regex pattern's own anchors (None: that pattern has none)."""
        self.anchors: tuple[str, ...] | None = (
            tuple(a for f in found if f is not None for a in f) if all(f is not None for f in found) else None
        )
        """Texts one of which must occur for a regex pattern to match (None: always try them)."""
        self._regex: re.Pattern[str] | None = None
        self._pattern: re.Pattern[str] | None = None
        self._each: list[re.Pattern[str] | None] = [None] * len(self.regexes)
        """Each regex pattern compiled on its own (on first use), for :meth:`some_match`."""

    @property
    def compiled(self) -> bool:
        """Whether the regular-expression patterns have been compiled yet (start-up compiles none)."""
        return self._regex is not None

    @property
    def pattern(self) -> re.Pattern[str]:
        """The whole rule as one expression (tests and debugging)."""
        if self._pattern is None:
            self._pattern = re.compile(f"{WORD_START}(?:{self.source})")
        return self._pattern

    def matches(self, text: str) -> bool:
        """The rule on its own (the index asks all rules at once)."""
        return any(find_word(text, p) for p in self.literals) or self.regex_matches(text)

    def regex_matches(self, text: str, *, anchored: bool = False) -> bool:
        """Whether one of the rule's regular-expression patterns matches ``text``; ``anchored``:
        the caller already knows that one of the anchors occurs in it."""
        if not self.regexes:
            return False
        if not anchored and self.anchors is not None and not any(a in text for a in self.anchors):
            return False  # every regex pattern starts with one of its anchors
        regex = self._regex
        if regex is None:
            # Without the word-start look-behind in front: a pattern that starts with one cannot
            # skip ahead to its first characters, and costs several times more on a long text.
            # Whether a match starts a word is checked below instead.
            regex = self._regex = re.compile("|".join(f"(?:{p})" for p in self.regexes))
        return _matches_at_word_start(regex, text)

    def some_match(self, text: str, live: Iterable[int]) -> bool:
        """Whether one of the regex patterns numbered ``live`` (those whose anchor occurs in
        ``text``; the others cannot match it) matches ``text`` from a word start: the same answer
        as :meth:`regex_matches`, without trying the patterns that cannot match (each is compiled
        on its own: the combinations that occur are many, the patterns a few)."""
        each = self._each
        for j in live:
            regex = each[j]
            if regex is None:
                regex = each[j] = re.compile(self.regexes[j])
            if _matches_at_word_start(regex, text):
                return True
        return False


def _matches_at_word_start(regex: re.Pattern[str], text: str) -> bool:
    """Whether ``regex`` matches ``text`` somewhere from the start of a word."""
    m = regex.search(text)
    while m is not None:
        if at_word_start(text, m.start()):
            return True
        m = regex.search(text, m.start() + 1)
    return False


class RuleIndex:
    """Every rule's literal phrases and regex anchors in one :class:`PhraseIndex`: one scan of a
    text tells which rules' phrases occur (the first such rule in order is the answer unless an
    earlier rule's regular expression matches) and which regex rules are worth trying."""

    def __init__(self, rules: tuple[PhraseRule, ...]) -> None:
        self.rules = rules
        # (rule index, -1) for a phrase, which counts from a word start; (rule index, number of the
        # regex pattern) for an anchor, which counts anywhere.
        self.words: PhraseIndex[tuple[int, int]] = PhraseIndex(
            [(p, (i, -1)) for i, r in enumerate(rules) for p in r.literals]
            + [
                (a, (i, j))
                for i, r in enumerate(rules)
                if r.regexes and r.anchors is not None
                for j, found in enumerate(r.pattern_anchors)
                for a in found or ()
            ]
        )
        self.always = frozenset(i for i, r in enumerate(rules) if r.regexes and r.anchors is None)
        self._needles: dict[int, tuple[tuple[str, ...], ...] | None] = {}
        """The words the matches of a rule tried on every text need (:func:`source_needles`), read on first use."""

    def _may_match(self, i: int, low: str | None) -> bool:
        """False when rule ``i`` (one without anchors) cannot match the text ``low`` stands for."""
        try:
            needles = self._needles[i]
        except KeyError:
            needles = self._needles[i] = source_needles("|".join(f"(?:{p})" for p in self.rules[i].regexes))
        return may_match(needles, low)

    def first_match(self, text: str) -> int | None:
        """The index of the first rule (in order) that matches ``text`` (lower case)."""
        best = len(self.rules)
        live: dict[int, set[int]] = {}
        """Rule index -> its regex patterns whose anchor occurs in the text."""
        for start, (i, j) in self.words.hits(text):
            if j >= 0:
                live.setdefault(i, set()).add(j)
            elif i < best and at_word_start(text, start):
                best = i
        low = ascii_lower(text) if self.always else None
        for i in sorted(self.always.union(live)):
            if i >= best:
                break
            rule = self.rules[i]
            if i in self.always:
                if self._may_match(i, low) and rule.regex_matches(text, anchored=True):
                    return i
            elif rule.some_match(text, live[i]):
                return i
        return best if best < len(self.rules) else None
