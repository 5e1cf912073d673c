"""Classification: severity, reason (text over vague codes, providers, SMTP stage), hard and advice."""

from __future__ import annotations

import pytest

from inspector.core.classify import classify, reason_rules, smtp_stage
from inspector.core.model import RecipientResult
from inspector.reference.tables import load_reference


def _rec(
    diag: str | None, status: str | None = None, reply: str | None = None, action: str = "failed"
) -> RecipientResult:
    rec = RecipientResult(recipient="x@example.com", action=action, status=status, reply_code=reply, diagnostic=diag)
    classify(rec)
    return rec


@pytest.mark.parametrize(
    ("diag", "status", "reply", "reason"),
    [
        ("550 5.2.1 <x@example.com>... User Unknown", "5.2.1", "550", "userunknown"),  # text over the code
        ("550 5.4.1 Recipient address rejected: Access denied. AS(201806281)", "5.4.1", "550", "userunknown"),
        ("452 4.2.2 The email account that you tried to reach is over quota", "4.2.2", "452", "mailboxfull"),
        (
            "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org",
            "5.7.1",
            "554",
            "blocked",
        ),
        (
            "550 5.7.26 Unauthenticated email from example.org is not accepted due to DMARC policy",
            "5.7.26",
            "550",
            "authfailure",
        ),
        (
            "SMTP error from remote mail server after MAIL FROM:<a@b.example>: 550 5.1.7 No such domain",
            "5.1.7",
            "550",
            "rejected",
        ),
        (
            "SMTP error from remote mail server after initial connection: 554 5.7.1 Missing reverse DNS",
            "5.7.1",
            "554",
            "blocked",
        ),
        (">>> DATA <<< 550 5.0.0 <x@example.com>... User unknown", "5.0.0", "550", "filtered"),
        ("550 5.1.2 Bad destination system address", "5.1.2", "550", "hostunknown"),  # the code decides
        ("retry timeout exceeded", None, None, "expired"),
    ],
)
def test_reason(diag: str, status: str | None, reply: str | None, reason: str) -> None:
    assert _rec(diag, status, reply).reason == reason


def test_hard_and_advice_come_from_the_reference() -> None:
    ref = load_reference()
    rec = _rec("550 5.1.1 <x@example.com>: Recipient address rejected: User unknown", "5.1.1", "550")
    assert rec.reason == "userunknown" and rec.hard is ref.reason("userunknown").hard is True
    assert rec.advice == ref.reason("userunknown").advice
    full = _rec("452 4.2.2 Quota exceeded for this user", "4.2.2", "452")
    assert full.hard is False and full.advice == ref.reason("mailboxfull").advice


def test_provider_advice_wins_when_a_provider_reply_is_known() -> None:
    ref = load_reference()
    rec = _rec("550-5.1.1 The email account that you tried to reach does not exist.", "5.1.1", "550")
    assert rec.advice == ref.by_id["google-5.1.1"].advice


@pytest.mark.parametrize(
    ("status", "reply", "action", "severity"),
    [
        ("5.1.1", "550", "failed", "permanent"),
        ("4.2.2", None, "failed", "transient"),
        (None, "250", None, "success"),
        (None, None, "delayed", "transient"),
        (None, None, "failed", "permanent"),
    ],
)
def test_severity(status: str | None, reply: str | None, action: str | None, severity: str) -> None:
    rec = RecipientResult(recipient="x@example.com", action=action, status=status, reply_code=reply)
    classify(rec)
    assert rec.severity == severity
    assert rec.status == status  # never invented


def test_feedback_and_vacation_are_not_failures() -> None:
    for reason in ("feedback", "vacation"):
        rec = RecipientResult(recipient="x@example.com", reason=reason)
        classify(rec)
        assert rec.reason == reason and rec.severity == "unknown" and rec.hard is False


def test_smtp_stage_is_the_last_command_before_the_failure() -> None:
    assert smtp_stage(">>> MAIL From:<a@b.c> <<< 250 ok >>> RCPT To:<d@e.f> <<< 550 5.1.1 unknown") == "rcpt"
    assert smtp_stage("SMTP error from remote mail server after end of data: 550 rejected") == "data"
    assert smtp_stage("550 5.1.1 unknown") is None


def test_every_rule_names_a_known_reason() -> None:
    known = set(load_reference().reasons)
    rules = reason_rules()
    assert rules.rules and all(r.reason in known for r in rules.rules + rules.weak)
