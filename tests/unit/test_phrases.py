"""PhraseIndex: every phrase of a set found in one pass, from the start of a word."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from inspector.core.phrases import PhraseIndex, at_word_start

PHRASES = ["user unknown", "unknown", "no such user", "550 5.1.1", "#5.1.0", "mailbox full", "box", "ab"]


def _slow(text: str, word_start: bool) -> set[tuple[str, int]]:
    out = set()
    for i, p in enumerate(PHRASES):
        at = text.find(p)
        while at >= 0:
            if not word_start or at_word_start(text, at):
                out.add((p, i))
            at = text.find(p, at + 1)
    return out


def test_examples() -> None:
    index = PhraseIndex((p, i) for i, p in enumerate(PHRASES))
    assert set(index.find("550 5.1.1 user unknown")) == {("550 5.1.1", 3), ("user unknown", 0), ("unknown", 1)}
    assert set(index.find("superuser unknown")) == {("unknown", 1)}  # "user unknown" starts inside a word
    assert set(index.find("superuser unknown", word_start=False)) == {("user unknown", 0), ("unknown", 1)}
    assert set(index.find("mailbox full (#5.1.0)")) == {("mailbox full", 5), ("#5.1.0", 4)}
    assert list(PhraseIndex([]).find("anything")) == []


def test_one_phrase_many_values() -> None:
    index = PhraseIndex([("quota", "a"), ("quota", "b")])
    assert sorted(v for _, v in index.find("over quota")) == ["a", "b"]


@given(st.text(alphabet="abuserknowmilfx5.1 #0-", max_size=50), st.booleans())
def test_same_as_finding_each_phrase(text: str, word_start: bool) -> None:
    index = PhraseIndex((p, i) for i, p in enumerate(PHRASES))
    assert set(index.find(text, word_start=word_start)) == _slow(text, word_start)
