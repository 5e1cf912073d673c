"""Pasted text: reply lines, multi-line replies, transcripts and log lines."""

from __future__ import annotations

from inspector.core.analyze import analyse_text


def test_gmail_reply_line() -> None:
    a = analyse_text(
        "550-5.1.1 The email account that you tried to reach does not exist. Please try\n"
        "550-5.1.1 double-checking the recipient's email address for typos or\n"
        "550 5.1.1 https://support.google.com/mail/?p=NoSuchUser a1si123 - gsmtp"
    )
    assert a.kind == "text"
    assert len(a.recipients) == 1
    r = a.recipients[0]
    assert (r.reply_code, r.status, r.severity) == ("550", "5.1.1", "permanent")
    assert r.diagnostic and "does not exist" in r.diagnostic


def test_postfix_log_line() -> None:
    a = analyse_text(
        "Dec  1 03:50:00 mx postfix/smtp[12345]: 4B2C3D: to=<alice@example.com>, relay=mx.example.com[192.0.2.1]:25,"
        " delay=0.5, delays=0.1/0/0.2/0.2, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.1] said:"
        " 550 5.1.1 <alice@example.com>: Recipient address rejected: User unknown (in reply to RCPT TO command))"
    )
    assert a.kind == "text"
    r = a.recipients[0]
    assert (r.recipient, r.status, r.reply_code, r.action) == ("alice@example.com", "5.1.1", "550", "failed")
    assert r.remote_mta == "mx.example.com[192.0.2.1]:25"


def test_smtp_transcript() -> None:
    a = analyse_text(
        "220 mx.example.org ESMTP\nEHLO me.example\n250-mx.example.org\n250 SIZE 10240000\n"
        "MAIL FROM:<me@example.net>\n250 2.1.0 Ok\nRCPT TO:<bob@example.org>\n"
        "452 4.2.2 <bob@example.org>: mailbox full\nRCPT TO:<carol@example.org>\n250 2.1.5 Ok\n"
    )
    got = {(r.recipient, r.reply_code, r.severity) for r in a.recipients}
    assert got == {("bob@example.org", "452", "transient"), ("carol@example.org", "250", "success")}


def test_text_without_codes() -> None:
    a = analyse_text("Hello, my mail did not arrive, can you help?")
    assert a.kind == "text" and a.recipients == [] and a.codes == []


def test_pasted_whole_message_is_a_message() -> None:
    a = analyse_text("From: a@b.example\nTo: c@d.example\nSubject: hi\n\n550 5.1.1 x\n")
    assert a.kind != "text" and a.root is not None
