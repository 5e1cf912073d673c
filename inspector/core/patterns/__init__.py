"""The speed work behind one door: literal extraction from regex source and every prefilter.

Callers declare their patterns as data and ask this package to match them:
- the classifier's phrase rules (:class:`PhraseRule`, all rules asked at once through a
  :class:`RuleIndex`: one Aho-Corasick pass, regexes compiled on first use and only tried when
  the literal text they start with occurs) -- :mod:`.rules`;
- the recognisers' gates (a regex over the first characters of a text, behind a substring test on
  the words every match holds: :class:`TextHead`, :func:`literal_needles`) -- :mod:`.gates`;
- both read what literal text a pattern's matches must hold with :mod:`.literals`.

The many-phrase automaton itself is :class:`inspector.core.phrases.PhraseIndex`.
"""

from __future__ import annotations

from inspector.core.patterns.gates import TextHead, literal_needles
from inspector.core.patterns.literals import (
    class_end,
    group_end,
    is_literal,
    literal_prefix,
    required_literal,
    top_level_alternatives,
)
from inspector.core.patterns.rules import WORD_START, PhraseRule, RuleIndex, anchors, find_word, long_enough

__all__ = [
    "WORD_START",
    "PhraseRule",
    "RuleIndex",
    "TextHead",
    "anchors",
    "class_end",
    "find_word",
    "group_end",
    "is_literal",
    "literal_needles",
    "literal_prefix",
    "long_enough",
    "required_literal",
    "top_level_alternatives",
]
