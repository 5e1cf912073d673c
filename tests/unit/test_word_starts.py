"""The classifier's word-start index: the first characters of every word of a text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from inspector.core.classify import _START_LEN, word_starts

_WORD = "abcdefghijklmnopqrstuvwxyz0123456789"


def _slow(text: str) -> frozenset[str]:
    return frozenset(
        text[i : i + _START_LEN] for i, ch in enumerate(text) if ch in _WORD and (i == 0 or text[i - 1] not in _WORD)
    )


def test_examples() -> None:
    assert word_starts("550 5.1.1 user unknown") == {"550 ", "5.1.", "1.1 ", "1 us", "user", "unkn"}
    assert word_starts("a b") == {"a b", "b"}  # overlapping, and short at the end
    assert word_starts("--- ") == frozenset()


@given(st.text(alphabet=_WORD[:6] + _WORD[-3:] + " .-\n\t:é", max_size=60))
def test_same_as_reading_every_word_start(text: str) -> None:
    assert word_starts(text) == _slow(text)
