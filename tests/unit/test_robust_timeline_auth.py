"""Timeline, authentication, writer, challenge and "why" lines on odd dates and hostile headers.

These are found lazily (on first use, outside the "internal error" net of ``analyse_bytes``), so an
exception in them reaches the window or the command line: each test asks for them.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector.core.analyze import analyse_bytes, analyse_text
from inspector.core.model import Analysis
from inspector.core.serialize import analysis_to_dict
from inspector.core.why import evidence_text, meaning_note, why_line

HANG = 20.0


def _dsn(date: str, diag: str, head: str = "", returned: str = "", lad: str = "", wru: str = "") -> bytes:
    fields = f"Final-Recipient: rfc822; u@example.net\nAction: delayed\nStatus: 4.2.2\nDiagnostic-Code: {diag}\n"
    if lad:
        fields += f"Last-Attempt-Date: {lad}\n"
    if wru:
        fields += f"Will-Retry-Until: {wru}\n"
    return (
        f"From: MAILER-DAEMON@mx.example\nTo: a@b.example\nSubject: Delivery delayed\nDate: {date}\n{head}"
        'MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="B"\n\n'
        "--B\nContent-Type: text/plain\n\ndelayed\n--B\nContent-Type: message/delivery-status\n\n"
        f"Reporting-MTA: dns; mx.example\nArrival-Date: {date}\n\n{fields}\n"
        f"--B\nContent-Type: text/rfc822-headers\n\nFrom: a@b.example\nDate: {date}\n{returned}Subject: hi\n\n--B--\n"
    ).encode("utf-8", "surrogateescape")


def _all_of(a: Analysis) -> None:
    assert not (a.error or "").startswith("internal error"), a.error
    assert not [w for w in a.warnings if w.startswith("internal error")], a.warnings
    analysis_to_dict(a)
    for r in a.recipients:
        why_line(r)
        meaning_note(r)
        for ev in r.evidence:
            evidence_text(ev)


def _ok(data: bytes) -> Analysis:
    a = analyse_bytes(data, "case")[0]
    _all_of(a)
    return a


def test_retry_hint_past_the_last_date_python_holds() -> None:
    # base + wait raised OverflowError from the (lazy) timeline.
    for date in ("Fri, 31 Dec 9999 23:59:59 +0000", "Fri, 31 Dec 9999 23:59:59 -2359"):
        a = _ok(_dsn(date, "smtp; 450 4.2.2 mailbox full, try again in 9999 days"))
        assert any("try again in 9999 days" in e.event for e in a.timeline)


def test_thousands_of_received_headers() -> None:
    received = "".join(
        f"Received: from h{i}.example ([192.0.2.{i % 250}]) by h{i + 1}.example; Mon, 1 Dec 2025 {i // 3600 % 24:02d}:"
        f"{i // 60 % 60:02d}:{i % 60:02d} +0000\n"
        for i in range(10_000)
    )
    t0 = time.perf_counter()
    a = _ok(_dsn("Mon, 1 Dec 2025 23:00:00 +0000", "smtp; 452 4.2.2 full", returned=received))
    assert time.perf_counter() - t0 < HANG
    assert len(a.timeline) > 10_000


def test_thousands_of_authentication_results() -> None:
    ar = "".join(
        f"Authentication-Results: mx{i}.example; spf=fail smtp.mailfrom=b.example; dkim=none; dmarc=fail "
        f"header.from=b.example\n"
        for i in range(5_000)
    )
    t0 = time.perf_counter()
    a = _ok(_dsn("Mon, 1 Dec 2025 23:00:00 +0000", "smtp; 550 5.7.26 unauthenticated", returned=ar))
    assert time.perf_counter() - t0 < HANG
    assert a.authentication.dmarc.result == "fail" and a.authentication.spf.result == "fail"


DATES = st.one_of(
    st.sampled_from(
        [
            "Mon, 1 Dec 2025 10:00:00 +0000",
            "Fri, 31 Dec 9999 23:59:59 -2359",
            "Mon, 1 Jan 0001 00:00:00 +2359",
            "1 Jan 1 00:00:00 +0000",
            "31 Feb 2025 10:00:00 +0000",
            "1 Dec 2025 24:00:00 +0000",
            "1 Dec 2025 10:00:00 +9999",
            "1 Dec 2025 10:00:00 ZZZ",
            "1 Dec 99999 10:00:00 +0000",
            "1 Dec 49 10:00:00 +0000",
            "Mon, 1 Dec 2025 10:00:00",
            "2025-12-01T10:00:00Z",
            "1764583200",
            ";;;",
            "",
            "\x7f",
        ]
    ),
    st.text(max_size=40).filter(lambda s: "\n" not in s and "\r" not in s),
)
DIAGS = st.sampled_from(
    [
        "smtp; 450 4.2.2 mailbox full, try again in 9999 days",
        "smtp; 451 4.7.1 please retry later",
        "smtp; 421 4.7.0 [TSS04] Messages temporarily deferred",
        "smtp; 550 5.7.26 This mail is unauthenticated: DMARC fail, SPF fail, DKIM fail",
        "smtp; 550 5.7.1 The MAIL FROM domain [example.com] has an SPF record with a hard fail policy",
        "smtp; 554 5.7.1 spf=fail dkim=pass dmarc=none",
        "x-unix; challenge: please confirm you are not a robot",
        "",
    ]
)
AUTH = st.sampled_from(
    [
        "",
        "Authentication-Results: mx.example; spf=pass smtp.mailfrom=a@b.example; dkim=fail header.d=b.example\n",
        "Authentication-Results: ;;;;(((\n",
        "Authentication-Results: x; dkim=pass header.i=@\n",
        "ARC-Authentication-Results: i=1; mx; dmarc=fail header.from=\n",
        "DKIM-Signature: v=1; d=; s=\n",
        "DKIM-Signature: ;;;==;\n",
        "Received-SPF: \n",
        "Received-SPF: fail (domain of\n",
        "Received: from ; by ;\n",
        "Received: by x; 1 Dec 99999 10:00:00 +0000\n",
    ]
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DATES, DATES, DATES, DIAGS, st.lists(AUTH, max_size=5))
def test_odd_dates_and_authentication_headers(date: str, lad: str, wru: str, diag: str, auth: list[str]) -> None:
    received = "".join(f"Received: from a by b; {d}\n" for d in (date, lad, wru))
    a = _ok(_dsn(date, diag, returned="".join(auth) + received, lad=lad, wru=wru))
    for ev in a.timeline:
        assert ev.event


CHALLENGE = st.sampled_from(
    [
        "Subject: Please confirm your message\n",
        "Subject: Auto-Reply\n",
        "Auto-Submitted: auto-replied\n",
        "X-Autoreply: yes\n",
        "From: MAILER-DAEMON@x.example\n",
        "From: boxbe <notify@boxbe.com>\n",
        "\n",
        "To prove you are human, click the link\n",
        "I am away until Monday\n",
        "Your message is waiting for approval by the recipient\n",
        "Final-Recipient: rfc822; u@example.net\n",
        "Status: 5.1.1\n",
        "550 5.1.1 <u@example.net>: Recipient address rejected\n",
        "Reporting-MTA: dns; mx.google.com\n",
        "Received: by mx.outlook.com; Mon, 1 Dec 2025 10:00:00 +0000\n",
        "X-Mailer: qmail\n",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(CHALLENGE, max_size=25))
def test_random_notices_as_messages_and_as_text(pieces: list[str]) -> None:
    # The writer reader, the challenge recogniser and the "why" lines on random notice-like input.
    text = "".join(pieces)
    _ok(text.encode())
    _all_of(analyse_text(text))


def test_a_bug_in_authentication_or_timeline_becomes_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    """Authentication and timeline are read at the end of the analysis, after the recipients: a
    failure there keeps the analysis (recipients, codes) and says so in its warnings."""
    import inspector.core.analyze as analyze

    def broken(_a: object) -> None:
        raise ValueError("boom")

    for name in ("authentication_of", "timeline_of"):
        monkeypatch.setattr(analyze, name, broken)
    for a in (
        analyze.analyse_text("550 5.1.1 <bob@example.org>: User unknown"),
        analyze.analyse_bytes(b"Subject: x\n\n550 5.1.1 <bob@example.org>: User unknown\n", "x")[0],
    ):
        assert a.error is None and a.recipients[0].status == "5.1.1"
        assert [c.code for _, c in a.codes] == ["550", "5.1.1"]
        assert a.authentication.spf.result == "none" and a.timeline == []
        assert "internal error while reading authentication (ValueError: boom)" in a.warnings
        assert "internal error while building the timeline (ValueError: boom)" in a.warnings
        assert analysis_to_dict(a)["warnings"][-2:] == a.warnings[-2:]


def test_a_bug_in_finding_the_codes_becomes_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    """The code spans are a view too: a failure there keeps the verdicts and says so."""
    import inspector.core.analyze as analyze

    def broken(_a: object) -> None:
        raise ValueError("boom")

    monkeypatch.setattr(analyze, "_codes", broken)
    a = analyze.analyse_bytes(b"Subject: x\n\n550 5.1.1 <bob@example.org>: User unknown\n", "x")[0]
    assert a.error is None and a.recipients[0].status == "5.1.1" and a.codes == []
    assert "internal error while finding the codes (ValueError: boom)" in a.warnings
