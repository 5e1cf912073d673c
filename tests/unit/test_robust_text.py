"""Pasted text at its worst: random, huge and pathological texts through ``analyse_text`` (the
rebuilt-message reader of :mod:`inspector.core.pasted`, log lines, transcripts, bare replies).

Always a result, never an "internal error" record; the regression cases below each took minutes
(or gigabytes) before their fix. Their time bounds are hang detectors set far above the time
they take now, not speed measurements (tests/bench has those).
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector.core.addresses import first_address
from inspector.core.analyze import analyse_text
from inspector.core.codes import MAX_REPLY_TEXT, find_replies
from inspector.core.model import Analysis
from inspector.core.pasted import rebuild_message
from inspector.core.serialize import analysis_to_dict
from inspector.core.textinput import analyse_plain_text

HANG = 20.0
"""Seconds: the inputs below take well under one now and took minutes before their fixes."""


def _ok(text: str) -> Analysis:
    a = analyse_text(text)
    assert not (a.error or "").startswith("internal error"), a.error
    assert not [w for w in a.warnings if w.startswith("internal error")], a.warnings
    analysis_to_dict(a)
    return a


def _timed(text: str) -> tuple[Analysis, float]:
    t0 = time.perf_counter()
    a = _ok(text)
    return a, time.perf_counter() - t0


# --- regressions ---------------------------------------------------------------------------------


def test_log_line_of_to_without_status_is_linear() -> None:
    # The log-line expression had two ".*?" runs around an optional dsn=: cubic on such a line.
    a, took = _timed("to=x " * 20_000)
    assert took < HANG and a.error is None
    _, took = _timed("to=<" + "a" * 200_000 + " status")
    assert took < HANG


def test_log_line_reads_the_dsn_field() -> None:
    line = (
        "Dec  5 10:00:00 mx postfix/smtp[1]: 4A: to=<u@example.net>, relay=none, delay=300, dsn=4.4.1, "
        "status=deferred (connect to mx.example.net[192.0.2.7]:25: Connection timed out)"
    )
    rec = analyse_plain_text(line, "log").recipients[0]
    assert (rec.recipient, rec.status, rec.action) == ("u@example.net", "4.4.1", "delayed")
    # A dsn= after the status belongs to nothing; the code in the detail stands.
    rec = analyse_plain_text("to=<u@example.net>, status=bounced (550 5.1.1 no) dsn=4.4.1", "log").recipients[0]
    assert rec.status == "5.1.1"


def test_run_of_address_punctuation_is_linear() -> None:
    # A bare address was tried from every character of a run like "!!!!": quadratic.
    t0 = time.perf_counter()
    assert first_address("!" * 200_000) is None
    assert first_address("!" * 200_000 + "a@b.example") == "!" * 200_000 + "a@b.example"
    assert time.perf_counter() - t0 < HANG
    _, took = _timed("550 5.1.1 " + "!" * 300_000)
    assert took < HANG


def test_bracket_full_of_at_signs_is_linear() -> None:
    _, took = _timed("<" + "a@" * 200_000 + " 550 5.1.1 x")
    assert took < HANG


def test_the_address_said_before_a_reply() -> None:
    rec = analyse_plain_text("<notes> from <u@example.net>: 550 5.1.1 unknown", "t").recipients[0]
    assert rec.recipient == "u@example.net"


def test_long_line_of_replies_keeps_bounded_reply_texts() -> None:
    # Each reply kept the rest of its line: 200 KB of replies on one line took over a gigabyte.
    text = "x 550 5.1.1 no; " * 10_000
    replies = find_replies(text)
    assert len(replies) == 10_000
    assert all(len(r.text) <= MAX_REPLY_TEXT for r in replies)
    a, took = _timed(text)
    assert took < HANG and a.recipients and a.recipients[0].status == "5.1.1"


def test_reply_of_many_lines_keeps_its_first_lines() -> None:
    replies = find_replies("550-5.1.1 mailbox\n" * 50_000 + "550 5.1.1 end\n")
    assert len(replies) == 1
    assert replies[0].text.startswith("mailbox mailbox") and len(replies[0].text) <= MAX_REPLY_TEXT + 20


def test_many_different_codes_for_no_address() -> None:
    # Each failure was compared with every one before it: quadratic in the number of replies.
    text = "".join(f"450 4.{i % 1000}.{i // 1000} later\n" for i in range(10_000))
    a, took = _timed(text)
    assert took < HANG and 1 <= len(a.recipients) <= 50


def test_many_addresses_each_with_a_failure() -> None:
    text = "".join(f"u{i}@x.example 450 4.2.2 full\n" for i in range(5_000))
    a, took = _timed(text)
    assert took < HANG
    assert len({r.recipient for r in a.recipients}) == len(a.recipients) > 1000


def test_transcript_with_many_commands_is_linear() -> None:
    text = "EHLO client.example\n" + "RCPT TO:<a@b.example>\n" * 20_000 + "550 5.1.1 no\n" * 20_000
    a, took = _timed(text)
    assert took < HANG and a.recipients[-1].status == "5.1.1"


# --- pathological structures ---------------------------------------------------------------------

STRUCTURES = {
    "status lines": "Status: 5.1.1\n",
    "field names without values": "Final-Recipient:\nAction:\nStatus:\nDiagnostic-Code:\n",
    "recipient blocks": "Final-Recipient: rfc822; a@b.example\nAction: failed\nStatus: 5.1.1\n\n",
    "endless fold": " folded\n",
    "header lines": "X-Header: value\n",
    "continuation replies": "550-5.1.1 line\n",
    "cjk": "漢字テスト 550 ",
    "rtl": "\u202eשלום 5.1.1 ",
    "lone surrogates": "\ud800 550 5.1.1 <a@b.example>\n",
    "log lines": "to=<a@b.example>, dsn=5.1.1, status=bounced (550 5.1.1 no)\n",
    "blank lines between fields": "Final-Recipient: rfc822; a@b.example\n\n\n\nAction: failed\n",
}


def test_pathological_line_structures() -> None:
    for name, unit in STRUCTURES.items():
        _, took = _timed(unit * (60_000 // len(unit)))
        assert took < HANG, name


@pytest.mark.slow
def test_pathological_line_structures_of_a_megabyte() -> None:
    """The same at 1 MB, with the times printed (``pytest -m slow -s``): each should stay near a
    second; growth faster than the size is a bug."""
    for name, unit in STRUCTURES.items():
        a, took = _timed(unit * (1_000_000 // len(unit)))
        print(f"{name:28} {took:6.2f} s  {len(a.recipients)} recipients")
        assert took < 6 * HANG, name


def test_nul_bytes_make_binary_data() -> None:
    a = analyse_text("550 5.1.1 x\x00" * 1000)
    assert a.error is not None and "binary" in a.error


# --- random texts --------------------------------------------------------------------------------

PIECES = st.sampled_from(
    [
        "Final-Recipient: rfc822; a@b.example\n",
        "Original-Recipient: rfc822;\n",
        "Action: failed\n",
        "Action:\n",
        "Status: 5.1.1\n",
        "Status: 4.4.7\n",
        "Reporting-MTA: dns; mx.example\n",
        "Diagnostic-Code: smtp; 550-5.1.1 no\n",
        " folded\n",
        "\n",
        "X-Thing: y\n",
        "From: x@y.example\n",
        "Subject: =?utf-8?b?broken\n",
        "550 5.1.1 <u@example.net>: no such user\n",
        "550-5.7.1 policy\n",
        "<u@example.net>: host mx.example.net[192.0.2.1] said: 452 4.2.2 full\n",
        "RCPT TO:<u@example.net>\n",
        "220 mx.example ESMTP\n",
        "to=<u@example.net>, dsn=5.1.1, status=bounced (550 no)\n",
        "Challenge: please confirm you are human\n",
        "Your message to u@example.net could not be delivered\n",
        "\ud800",
        "\u202e",
        "漢字",
        "!!!!",
        "<<@@>>",
        "\r\n",
        "\t",
        "--boundary\n",
        "Content-Type: message/delivery-status\n",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=40))
def test_random_bounce_like_texts(pieces: list[str]) -> None:
    text = "".join(pieces)
    _ok(text)
    rebuilt = rebuild_message(text)
    assert rebuilt.startswith(b"From: Mail Delivery System")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=3000))
def test_random_texts(text: str) -> None:
    _ok(text)
