"""Notices that are not failures: delay warnings are transient whatever their layout (writers.toml
[delay_notice]), challenge-response requests are not bounces (recognisers/challenge.py); our own
samples, written from the wording of Exim's deliver.c, Sendmail's savemail.c/envelope.c and
Gmail's delay notice."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.core.analyze import analyse_path

NOTICES = Path(__file__).resolve().parent.parent / "fixtures" / "notices"


@pytest.mark.parametrize("name", ["exim-delay-text.eml", "sendmail-warning.eml", "gmail-delay.eml"])
def test_a_delay_warning_is_transient_and_asks_for_no_resend(name: str) -> None:
    (a,) = analyse_path(NOTICES / name)
    assert [r.recipient for r in a.recipients] == ["someone@slow.example.com"]
    r = a.recipients[0]
    assert r.severity == "transient"
    assert r.hard is False
    assert r.retry == "yes"
    assert "resend once" not in (r.advice or "")


def test_a_permanent_code_in_a_warning_still_fails(tmp_path: Path) -> None:
    text = (
        (NOTICES / "sendmail-warning.eml")
        .read_text()
        .replace("Deferred: Connection timed out with mx.slow.example.com.", "550 5.1.1 User unknown")
    )
    p = tmp_path / "mixed.eml"
    p.write_text(text)
    (a,) = analyse_path(p)
    assert a.recipients[0].severity == "permanent"


def test_a_challenge_response_request_is_not_a_bounce() -> None:
    """A filter holding the message until the sender proves to be a person: nothing failed."""
    (a,) = analyse_path(NOTICES / "challenge-response.eml")
    assert a.kind == "not-bounce" and a.layout == "challenge" and a.recipients == []


def test_a_refusal_that_mentions_an_allow_list_is_still_a_bounce(tmp_path: Path) -> None:
    p = tmp_path / "refusal.eml"
    p.write_text(
        "From: MAILER-DAEMON@mx.example.org\nSubject: Undelivered Mail Returned to Sender\n\n"
        "<bob@example.net>: host mx.example.net[192.0.2.1] said: 550 5.7.1 Sender not on the recipient's "
        "whitelist; to be added, the recipient must confirm you (in reply to RCPT TO command)\n"
    )
    (a,) = analyse_path(p)
    assert a.kind != "not-bounce" and [r.recipient for r in a.recipients] == ["bob@example.net"]
