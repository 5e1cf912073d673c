"""PhraseIndex: every phrase of a set found in one pass, from the start of a word."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from inspector.core.phrases import PhraseIndex, at_word_start

PHRASES = ["user unknown", "unknown", "no such user", "550 5.1.1", "#5.1.0", "mailbox full", "box", "ab"]


def _slow(text: str) -> set[tuple[int, int]]:
    """(start, phrase number) of every occurrence."""
    out = set()
    for i, p in enumerate(PHRASES):
        at = text.find(p)
        while at >= 0:
            out.add((at, i))
            at = text.find(p, at + 1)
    return out


def _index() -> PhraseIndex[int]:
    return PhraseIndex((p, i) for i, p in enumerate(PHRASES))


def test_examples() -> None:
    index = _index()
    assert set(index.find("550 5.1.1 user unknown")) == {3, 0, 1}
    assert set(index.find("superuser unknown")) == {1}  # "user unknown" starts inside a word
    assert set(index.hits("superuser unknown")) == {(5, 0), (10, 1)}
    assert set(index.find("mailbox full (#5.1.0)")) == {5, 4}
    assert list(PhraseIndex([]).find("anything")) == []
    assert list(PhraseIndex([]).hits("anything")) == []


def test_one_phrase_many_values() -> None:
    index = PhraseIndex([("quota", "a"), ("quota", "b")])
    assert sorted(index.find("over quota")) == ["a", "b"]


@given(st.text(alphabet="abuserknowmilfx5.1 #0-", max_size=50))
def test_same_as_finding_each_phrase(text: str) -> None:
    index = _index()
    every = _slow(text)
    assert sorted(index.hits(text)) == sorted(every)
    assert sorted(index.find(text)) == sorted(i for start, i in every if at_word_start(text, start))
