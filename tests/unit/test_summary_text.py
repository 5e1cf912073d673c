"""The summary text the app shows and copies (pure Python, no Qt): messages that are not bounces
say so, whatever the core read from them."""

from __future__ import annotations

from pathlib import Path

from inspector.core.analyze import analyse_path
from inspector.ui import summary


def test_feedback_report_is_not_called_a_bounce(corpus: Path) -> None:
    a = analyse_path(corpus / "eml" / "arf-01.eml")[0]
    assert a.kind == "not-bounce" and a.feedback_type == "abuse"
    text = summary.plain_text(a)
    assert "Not a bounce: a feedback report (type: abuse)" in text
    assert summary.recipient_line(a.recipients[0]).startswith("Complaint - ")
    assert "Bounce from" not in text


def test_unsubscribe_request_is_called_what_it_is() -> None:
    fixture = Path(__file__).parents[1] / "fixtures" / "recognisers" / "unsubscribe-plain.eml"
    a = analyse_path(fixture)[0]
    assert a.kind == "not-bounce" and a.feedback_type == "opt-out"
    assert summary.headline(a).startswith("Not a bounce: an unsubscribe request")
    assert summary.recipient_line(a.recipients[0]).startswith("Unsubscribe - ")
    assert "passed on a complaint" not in summary.plain_text(a)


def test_auto_reply_is_not_called_a_bounce(corpus: Path) -> None:
    a = analyse_path(corpus / "eml" / "rfc3834-02.eml")[0]
    assert a.kind == "not-bounce"
    assert summary.headline(a).startswith("Not a bounce: an automatic reply")
    assert summary.recipient_line(a.recipients[0]).startswith("Auto-reply - ")


def test_real_bounce_keeps_its_severity(corpus: Path) -> None:
    # An unknown user (lhost-postfix-01 is a local mail program failure, not a bad address).
    a = analyse_path(corpus / "eml" / "lhost-postfix-04.eml")[0]
    assert summary.headline(a) == ""
    assert summary.recipient_line(a.recipients[0]).startswith("Hard bounce - ")
