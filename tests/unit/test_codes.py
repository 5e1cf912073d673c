"""Code finding: exact spans, pairing, multi-line replies, and what is not a code."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.core.codes import find_codes, find_replies, is_failure, is_failure_reply

GMAIL = (
    "550-5.1.1 The email account that you tried to reach does not exist. Please try\n"
    "550-5.1.1 double-checking the recipient's email address for typos or\n"
    "550 5.1.1 https://support.google.com/mail/?p=NoSuchUser a1si123 - gsmtp"
)


def test_spans_are_exact() -> None:
    text = "host mx.example said: 550 5.1.1 <a@b.example>: Recipient address rejected"
    codes = find_codes(text)
    assert [(c.code, c.kind) for c in codes] == [("550", "basic"), ("5.1.1", "enhanced")]
    for c in codes:
        assert text[c.start : c.end] == c.code


def test_multiline_reply_is_one_reply_with_every_line_code() -> None:
    replies = find_replies(GMAIL)
    assert len(replies) == 1
    r = replies[0]
    assert r.basic is not None and r.basic.code == "550"
    assert r.enhanced is not None and r.enhanced.code == "5.1.1"
    assert r.text.startswith("The email account that you tried to reach does not exist")
    assert "double-checking" in r.text
    codes = find_codes(GMAIL)
    assert len(codes) == 6 and {c.reply for c in codes} == {0}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Diagnostic-Code: smtp; 550 Requested action not taken", [("550", "basic")]),
        ("Status: 4.4.7", [("4.4.7", "enhanced")]),
        (
            "Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound'",
            [("550", "basic"), ("5.1.10", "enhanced")],
        ),
        ("(550) user unknown", [("550", "basic")]),
        ("#5.0.0 X-Notes; mailbox full", [("5.0.0", "enhanced")]),
        ("421-4.7.0 [1.2.3.4] Our system has detected", [("421", "basic"), ("4.7.0", "enhanced")]),
        ("dsn=5.1.1, status=bounced", [("5.1.1", "enhanced")]),
        ("smtp; 554 Message rejected for policy reasons", [("554", "basic")]),
        ("501 Rcpt-To address syntax error", [("501", "basic")]),
        ("550 Connection refused by policy", [("550", "basic")]),
    ],
)
def test_codes_in_real_phrasings(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(c.code, c.kind) for c in find_codes(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "connect to 192.168.5.1.1 failed",
        "Received: from [10.4.2.1] by mx.example",
        "Postfix 2.5.1 on host, Exim 4.1.2",
        "message size 552 bytes exceeds",
        "quota 450 KB used of 500 MB",
        "Date: 2023.11.05 12:30:45",
        "queue id 4A5B550C1, port 465, pid 2501",
        "version 5.2.1 of the software",
        "There were 250 messages and 451 recipients",
    ],
)
def test_not_codes(text: str) -> None:
    assert find_codes(text) == []


def test_reply_text_keeps_balanced_brackets_and_drops_stray_quotes() -> None:
    [r] = find_replies("550 5.4.1 Recipient address rejected: Access denied. AS(201806281)")
    assert r.text.endswith("AS(201806281)")
    [r] = find_replies("Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; not found'")
    assert r.text == "RESOLVER.ADR.RecipientNotFound; not found"


def test_is_failure_is_class_4_or_5_of_any_code_or_reply() -> None:
    assert is_failure("550") and is_failure("4.2.2") and is_failure("421 try later")
    assert not is_failure("250") and not is_failure("2.0.0") and not is_failure("") and not is_failure(None)
    replies = find_replies("250 ok\n550 5.1.1 unknown\n2.1.5 accepted")
    assert [is_failure_reply(r) for r in replies] == [False, True, False]


# Texts whose characters all fit in Latin-1 are scanned as bytes (2-5 marked as one byte); others,
# and texts holding that byte, as text. Both scans must find the same codes: a character far from
# every code (on its own line) chooses the scan without changing what is found.
_PIECES = ["550", "5.1.1", "4.7.26", "2.5.1", "250-300", "550-", " ", "\n", ".", "-", "_", "+", ":", "(", "é", "²", "x"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text("0123456789.", max_size=6), max_size=30))
def test_the_byte_scan_and_the_text_scan_find_the_same_codes(pieces: list[str]) -> None:
    text = "".join(pieces)
    found = [(c.code, c.kind, c.start, c.end, c.reply) for c in find_codes(text)]
    for other in ("\n\u0663", "\n\x01"):  # an Arabic-Indic digit (not Latin-1), the marking byte
        assert [(c.code, c.kind, c.start, c.end, c.reply) for c in find_codes(text + other)] == found


def test_codes_next_to_accented_letters_and_superscripts_are_not_codes() -> None:
    assert find_codes("é550 x²5.1.1 ²550 550é 5.1.1é") == []
    assert [c.code for c in find_codes("é 550 5.1.1 é")] == ["550", "5.1.1"]
