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
            "requireptr",  # the text says more than the stage
        ),
        (
            "SMTP error from remote mail server after initial connection: 554 5.7.1 Go away",
            "5.7.1",
            "554",
            "blocked",  # refused at the greeting: the sending host
        ),
        # a "user unknown" after DATA is the recipient filtering, unless the code says bad mailbox
        (">>> DATA <<< 550 5.1.1 <x@example.com>... User Unknown", "5.1.1", "550", "userunknown"),
        ("server message 550 unknown user <x@example.com> -------SMTP command DATA", None, "550", "filtered"),
        # a multi-line reply: the codes repeated inside a phrase do not split it
        (
            "550-5.7.1 Messages with multiple 550-5.7.1 addresses in From: header are not accepted.",
            "5.7.1",
            "550",
            "notcompliantrfc",
        ),
        # provider replies that reuse a code with their own meaning
        (
            "554 5.7.9 Message not accepted for policy reasons. See https://postmaster.example",
            "5.7.9",
            "554",
            "policyviolation",
        ),
        (
            "554 delivery error: dd Sorry your message to x@example.jp cannot be delivered. "
            "This account has been disabled or discontinued [#102].",
            None,
            "554",
            "suspend",
        ),
        ("554 delivery error: dd This user doesn't have a yahoo.com account (x@yahoo.com)", None, "554", "userunknown"),
        # many phrasings of the same reasons
        ("Host or domain name not found. Name service error for name=example.org type=A", "5.4.4", None, "hostunknown"),
        ("Name service error for domain example.com: Host not found, try again", None, None, "networkerror"),
        ("DNS lookup failure: host mx.example.org not found", None, None, "hostunknown"),
        ("No mx record found for domain=example.org", None, None, "notaccept"),
        ("connect to example.org[192.0.2.1]:25: Connection timed out", "4.4.1", None, "expired"),
        ("Unable to deliver message after multiple retries, giving up.", None, None, "expired"),
        ("Network error on destination MXs", None, None, "networkerror"),
        ("User mailbox exceeds allowed size: x@example.jp", None, None, "mailboxfull"),
        ("550 5.7.1 <x@example.com>: Recipient address rejected: User x temporary locked.", "5.7.1", "550", "suspend"),
        ("550 Mailbox is frozen.", None, "550", "suspend"),
        ("550 Ip frequency limited [Blocked IP 192.0.2.1]", None, "550", "toomanyconn"),
        ("550 domain [example.com] mismatches client ip 192.0.2.1.", "5.5.0", "550", "requireptr"),
        ("550-REJECTED - Blacklisted URL in message. (example.com) in [black].", None, "550", "spamdetected"),
        (">>> MAIL From:<a@example.jp> <<< 550 Insecure Mail Relay", None, "550", "norelaying"),
        ("554 Service currently unavailable", "5.0.0", "554", "systemerror"),
        ("550 Recipient Not Found", None, "550", "userunknown"),
        ("550 Empfänger unbekannt", None, "550", "userunknown"),
        ("550 Utilisateur inconnu", None, "550", "userunknown"),
        ("550 宛先のユーザが見つかりません", None, "550", "userunknown"),
        ("552 Postfach ist voll", None, "552", "mailboxfull"),
        ("552 Boîte aux lettres pleine", None, "552", "mailboxfull"),
        ("554 Message too large", None, "554", "mesgtoobig"),
        ("554 5.7.1 Relay access denied", "5.7.1", "554", "norelaying"),
        ("550 5.7.1 Message rejected: virus found in attachment", "5.7.1", "550", "virusdetected"),
        ("550 5.7.1 Rejected: 192.0.2.1 listed at zen.spamhaus.org", "5.7.1", "550", "blocked"),
        ("450 4.7.1 Client rate limit exceeded, slow down", "4.7.1", "450", "speeding"),
        (
            "550 5.7.25 The IP address sending this message does not have a PTR record setup",
            "5.7.25",
            "550",
            "requireptr",
        ),
        ("550 5.7.1 SPF check failed", "5.7.1", "550", "authfailure"),
        ("450 4.1.2 <x@example.org>: Recipient address rejected: Domain not found", "4.1.2", "450", "networkerror"),
        # qmail, Postfix, Domino and Exim phrasings
        ("Sorry, that domain isn't in my list of allowed rcpthosts. (#5.7.1)", "5.7.1", "553", "norelaying"),
        ("Sorry, I couldn't find any host named example.invalid. (#5.1.2)", "5.1.2", None, "hostunknown"),
        ("This message is looping: it already has my Delivered-To line. (#5.4.6)", "5.4.6", None, "networkerror"),
        ("The users mailfolder is over the allowed quota (size). (#5.2.2)", "5.2.2", None, "mailboxfull"),
        (
            "delivery temporarily suspended: connect to mx.example.org[192.0.2.1]:25: Connection timed out",
            "4.4.1",
            None,
            "expired",
        ),
        ("User x@example.jp not listed in Domino Directory", None, None, "userunknown"),
        ('Command time limit exceeded: "/usr/bin/procmail"', "5.3.0", None, "mailererror"),
        ("553 Message size exceeds limit set by recipient", "5.2.3", "552", "exceedlimit"),
        # a policy code on an "unknown" recipient: a filter, except where the address was looked up
        ("550 5.7.1 550 User Unknown: x@example.org", "5.7.1", "550", "filtered"),
        (">>> RCPT TO:<x@example.org> <<< 553 Invalid recipient x@example.org", "5.7.1", "553", "userunknown"),
        # a delivery-time-expired code names the outcome; the text only the cause
        (
            "Unable to deliver message, due to being unable to connect to the destination server",
            "4.4.7",
            None,
            "expired",
        ),
        (">>> DATA <<< 550 5.0.0 <x@example.com>... User unknown", "5.0.0", "550", "filtered"),
        ("550 5.1.2 Bad destination system address", "5.1.2", "550", "hostunknown"),  # the code decides
        ("retry timeout exceeded", None, None, "expired"),
        # X.2.3 is one mailbox's own size limit, X.3.4 the system's maximum
        ("552 5.2.3 Message size exceeds fixed maximum message size (10485760)", "5.2.3", "552", "exceedlimit"),
        ("552 5.3.4 Message size exceeds fixed maximum message size", "5.3.4", "552", "mesgtoobig"),
        # X.7.1 is used for every kind of refusal: even a weak phrase says more than the code
        ("550 5.7.1 <a@example.org>... Access denied", "5.7.1", "550", "securityerror"),
        ("550 5.7.1 Go away", "5.7.1", "550", "policyviolation"),
        # a bare "rejected" or "try again later" says nothing about the cause
        ("450 4.0.0 Temporary failure, try again later", "4.0.0", "450", "onhold"),
        ("550 Message rejected", None, "550", "undefined"),
        # a delivery window or an aborted queue run is the sender giving up
        ("Your message was not delivered within 0 days and 1 hours.", None, None, "expired"),
        ("Delivery to the following recipients was aborted after 5.0 hour(s)", None, None, "expired"),
        # provider entries do not claim generic words ("client host", "rejected due to")
        ("550 5.7.1 Client host rejected: cannot find your hostname, [192.0.2.1]", "5.7.1", "550", "requireptr"),
        ("550 5.7.1 Mail from 192.0.2.1 rejected due to listing in Spamhaus SBL", "5.7.1", "550", "blocked"),
        ("450 4.7.1 Client host rejected: cannot find your reverse hostname", "4.7.1", "450", "requireptr"),
        ("421 4.7.0 Too many concurrent SMTP connections from this IP address", "4.7.0", "421", "toomanyconn"),
        ("550 5.7.1 This recipient does not accept mail from your domain", "5.7.1", "550", "filtered"),
        ("554 Message rejected because of unacceptable content", None, "554", "spamdetected"),
        ("Domain example.invalid does not exist", None, None, "hostunknown"),
        ("450 4.2.1 The user you are trying to contact is receiving mail too quickly", "4.2.1", "450", "speeding"),
        ("550 5.7.1 <a@example.org>... Access denied", None, "550", "securityerror"),
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


def test_the_combined_scan_agrees_with_trying_each_rule_in_order() -> None:
    rules = reason_rules()
    samples = [
        "550 5.1.1 user unknown; mailbox full; listed at spamhaus",
        "rate limit exceeded for your ip, which is listed on a block list",
        "message too large and quota exceeded",
        "timed out while the spam filter was busy",
        "",
    ]
    for text in samples:
        for weak in (False, True):
            slow = rules.first_rule(text, weak=weak)
            assert rules.match(text, weak=weak) == (slow.reason if slow else None), (text, weak)


def test_every_rule_names_a_known_reason() -> None:
    known = set(load_reference().reasons)
    rules = reason_rules()
    assert rules.rules and all(r.reason in known for r in rules.rules + rules.weak)


def test_patterns_hold_no_doubled_backslash() -> None:
    """Patterns are TOML literal strings: a doubled backslash would look for a backslash."""
    import tomllib

    from inspector.resources import resource_path

    with open(resource_path("reference", "reason_patterns.toml"), "rb") as fh:
        data = tomllib.load(fh)
    doubled = [p for rule in data["rule"] for p in rule["patterns"] if "\\\\" in p]
    assert doubled == []
