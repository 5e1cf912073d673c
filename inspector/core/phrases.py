"""Many literal phrases looked for in one pass over a text.

The classifier's rules and the provider table hold hundreds of phrases; asking ``str.find`` for
each of them costs far more than the reply they are looked for in. :class:`PhraseIndex` builds an
Aho-Corasick automaton (``pyahocorasick``) once, and one scan of a text reports every phrase that
occurs in it, each with the values it was added with.

A phrase counts only from the start of a word: the character before it must not be an ASCII
letter or digit (texts and phrases are lower case), so ``"user unknown"`` is not found in
``"superuser unknown"``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

import ahocorasick

V = TypeVar("V")

WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def at_word_start(text: str, start: int) -> bool:
    """Nothing but the start of ``text`` or a non-word character stands right before ``start``."""
    return start == 0 or text[start - 1] not in WORD_CHARS


class PhraseIndex(Generic[V]):
    """Phrases, each with one or more values. :meth:`find` yields the values of the phrases that
    occur in a text from the start of a word; :meth:`hits` every occurrence with where it starts."""

    def __init__(self, entries: Iterable[tuple[str, V]]) -> None:
        grouped: dict[str, list[V]] = {}
        for phrase, value in entries:
            if phrase:
                grouped.setdefault(phrase, []).append(value)
        self._automaton = ahocorasick.Automaton()
        for phrase, values in grouped.items():
            self._automaton.add_word(phrase, (len(phrase) - 1, tuple(values)))
        self._empty = not grouped
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> Iterator[V]:
        """The value(s) of every occurrence of a phrase that starts a word in ``text``."""
        if self._empty:
            return
        for end, (back, values) in self._automaton.iter(text):
            start = end - back
            if start == 0 or text[start - 1] not in WORD_CHARS:
                yield from values

    def hits(self, text: str) -> Iterator[tuple[int, V]]:
        """``(start, value)`` for every occurrence of a phrase in ``text``, word start or not."""
        if self._empty:
            return
        for end, (back, values) in self._automaton.iter(text):
            for value in values:
                yield end - back, value
