"""Which software or provider wrote a bounce (core/writer.py, resources/reference/writers.toml)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from inspector.core.analyze import analyse_bytes, analyse_path, analyse_text

# Made-up bounces, each carrying one signal written from the software's own source or the
# provider's documentation (writers.toml names them).
SIGNALS = [
    (
        "Subject: failure notice\n\nHi. This is the qmail-send program at mx.example.org.\n"
        "I'm afraid I wasn't able to deliver your message to the following addresses.\n\n"
        "<nobody@example.org>:\nSorry, no mailbox here by that name. (#5.1.1)\n",
        "qmail",
    ),
    (
        "Subject: Mail delivery failed: returning message to sender\nX-Failed-Recipients: nobody@example.org\n\n"
        "This message was created automatically by mail delivery software.\n\n"
        "A message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error.\n"
        "The following address(es) failed:\n\n  nobody@example.org\n    Unrouteable address\n",
        "Exim",
    ),
    (
        "Subject: Delivery status notification: error\n\nThis is the MAILER-DAEMON, please DO NOT REPLY to this email.\n\n"
        "An error has occurred while attempting to deliver a message for\nthe following list of recipients:\n\n"
        "nobody@example.org: 550 Invalid recipient\n",
        "OpenSMTPD",
    ),
    (
        "Subject: Returned mail: see transcript for details\n\nThe original message was received at Mon, 1 Jun 2026\n"
        "\n   ----- The following addresses had permanent fatal errors -----\n<nobody@example.org>\n"
        "    (reason: 550 5.1.1 User unknown)\n",
        "Sendmail",
    ),
]


@pytest.mark.parametrize(("message", "family"), SIGNALS, ids=[s[1] for s in SIGNALS])
def test_family_from_the_bounce_frame(message: str, family: str) -> None:
    a = analyse_bytes(("From: MAILER-DAEMON@mx.example.org\n" + message).encode())[0]
    assert a.recipients, "the made-up bounce must be read as one"
    assert a.mta == family


def test_office_365_is_not_called_exchange(corpus: Path) -> None:
    names = sorted((corpus / "eml").glob("lhost-office365-*.eml"))
    assert names
    assert {a.mta for n in names for a in analyse_path(n)} == {"Office 365"}


# Corpus families named by the software that wrote them (file names say so): the name we give.
SOFTWARE = {
    "lhost-postfix": "Postfix",
    "lhost-exim": "Exim",
    "lhost-sendmail": "Sendmail",
    "lhost-qmail": "qmail",
    "lhost-opensmtpd": "OpenSMTPD",
    "lhost-yahoo": "Yahoo",
    "lhost-gmail": "Gmail",
    "lhost-office365": "Office 365",
    "lhost-amazonses": "Amazon SES",
    "lhost-courier": "Courier",
}


def test_corpus_families_are_named_after_the_writer(corpus: Path) -> None:
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for f in sorted((corpus / "eml").glob("lhost-*.eml")):
        prefix = f.name.rsplit("-", 1)[0]
        if prefix in SOFTWARE:
            totals[prefix] += 1
            hits[prefix] += any(a.mta == SOFTWARE[prefix] for a in analyse_path(f))
    for prefix, total in totals.items():
        assert hits[prefix] / total >= 0.9, f"{prefix}: {hits[prefix]}/{total} named {SOFTWARE[prefix]}"


def test_pasted_postfix_body_is_named_postfix() -> None:
    text = (
        "This is the mail system at host mx.example.net.\n\nI'm sorry to have to inform you that your message could not\n"
        "be delivered to one or more recipients.\n\n<nataly@example.net>: host mx.example.net[192.0.2.1] said: 452 4.2.2\n"
        "    Mailbox full (in reply to RCPT TO command)\n"
    )
    a = analyse_text(text)
    assert a.mta == "Postfix"
    assert [(r.recipient, r.status, r.reply_code) for r in a.recipients] == [("nataly@example.net", "4.2.2", "452")]
