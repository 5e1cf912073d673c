"""needles_of: the words a compiled pattern's matches must hold, used to skip patterns that
cannot match. It may know less than it could, never a word a match can lack."""

from __future__ import annotations

import re

import pytest

from inspector.core.authentication import EXPLICIT_RESULT_RE, MAIL_FROM_DOMAIN_RE, table
from inspector.core.patterns.literals import ascii_lower, may_match, needles_of


@pytest.mark.parametrize(
    ("pattern", "needles"),
    [
        (r"\bnull MX\b", (("null mx",),)),
        (r"\bSPF\b.{0,9}?\b(?:fail(?:ed)?|error)\b", (("spf",), ("error", "fail"))),
        (r"(?:hard |soft )?fail", (("fail",),)),  # an optional group gives nothing
        (r"a(?:bc)*d", None),  # nor does one repeated from zero times
        (r"x(?:abc)+y", (("abc",),)),  # one repeated at least once does
        (r"foo|ba", None),  # an alternative without a word of three characters
        (r"(?=lookahead)zz", None),  # a look-ahead is not part of the match
        (r"[abc]bar", (("bar",),)),
        (r"é?caf", (("caf",),)),
    ],
)
def test_needles_read_from_the_pattern(pattern: str, needles: tuple[tuple[str, ...], ...] | None) -> None:
    assert needles_of(re.compile(pattern, re.I)) == needles


def test_non_ascii_text_is_never_ruled_out() -> None:
    kelvin = re.compile(r"\bkind\b", re.I)
    text = "\u212aind of failure"  # KELVIN SIGN: the re module matches it to k under re.I
    assert kelvin.search(text)
    assert may_match(needles_of(kelvin), ascii_lower(text))


def test_a_text_without_the_words_is_ruled_out() -> None:
    p = re.compile(r"\bSPF\b[^\n]{0,50}?\bfail(?:ed|ure)?\b", re.I)
    needles = needles_of(p)
    assert not may_match(needles, ascii_lower("DKIM failed"))
    assert may_match(needles, ascii_lower("spf: FAILED"))


SAMPLES = [
    "550 5.7.26 This message does not have authentication information or fails to pass authentication checks",
    "550 5.7.1 SPF validation failed for example.com; dkim=fail (bad signature) dmarc=fail",
    "The MAIL FROM domain [example.com] has an SPF record with a hard fail policy",
    "DKIM = did not pass, SPF [example.com] with ip: [192.0.2.1] = did not pass",
    "553 5.7.1 rDNS / no PTR record for 192.0.2.1; reverse DNS lookup failed",
    "Unauthenticated email from example.com is not accepted due to domain's DMARC policy",
    "The message does not meet the required authentication level; null MX; too many DNS lookups: SPF permerror",
]


def test_every_authentication_pattern_that_matches_passes_its_word_test() -> None:
    patterns = [s.pattern for s in table().signals if s.pattern is not None] + [EXPLICIT_RESULT_RE, MAIL_FROM_DOMAIN_RE]
    hits = 0
    for p in patterns:
        needles = needles_of(p)
        for text in SAMPLES + [t.upper() for t in SAMPLES] + [t.lower() for t in SAMPLES]:
            if p.search(text):
                hits += 1
                assert may_match(needles, ascii_lower(text)), (p.pattern, text)
    assert hits > len(patterns)  # the samples do exercise the patterns


def test_a_text_an_authentication_signal_matches_holds_a_word_of_the_gate() -> None:
    """authentication_of runs the signals' patterns only on texts holding a word of the table's gate."""
    gate = table().gate
    assert gate is not None and "dkim" in gate
    hits = 0
    for s in table().signals:
        if s.pattern is None:  # a signal of status codes only
            continue
        for text in SAMPLES + [t.upper() for t in SAMPLES] + [t.lower() for t in SAMPLES]:
            if s.pattern.search(text):
                hits += 1
                low = ascii_lower(text)
                assert low is not None and any(w in low for w in gate), (s.id, text)
    assert hits > len(table().signals)
    assert not any(w in "550 5.1.1 <bob@example.org>: user unknown" for w in gate)  # a plain refusal skips them


def test_the_rule_index_agrees_with_each_rule_in_order_on_texts_for_its_word_tests() -> None:
    """Texts for the rules without anchors (tried on every text behind their word test) and for a
    rule whose patterns are tried only when their own anchors occur."""
    from inspector.core.classify import prepare_text, reason_rules

    rules = reason_rules()
    samples = [
        "421 dy-001 (mx.example) unfortunately, messages from 192.0.2.1 weren't sent",
        "552 boîte du destinataire pleine",
        "550 mail.example.org does not exist",
        "550 no such user here; your ip address is blocked",
        "550 user unknown",
        "550 5.1.1 the email account that you tried to reach does not exist",
        "550 listed on a blocklist, not a dnsbl",
        "550 mailbox unavailable",
    ]
    for sample in samples:
        text = prepare_text(sample)[1]
        for weak in (False, True):
            slow = rules.first_rule(text, weak=weak)
            assert rules.match(text, weak=weak) == (slow.reason if slow else None), (sample, weak)


@pytest.mark.parametrize(
    "text", ["  a\t b\r\n\nc  ", "", " \n ", "a\x0bb\x0c c", "a\xa0 b\u2003c", "x\x1fy \x1c z", "mixed é \t text\n"]
)
def test_squeeze_keeps_its_meaning_on_every_kind_of_blank(text: str) -> None:
    from inspector.core.recognisers.notice import squeeze

    # Runs of the blanks a line holds (space, tab, CR, LF) become one space; others stay.
    assert squeeze(text) == re.sub(r"[ \t\r\n]+", " ", text).strip()
