"""Search over the reference: each query kind of issue 4, typos included."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.core.reference_search import Hit, SearchIndex, default_index, field_text, highlight, osa_distance, search


def codes(hits: list[Hit], n: int | None = None) -> list[str]:
    return [h.entry.code for h in hits[:n]]


@pytest.mark.parametrize("query", ["550", "421", "556", "5.7.26", "4.2.2", "5.1.10", "X.7.26", "x.1.1"])
def test_exact_code_ranks_first(query: str) -> None:
    assert search(query)[0].entry.code == query.upper()


def test_basic_prefix() -> None:
    hits = search("55", limit=None)
    assert set(codes(hits, 6)) <= {"550", "551", "552", "553", "554", "555", "556"}
    assert "556" in codes(hits)


def test_enhanced_prefix() -> None:
    hits = search("5.7", limit=None)
    table = [h.entry.code for h in hits if h.entry.kind == "enhanced"]
    assert table and all(c.startswith("5.7.") for c in table)
    assert {"5.7.1", "5.7.26", "5.7.30"} <= set(table)
    assert codes(hits, 1) == ["5.7.0"]


def test_general_code_finds_every_class() -> None:
    top = codes(search("X.7.26"), 3)
    assert top[0] == "X.7.26" and set(top[1:]) == {"5.7.26", "4.7.26"}


def test_code_in_a_range() -> None:
    hits = search("5.7.620")
    assert hits[0].entry.id == "microsoft-5.7.606-649"


def test_provider_token() -> None:
    assert search("TSS04")[0].entry.id == "yahoo-tss04"
    assert search("s3150")[0].entry.id == "microsoft-s3150"


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("mailbox full", "mailboxfull"),
        ("mailbox ful", "mailboxfull"),
        ("full mailbox", "mailboxfull"),
        ("mailbxo full", "mailboxfull"),
        ("dmarc fail", "authfailure"),
        ("dmarc fial", "authfailure"),
        ("spf", "authfailure"),
        ("sfp validation", "authfailure"),
        ("reverse dns", "requireptr"),
        ("user unknown", "userunknown"),
        ("unknwon user", "userunknown"),
        ("too big", "mesgtoobig"),
        ("relay denied", "norelaying"),
    ],
)
def test_words_in_any_order_with_typos(query: str, reason: str) -> None:
    hits = search(query, limit=5)
    assert hits, query
    assert hits[0].entry.reason == reason, [(h.entry.id, h.entry.reason) for h in hits]


@pytest.mark.parametrize(
    ("query", "provider"),
    [("gmail", "Google"), ("google", "Google"), ("outlook", "Microsoft"), ("hotmail", "Microsoft"),
     ("yahoo", "Yahoo"), ("icloud", "Apple"), ("spamhaus", "Spamhaus"), ("barracuda", "Barracuda"),
     ("spamcop", "SpamCop"), ("orange", "Orange"), ("yandex", "Yandex"), ("mail.ru", "Mail.ru"),
     ("comcast", "Comcast"), ("gmx", "GMX/Web.de"), ("zoho", "Zoho"), ("micrsoft", "Microsoft")],
)  # fmt: skip
def test_provider_names(query: str, provider: str) -> None:
    hits = search(query, limit=5)
    assert hits and all(h.entry.provider == provider for h in hits), codes(hits)


def test_provider_and_words() -> None:
    hits = search("outlook banned ip", limit=3)
    assert hits[0].entry.provider == "Microsoft" and "banned" in hits[0].entry.title.lower()


def test_pasted_reply_line_ranks_its_codes_first() -> None:
    line = "550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking"
    top = search(line, limit=5)
    assert top[0].entry.id == "google-5.1.1"
    assert {"5.1.1", "550"} <= set(codes(top, 4))


def test_pasted_provider_line() -> None:
    line = "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints"
    hits = search(line, limit=5)
    assert hits[0].entry.id == "yahoo-tss04"
    assert {"4.7.0", "421"} <= set(codes(hits, 4))
    ms = search("550 5.4.1 Recipient address rejected: Access denied. AS(201806281)", limit=5)
    assert ms[0].entry.id == "microsoft-5.4.1"
    assert "5.4.1" in codes(ms)


def test_matched_words_are_marked() -> None:
    hit = search("mailbox ful", limit=1)[0]
    title = field_text(hit.entry, "title")
    assert highlight(title, hit.spans["title"]) == "[Mailbox] [full]"
    frag = search("550 5.7.1 part of their network is on our block list (S3150)", limit=1)[0]
    assert frag.spans.get("text_fragments")


def test_scores_are_sorted_and_empty_query() -> None:
    hits = search("blocked ip", limit=None)
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert search("") == [] and search("   ") == []


def test_osa_distance() -> None:
    assert osa_distance("fail", "fial", 2) == 1
    assert osa_distance("mailbox", "mailbxo", 2) == 1
    assert osa_distance("spam", "spam", 1) == 0
    assert osa_distance("abc", "xyzw", 1) == 2


def test_custom_code_finder_is_used() -> None:
    calls: list[str] = []

    def finder(text: str) -> list[tuple[str, int, int]]:
        calls.append(text)
        return []

    index = SearchIndex(default_index().reference, code_finder=finder)
    index.search("hello 550 world")
    assert calls == ["hello 550 world"]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=120))
def test_any_text_is_safe(text: str) -> None:
    hits = search(text, limit=10)
    for h in hits:
        assert h.score > 0
        for name, spans in h.spans.items():
            value = field_text(h.entry, name)
            assert all(0 <= s < t <= len(value) for s, t in spans)


def test_flat_matches_for_views() -> None:
    hit = search("mailbox ful", limit=1)[0]
    assert ("title", 0, 7) in hit.matches
    assert all(name in hit.spans for name, _, _ in hit.matches)


def test_relevant_drops_the_weak_tail_but_not_what_follows_an_outlier() -> None:
    from inspector.core.reference_search import relevant

    hits = search("mailbox full", limit=None)
    kept = relevant(hits)
    assert hits[0].score > 3 * hits[1].score  # the provider entry whose reply text matched
    assert 3 <= len(kept) < len(hits)
    assert all(h.score >= 0.2 * hits[2].score for h in kept)
    assert all(h.score < 0.2 * hits[2].score for h in hits[len(kept) :])
    assert relevant([]) == [] and relevant(hits[:1]) == hits[:1]
