"""Message bodies of one character repeated: each shape below took minutes (quadratic backtracking
in the recognisers' expressions) before its fix. The time bound is a hang detector far above the
fraction of a second they take now, not a speed measurement."""

from __future__ import annotations

import time

import pytest

from inspector.core.analyze import analyse_bytes
from inspector.core.recognisers.blocks import ADDRESS_LINE_RE
from inspector.core.recognisers.notice import clean_diagnostic
from inspector.core.serialize import analysis_to_dict

HANG = 20.0
H = b"From: MAILER-DAEMON@x.example\nTo: a@b.example\nSubject: Undelivered Mail Returned to Sender\n\n"


@pytest.mark.parametrize("unit", [b"*", b"-", b" ", b"\t", b"> ", b"!", b"a-", b"x:"])
def test_one_long_line_of_one_character(unit: bytes) -> None:
    data = H + b"550 5.1.1 <u@example.net>: no such user\n" + unit * (100_000 // len(unit)) + b"\n"
    t0 = time.perf_counter()
    a = analyse_bytes(data, "long-line")[0]
    analysis_to_dict(a)
    assert time.perf_counter() - t0 < HANG
    assert a.error is None and a.recipients


def test_bullets_before_an_address_line() -> None:
    # The bullets are taken whole; what follows them is the address.
    m = ADDRESS_LINE_RE.search("  * - u@example.net: mailbox unavailable")
    assert m is not None and m.group("addr") == "u@example.net"
    assert ADDRESS_LINE_RE.search("*" * 200_000) is None


def test_boilerplate_after_spaces_is_still_cut() -> None:
    text = "550 5.1.1 no such user." + " " * 30 + "Below is a copy of the original message:\nrest"
    assert clean_diagnostic(text) == "550 5.1.1 no such user.\nrest"
    t0 = time.perf_counter()
    assert clean_diagnostic(" " * 200_000) == " " * 200_000
    assert time.perf_counter() - t0 < HANG


def test_imail_notice_with_many_reply_lines() -> None:
    # With re.S, ".*\n" between the address line and "Body of message generated response:" could end
    # at any later newline: 1.5 KB of such a notice (found by atheris) did not finish in a minute.
    body = (
        b"undeliverable to u@example.net\n\nBody of message generated response:\n"
        + b"550-your message was refused by the remote server\n" * 40
        + b"550 done\n"
    )
    t0 = time.perf_counter()
    a = analyse_bytes(H.replace(b"Subject: Undelivered", b"X-Mailer: <SMTP32 v9.23>\nSubject: Undelivered") + body)[0]
    assert time.perf_counter() - t0 < HANG
    assert [r.recipient for r in a.recipients] == ["u@example.net"]
    assert a.recipients[0].reply_code == "550"


def test_trouble_notice_with_many_blank_lines() -> None:
    # "^\s*" before "N error(s):" ran on over every blank line after each line start: quadratic.
    # (A notice without that line is where the search fails from every line start.)
    head = b"We had trouble delivering your message.\n"
    for tail in (b"1 error(s):\n\nu@example.net\n", b"u@example.net: 550 5.1.1 unknown user\n"):
        t0 = time.perf_counter()
        a = analyse_bytes(H + head + b"\n" * 200_000 + tail)[0]
        assert time.perf_counter() - t0 < HANG
        assert [r.recipient for r in a.recipients] == ["u@example.net"]
