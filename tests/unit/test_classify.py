"""Classification: severity, reason (text over vague codes, providers, SMTP stage), hard and advice."""

from __future__ import annotations

import pytest

from inspector.core.classify import classify, reason_from_code, reason_rules, smtp_stage
from inspector.core.model import RecipientResult
from inspector.core.patterns import PhraseRule, anchors
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
        # nothing in the text: the code's own reason, Sisimai's "securityerror" for Status 5.7.*
        ("550 5.7.1 Go away", "5.7.1", "550", "securityerror"),
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
    # Exim names commands it sent without waiting for each reply "pipelined"
    assert (
        smtp_stage("SMTP error from remote mail server after pipelined MAIL FROM:<a@b.example> SIZE=1: 550 no")
        == "mail"
    )
    assert smtp_stage("SMTP error from remote mail server after pipelined RCPT TO:<x@example.org>: 550 no") == "rcpt"
    assert smtp_stage("SMTP error from remote mail server after pipelined end of data: 550 unknown user") == "data"
    assert smtp_stage("SMTP error from remote server after RCPT command: host: mx.example.org reason: 550") == "rcpt"
    assert smtp_stage("Remote host said: 550 5.1.1 <x@example.org>... User Unknown [RCPT_TO]") == "rcpt"
    assert smtp_stage("Remote host said: 554 Message not allowed [BODY]") == "data"
    assert smtp_stage("after mail delivery software tried: 550 no") is None


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


# How mail servers in general phrase each reason (Postfix, Sendmail, Exim, qmail, OpenSMTPD,
# Exchange/Office 365, Gmail and others), written from their usual wording, not from one message:
# (diagnostic, status, reply code, reason).
GENERAL_PHRASINGS = [
    (
        "550 5.1.1 <x@example.org>: Recipient address rejected: User unknown in virtual mailbox table",
        "5.1.1",
        "550",
        "userunknown",
    ),
    (
        "550 5.1.1 <x@example.org>: Recipient address rejected: User unknown in local recipient table",
        "5.1.1",
        "550",
        "userunknown",
    ),
    ("550 5.1.1 <x@example.org>... User unknown", "5.1.1", "550", "userunknown"),
    (
        "550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos",
        "5.1.1",
        "550",
        "userunknown",
    ),
    ("550 5.5.0 Requested action not taken: mailbox unavailable", "5.5.0", "550", "userunknown"),
    ("550 Requested action not taken: mailbox unavailable", None, "550", "userunknown"),
    (
        "554 delivery error: dd This user doesn't have a example.com account (x@example.com) [0] - mta1.mail.example.com",
        None,
        "554",
        "userunknown",
    ),
    ("550 5.1.1 RESOLVER.ADR.RecipNotFound; not found", "5.1.1", "550", "userunknown"),
    (
        "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
        "5.1.10",
        "550",
        "userunknown",
    ),
    (
        "550 5.4.1 Recipient address rejected: Access denied. For more information see https://aka.ms/EXOSmtpErrors",
        "5.4.1",
        "550",
        "userunknown",
    ),
    ("550 5.1.1 user does not exist", "5.1.1", "550", "userunknown"),
    ("550 No such user - psmtp", None, "550", "userunknown"),
    ("550 No such user here", None, "550", "userunknown"),
    ("550 x@example.org: invalid address", None, "550", "userunknown"),
    ("550 Invalid recipient <x@example.org>", None, "550", "userunknown"),
    ("550 5.1.1 Unknown recipient address.", "5.1.1", "550", "userunknown"),
    ("511 sorry, no mailbox here by that name (#5.1.1)", "5.1.1", None, "userunknown"),
    ("Sorry, no mailbox here by that name. (#5.1.1)", "5.1.1", None, "userunknown"),
    ("550 5.1.1 Mailbox not found", "5.1.1", "550", "userunknown"),
    ("550 Mailbox does not exist", None, "550", "userunknown"),
    ("550 Address unknown", None, "550", "userunknown"),
    ("550 5.1.1 Recipient unknown <x@example.org>", "5.1.1", "550", "userunknown"),
    (
        "550 5.1.1 <x@example.org>: Email address could not be found, or was misspelled (G8)",
        "5.1.1",
        "550",
        "userunknown",
    ),
    ("550 5.2.1 <x@example.org>: user not found", "5.2.1", "550", "userunknown"),
    ("550 Unrouteable address", None, "550", "userunknown"),
    ("550 sorry, no such user", None, "550", "userunknown"),
    ("550 5.1.1 Addressee unknown, relay=[192.0.2.1]", "5.1.1", "550", "userunknown"),
    ("553 5.3.0 <x@example.org>... No such user", "5.3.0", "553", "userunknown"),
    (
        "550 <x@example.org>: Recipient address rejected: undeliverable address: host mx.example.org said: 550 User unknown",
        None,
        "550",
        "userunknown",
    ),
    ("550 Mailbox unavailable or access denied", None, "550", "userunknown"),
    ("550 unknown user account", None, "550", "userunknown"),
    ("550 5.1.1 This mailbox does not exist", "5.1.1", "550", "userunknown"),
    ("550 Невозможно доставить: пользователь не найден", None, "550", "userunknown"),
    (
        "550 Message was not accepted -- invalid mailbox. Local mailbox x@example.ru is unavailable: user not found",
        None,
        "550",
        "userunknown",
    ),
    ("550 Mailbox not found. / Mailbox invalid", None, "550", "userunknown"),
    ("550 #5.1.0 Address rejected x@example.org", "5.1.0", "550", "userunknown"),
    ("550 5.1.1 <x@example.org> recipient rejected", "5.1.1", "550", "userunknown"),
    ("550 Requested action not taken: mailbox unavailable (invalid address)", None, "550", "userunknown"),
    ("550 5.1.1 User Unknown; rejecting", "5.1.1", "550", "userunknown"),
    ("550 5.1.1 recipient is not exist", "5.1.1", "550", "userunknown"),
    ("550 The account does not exist", None, "550", "userunknown"),
    ("Requested mail action aborted, mailbox not found", None, None, "userunknown"),
    ("550 5.1.1 No such recipient here", "5.1.1", "550", "userunknown"),
    ("550 5.1.1 Not our Customer", "5.1.1", "550", "userunknown"),
    ("550 Recipient address rejected: Invalid user", None, "550", "userunknown"),
    ("550 5.1.1 <x@example.org>: Recipient address rejected: User does not exist.", "5.1.1", "550", "userunknown"),
    ("452 4.2.2 The email account that you tried to reach is over quota.", "4.2.2", "452", "mailboxfull"),
    ("552 5.2.2 Mailbox full", "5.2.2", "552", "mailboxfull"),
    ("552 5.2.2 <x@example.org>: Recipient address rejected: Mailbox is full", "5.2.2", "552", "mailboxfull"),
    ("452 4.2.2 Quota exceeded (mailbox for user is full)", "4.2.2", "452", "mailboxfull"),
    ("552 RCPT TO:<x@example.org> Mailbox disk quota exceeded", None, "552", "mailboxfull"),
    ("550 5.2.2 Mailbox quota usage exceeded", "5.2.2", "550", "mailboxfull"),
    ("452 4.2.2 Over quota", "4.2.2", "452", "mailboxfull"),
    ("mailbox for user is full", None, None, "mailboxfull"),
    ("552 Requested mail action aborted: exceeded storage allocation", None, "552", "mailboxfull"),
    (
        "552 5.2.2 This message is larger than the current system limit or the recipient's mailbox is full.",
        "5.2.2",
        "552",
        "mailboxfull",
    ),
    ("554 5.2.2 mailbox full (#5.2.2)", "5.2.2", "554", "mailboxfull"),
    ("422 The recipient's mailbox is full", None, "422", "mailboxfull"),
    ("550 5.2.2 x@example.org: user is overquota", "5.2.2", "550", "mailboxfull"),
    ("452 4.2.2 Mailbox size limit exceeded", "4.2.2", "452", "mailboxfull"),
    ("450 4.2.2 Mailbox has exceeded the limit", "4.2.2", "450", "mailboxfull"),
    ("The user's mailbox has run out of space", None, None, "mailboxfull"),
    ("552 5.2.2 Storage quota exceeded", "5.2.2", "552", "mailboxfull"),
    ("550 5.2.2 Receiver mailbox is full, please retry later", "5.2.2", "550", "mailboxfull"),
    ("Recipient's mailbox is full, message returned to sender", None, None, "mailboxfull"),
    ("550 5.2.1 The email account that you tried to reach is disabled.", "5.2.1", "550", "suspend"),
    ("550 5.2.1 Mailbox disabled, not accepting messages", "5.2.1", "550", "suspend"),
    ("550 5.2.1 <x@example.org>: Recipient address rejected: Account disabled", "5.2.1", "550", "suspend"),
    (
        "554 30 Sorry, your message to x@example.com cannot be delivered. This mailbox is disabled (554.30).",
        None,
        "554",
        "suspend",
    ),
    ("550 This account has been suspended", None, "550", "suspend"),
    ("550 user account is inactive", None, "550", "suspend"),
    ("550 5.2.1 Mailbox is inactive", "5.2.1", "550", "suspend"),
    ("550 Mailbox is currently unavailable due to account suspension", None, "550", "suspend"),
    (
        "Host or domain name not found. Name service error for name=example.invalid type=MX: Host not found",
        None,
        None,
        "hostunknown",
    ),
    ("550 5.1.2 <x@example.invalid>: Recipient address rejected: Domain not found", "5.1.2", "550", "hostunknown"),
    ('Unrouteable mail domain "example.invalid"', None, None, "hostunknown"),
    ("all relevant MX records point to non-existent hosts", None, None, "hostunknown"),
    ("550 Host unknown", None, "550", "hostunknown"),
    ("553 5.1.2 Domain of address x@example.invalid does not exist", "5.1.2", "553", "hostunknown"),
    ("5.1.2 The recipient's domain does not exist", "5.1.2", None, "hostunknown"),
    ("DNS Error: Domain name not found", None, None, "hostunknown"),
    ("DNS Error: DNS type 'mx' lookup of example.invalid responded with code NXDOMAIN", None, None, "hostunknown"),
    ("550 5.4.4 Unable to route: no mail hosts for domain", "5.4.4", "550", "hostunknown"),
    ("retry timeout exceeded", None, None, "expired"),
    ("Message expired: unable to deliver in 840 minutes.", None, None, "expired"),
    ("The message could not be delivered within the time limit. Delivery time expired.", None, None, "expired"),
    ("Delivery failed after 5 days: all attempts to deliver the message failed", None, None, "expired"),
    ("Message delivery has been delayed for 4 days; giving up", None, None, "expired"),
    ("4.4.7 Message expired", "4.4.7", None, "expired"),
    ("Your message could not be delivered for more than 5 days and has been returned", None, None, "expired"),
    ("550 4.4.7 QUEUE.Expired; message expired", "4.4.7", "550", "expired"),
    ("Deferred: Connection timed out with mx.example.org.", None, None, "expired"),
    ("connect to mx.example.org[192.0.2.1]:25: Connection refused", None, None, "networkerror"),
    (
        "lost connection with mx.example.org[192.0.2.1] while receiving the initial server greeting",
        None,
        None,
        "networkerror",
    ),
    (
        "conversation with mx.example.org[192.0.2.1] timed out while sending end of data -- message may be sent more than once",
        None,
        None,
        "expired",
    ),
    ("554 5.4.6 Hop count exceeded - possible mail loop", "5.4.6", "554", "networkerror"),
    ("mail for example.org loops back to myself", None, None, "networkerror"),
    ("Remote host said: 554 Too many hops", None, "554", "networkerror"),
    ("554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using bl.spamcop.net", "5.7.1", "554", "blocked"),
    ("550 5.7.1 Mail from IP 192.0.2.1 was rejected due to listing in Spamhaus", "5.7.1", "550", "blocked"),
    (
        "554 Your access to this mail system has been rejected due to the sending MTA's poor reputation.",
        None,
        "554",
        "badreputation",
    ),
    ("550 5.7.1 Connection refused - your IP is on our blocklist", "5.7.1", "550", "blocked"),
    ("554 5.7.1 Rejected - listed at b.barracudacentral.org", "5.7.1", "554", "blocked"),
    ("550 Your IP address has been blacklisted", None, "550", "blocked"),
    ("554 Connection refused. Your IP address is listed in our RBL", None, "554", "blocked"),
    ("550 5.7.1 Client host rejected: Access denied", "5.7.1", "550", "blocked"),
    ("554 5.7.1 Access denied: your host is not allowed to send mail", "5.7.1", "554", "blocked"),
    ("550 Rejected: 192.0.2.1 is listed in the SORBS DUHL", None, "550", "blocked"),
    ("550 5.7.1 Email rejected because 192.0.2.1 is listed by bl.example.net", "5.7.1", "550", "blocked"),
    ("554 IP address blocked", None, "554", "blocked"),
    ("421 4.7.1 Your IP has been temporarily blocked", "4.7.1", "421", "blocked"),
    ("550 5.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.1]", "5.7.1", "550", "requireptr"),
    ("554 No PTR record found for 192.0.2.1", None, "554", "requireptr"),
    (
        "550 5.7.25 [192.0.2.1] The IP address sending this message does not have a PTR record setup.",
        "5.7.25",
        "550",
        "requireptr",
    ),
    ("450 4.7.1 Client host rejected: cannot find your hostname", "4.7.1", "450", "requireptr"),
    ("550 reverse DNS lookup failed for host 192.0.2.1", None, "550", "requireptr"),
    (
        "550 5.7.26 This message does not have authentication information or fails to pass authentication checks (SPF or DKIM).",
        "5.7.26",
        "550",
        "authfailure",
    ),
    ("550 5.7.1 Email rejected per DMARC policy for example.org", "5.7.1", "550", "authfailure"),
    (
        "550 5.7.23 The message was rejected because of Sender Policy Framework violation",
        "5.7.23",
        "550",
        "authfailure",
    ),
    ("550 SPF fail - not authorized", None, "550", "authfailure"),
    (
        "550 5.7.509 Access denied, sending domain example.org does not pass DMARC verification",
        "5.7.509",
        "550",
        "authfailure",
    ),
    ("553 5.1.8 <a@example.org>... Domain of sender address a@example.org does not exist", "5.1.8", "553", "rejected"),
    ("450 4.1.8 <a@example.org>: Sender address rejected: Domain not found", "4.1.8", "450", "rejected"),
    ("550 5.1.0 <a@example.org> sender rejected", "5.1.0", "550", "rejected"),
    ("550 5.7.1 Sender address rejected: Access denied", "5.7.1", "550", "rejected"),
    ("553 sorry, your envelope sender is in my badmailfrom list (#5.7.1)", "5.7.1", "553", "rejected"),
    ("550 5.1.7 Invalid address: sender not valid", "5.1.7", "550", "rejected"),
    ("501 5.1.7 Bad sender address syntax", "5.1.7", "501", "rejected"),
    ("550 Verification failed for <a@example.org> Unrouteable address. Sender verify failed", None, "550", "rejected"),
    ("554 5.7.1 <x@example.org>: Relay access denied", "5.7.1", "554", "norelaying"),
    ("550 5.7.1 Unable to relay for x@example.org", "5.7.1", "550", "norelaying"),
    ("550 relay not permitted", None, "550", "norelaying"),
    ("553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)", "5.7.1", "553", "norelaying"),
    ("550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain", "5.7.54", "550", "norelaying"),
    ("550 we do not relay for non-local recipients", None, "550", "norelaying"),
    ("550 5.7.1 Message rejected as spam by Content Filtering.", "5.7.1", "550", "spamdetected"),
    ("554 5.7.1 This message has been blocked because it appears to be spam", "5.7.1", "554", "spamdetected"),
    ("550 High probability of spam", None, "550", "spamdetected"),
    ("554 5.7.0 Reject, id=12345 - spam", "5.7.0", "554", "spamdetected"),
    ("550 5.7.350 Remote server returned message detected as spam", "5.7.350", "550", "spamdetected"),
    ("554 5.7.1 Infected with Eicar-Test-Signature", "5.7.1", "554", "virusdetected"),
    ("550 5.7.0 Virus detected: Win.Test.EICAR", "5.7.0", "550", "virusdetected"),
    ("552 5.7.0 Our system detected an illegal attachment on your message", "5.7.0", "552", "policyviolation"),
    ("552 5.3.4 Message size exceeds fixed limit", "5.3.4", "552", "mesgtoobig"),
    ("552 5.3.4 Your message exceeded Google's message size limits.", "5.3.4", "552", "mesgtoobig"),
    ("552 Message size exceeds maximum permitted", None, "552", "mesgtoobig"),
    ("552 5.3.4 Error: message file too big", "5.3.4", "552", "mesgtoobig"),
    ("552 message exceeds max size of 10485760 bytes", None, "552", "mesgtoobig"),
    ("550 5.3.4 Requested action not taken; message size exceeds the limit", "5.3.4", "550", "mesgtoobig"),
    ("421 4.7.0 Too many connections from your IP, try later", "4.7.0", "421", "toomanyconn"),
    ("452 4.5.3 Too many recipients", "4.5.3", "452", "toomanyconn"),
    ("421 Too many concurrent SMTP connections; please try again later.", None, "421", "toomanyconn"),
    ("450 4.7.1 Rate limit exceeded, try again later", "4.7.1", "450", "speeding"),
    ("451 4.7.1 You are sending too fast", "4.7.1", "451", "speeding"),
    ("530 5.7.0 Must issue a STARTTLS command first", "5.7.0", "530", "securityerror"),
    ("530 5.7.1 Authentication required", "5.7.1", "530", "securityerror"),
    (
        "550 5.7.57 SMTP; Client was not authenticated to send anonymous mail during MAIL FROM",
        "5.7.57",
        "550",
        "securityerror",
    ),
    ("454 4.7.0 TLS not available due to local problem", "4.7.0", "454", "securityerror"),
    ("550 5.7.1 Your message was rejected by the recipient's filter", "5.7.1", "550", "filtered"),
    ("550 The recipient does not accept mail from this sender", None, "550", "filtered"),
    ("451 4.3.0 Temporary local problem - please try later", "4.3.0", "451", "systemerror"),
    ("451 Requested action aborted: local error in processing", None, "451", "systemerror"),
    ("452 4.3.1 Insufficient system storage", "4.3.1", "452", "systemfull"),
    ("451 4.3.5 Server configuration problem", "4.3.5", "451", "systemerror"),
    ("Local delivery failed: internal error", None, None, "mailererror"),
    # Exchange Server's Content Filter agent sends this by default when a message's spam
    # confidence level reaches the reject threshold (Set-ContentFilterConfig -RejectionResponse):
    # the message was judged as spam, not refused under some other policy.
    ("554 5.7.1 Message rejected due to content restrictions", "5.7.1", "554", "spamdetected"),
    ("550 5.7.1 Message rejected by policy", "5.7.1", "550", "policyviolation"),
    (
        "552 5.7.0 This message was blocked because its attachment file type is not allowed",
        "5.7.0",
        "552",
        "policyviolation",
    ),
    ("551 User not local; please try <new@example.net>", None, "551", "hasmoved"),
    ("550 5.1.6 Recipient has moved; new address is new@example.net", "5.1.6", "550", "hasmoved"),
    (
        "550 5.7.1 Our system has detected that this message is not RFC 5322 compliant",
        "5.7.1",
        "550",
        "notcompliantrfc",
    ),
    ("554 5.6.0 Message contains invalid header", "5.6.0", "554", "contenterror"),
    ("501 5.5.4 Syntax error in parameters or arguments", "5.5.4", "501", "syntaxerror"),
    ("500 5.5.1 Command unrecognized", "5.5.1", "500", "syntaxerror"),
    ("556 5.1.10 Recipient address has null MX", "5.1.10", "556", "notaccept"),
    ("This domain does not accept mail", None, None, "notaccept"),
    ('unknown user: "x"', None, None, "userunknown"),
    (
        "cannot update mailbox /var/mail/x for user x. error writing message: File too large",
        "5.2.2",
        None,
        "mailboxfull",
    ),
    ("maildir delivery failed: Disk quota exceeded", None, None, "mailboxfull"),
    ("cannot append message to file /var/mail/x: Disk quota exceeded", None, None, "mailboxfull"),
    (
        "host mx.example.org[192.0.2.1] said: 550 5.1.1 <x@example.org>: Recipient address rejected: User unknown in relay recipient table (in reply to RCPT TO command)",
        "5.1.1",
        "550",
        "userunknown",
    ),
    ("mail for example.org loops back to myself", "5.4.6", None, "networkerror"),
    (
        "host mx.example.org[192.0.2.1] refused to talk to me: 554 5.7.1 Service unavailable; Client host blocked",
        "5.7.1",
        "554",
        "blocked",
    ),
    ("connect to mx.example.org[192.0.2.1]:25: No route to host", "4.4.1", None, "networkerror"),
    (
        "Host or domain name not found. Name service error for name=mx.example.org type=AAAA: Host not found, try again",
        "4.4.3",
        None,
        "networkerror",
    ),
    (
        "host mx.example.org[192.0.2.1] said: 552 5.2.2 <x@example.org>: Recipient address rejected: Quota exceeded (in reply to RCPT TO command)",
        "5.2.2",
        "552",
        "mailboxfull",
    ),
    (
        "host mx.example.org[192.0.2.1] said: 554 5.7.1 <unknown[192.0.2.2]>: Client host rejected: Access denied (in reply to RCPT TO command)",
        "5.7.1",
        "554",
        "blocked",
    ),
    (
        "host mx.example.org[192.0.2.1] said: 553 5.7.1 <a@example.jp>: Sender address rejected: not owned by user b@example.jp (in reply to RCPT TO command)",
        "5.7.1",
        "553",
        "rejected",
    ),
    (
        'Command died with status 1: "/usr/bin/procmail". Command output: procmail: Quota exceeded',
        None,
        None,
        "mailererror",
    ),
    (
        "message size 12345678 exceeds size limit 10240000 of server mx.example.org[192.0.2.1]",
        "5.3.4",
        None,
        "mesgtoobig",
    ),
    (
        "host mx.example.org[192.0.2.1] said: 554 5.7.1 Rejected by SPF: 192.0.2.2 is not a designated mailserver for a@example.jp",
        "5.7.1",
        "554",
        "authfailure",
    ),
    (
        "host mx.example.org[192.0.2.1] said: 550 5.7.1 Reject for policy reasons (in reply to end of DATA command)",
        "5.7.1",
        "550",
        "policyviolation",
    ),
    (
        "host mx.example.org[192.0.2.1] said: 550 5.7.0 Message rejected: Email rejected due to security policies (in reply to end of DATA command)",
        "5.7.0",
        "550",
        "securityerror",
    ),
    (
        "host mx.example.org[192.0.2.1] said: 554 5.7.1 Message blocked due to spam content (in reply to end of DATA command)",
        "5.7.1",
        "554",
        "spamdetected",
    ),
    ("Recipient address rejected: Domain not found", "4.1.2", "450", "networkerror"),
    (
        "host mx.example.org[192.0.2.1] said: 421 4.7.0 mx.example.org Error: too many errors (in reply to RCPT TO command)",
        "4.7.0",
        "421",
        "securityerror",
    ),
    ("550 5.1.1 <x@example.org>... User unknown", "5.1.1", "550", "userunknown"),
    ("554 5.0.0 Service unavailable", "5.0.0", "554", "systemerror"),
    ("Cannot send message for 5 days", "4.4.7", None, "expired"),
    ("Message could not be delivered for 5 days", "4.4.7", None, "expired"),
    ("552 5.2.2 <x@example.org>... Mailbox disk quota exceeded", "5.2.2", "552", "mailboxfull"),
    ("550 5.2.1 <x@example.org>... User account is unavailable", "5.2.1", "550", "suspend"),
    ("553 5.1.3 <x@example.org>... Unbalanced '<'", "5.1.3", "553", "userunknown"),
    ("552 5.3.4 Message size exceeds maximum value", "5.3.4", "552", "mesgtoobig"),
    (
        "554 5.4.6 Too many hops 26 (25 max): from <a@example.jp> via localhost, to <x@example.org>",
        "5.4.6",
        "554",
        "networkerror",
    ),
    ("Name server timeout", "4.4.3", None, "networkerror"),
    ("451 4.4.1 reply: read error from mx.example.org.", "4.4.1", "451", "networkerror"),
    ("554 5.3.0 unknown mailer error 1", "5.3.0", "554", "mailererror"),
    ("550 5.7.1 <x@example.org>... Relaying denied. Proper authentication required.", "5.7.1", "550", "norelaying"),
    ("553 5.1.8 <a@example.jp>... Domain of sender address a@example.jp does not exist", "5.1.8", "553", "rejected"),
    ("553 5.3.0 <a@example.jp>... Rejected: sender", "5.3.0", "553", "rejected"),
    ("550 5.7.1 <x@example.org>... Sorry, rejected by content filter", "5.7.1", "550", "spamdetected"),
    ("550 5.0.0 Host unknown (Name server: mx.example.org: host not found)", "5.0.0", "550", "hostunknown"),
    ("5.1.2 Host unknown (Name server: example.invalid: host not found)", "5.1.2", None, "hostunknown"),
    ("Warning: could not send message for past 4 hours", "4.4.7", None, "expired"),
    ("451 4.4.1 timeout waiting for input from mx.example.org during client RCPT", "4.4.1", "451", "expired"),
    ("retry time not reached for any host after a long failure period", None, None, "expired"),
    ("all relevant MX records point to non-existent hosts", None, None, "hostunknown"),
    ("mailbox is full: retry timeout exceeded", None, None, "mailboxfull"),
    ("Unrouteable address", None, None, "userunknown"),
    (
        "SMTP error from remote mail server after RCPT TO:<x@example.org>: 550 5.1.1 <x@example.org>: Recipient address rejected: User unknown in virtual alias table",
        "5.1.1",
        "550",
        "userunknown",
    ),
    ('Too many "Received" headers - suspected mail loop', None, None, "networkerror"),
    (
        "SMTP error from remote mail server after MAIL FROM:<a@example.jp> SIZE=12345: 552 5.3.4 Message size exceeds fixed maximum message size",
        "5.3.4",
        "552",
        "mesgtoobig",
    ),
    (
        "SMTP error from remote mail server after RCPT TO:<x@example.org>: 550 Unrouteable address",
        None,
        "550",
        "userunknown",
    ),
    (
        "SMTP error from remote mail server after end of data: 550 5.7.1 Message rejected due to spam content",
        "5.7.1",
        "550",
        "spamdetected",
    ),
    ("remote host address is the local host", None, None, "networkerror"),
    (
        "SMTP error from remote mail server after initial connection: 554 mx.example.org ESMTP not accepting connections",
        None,
        "554",
        "blocked",
    ),
    (
        "SMTP error from remote mail server after MAIL FROM:<a@example.jp>: 550 Verification failed for <a@example.jp>",
        None,
        "550",
        "rejected",
    ),
    (
        "SMTP error from remote mail server after RCPT TO:<x@example.org>: 550 relay not permitted",
        None,
        "550",
        "norelaying",
    ),
    (
        "SMTP error from remote mail server after RCPT TO:<x@example.org>: 451 Could not complete sender verify callout",
        None,
        "451",
        "rejected",
    ),
    (
        "SMTP error from remote mail server after RCPT TO:<x@example.org>: 550-Verification failed for <x@example.org> 550-Unrouteable address 550 Sender verify failed",
        None,
        "550",
        "rejected",
    ),
    ("Sorry, no mailbox here by that name. (#5.1.1)", "5.1.1", None, "userunknown"),
    (
        "Sorry. Although I'm listed as a best-preference MX or A for that host, it isn't in my control/locals file, so I don't treat it as local. (#5.4.6)",
        "5.4.6",
        None,
        "networkerror",
    ),
    (
        "Connected to 192.0.2.1 but sender was rejected. Remote host said: 553 sorry, your envelope sender domain must exist (#5.7.1)",
        "5.7.1",
        "553",
        "rejected",
    ),
    ("Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)", "4.4.1", None, "networkerror"),
    # Plesk's default bounce for an address its domain does not have (see the rule's source).
    ("This address no longer accepts mail. (#5.2.1)", "5.2.1", None, "userunknown"),
    ("The users mailfolder is over the allowed quota (size). (#5.2.2)", "5.2.2", None, "mailboxfull"),
    ("Sorry, I couldn't find any host by that name. (#4.1.2)", "4.1.2", None, "networkerror"),
    ("Connected to 192.0.2.1 but connection died. (#4.4.2)", "4.4.2", None, "networkerror"),
    ("I'm not going to try again; this message has been in the queue too long.", None, None, "expired"),
    ("Connected to 192.0.2.1 but greeting failed. Remote host said: 554 mx.example.org", None, "554", "blocked"),
    ("550 Invalid recipient", None, "550", "userunknown"),
    ("Envelope expired", None, None, "expired"),
    ("Network error on destination MXs", None, None, "networkerror"),
    ("No MX found for domain", None, None, "notaccept"),
    ("Loop detected", None, None, "networkerror"),
    ("#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##", "5.1.1", "550", "userunknown"),
    # Microsoft: the recipient takes authenticated (internal) senders only (rule exchange-resolver-auth-required)
    ("550 5.7.1 RESOLVER.RST.AuthRequired; authentication required", "5.7.1", "550", "filtered"),
    ("554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException", "5.2.2", "554", "mailboxfull"),
    (
        "550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; authentication required",
        "5.7.133",
        "550",
        "securityerror",
    ),
    ("550 5.4.1 [x@example.org]: Recipient address rejected: Access denied", "5.4.1", "550", "userunknown"),
    ("550 5.7.1 Unable to deliver to x@example.org; Recipient has blocked sender", "5.7.1", "550", "filtered"),
    ("4.4.7 Message delayed", "4.4.7", None, "expired"),
    ("550 5.1.8 Access denied, bad outbound sender", "5.1.8", "550", "blocked"),
    ("550 5.7.1 Recipient not authorized, your IP has been found on a block list", "5.7.1", "550", "blocked"),
    ("550 Mail appears to be unsolicited -- send error reports to postmaster", None, "550", "spamdetected"),
    ("550 5.7.0 Blocked by recipient's mailbox rules", "5.7.0", "550", "filtered"),
    ("550 x@example.org: Recipient address rejected: This account has been disabled", None, "550", "suspend"),
    ("550 Benutzer unbekannt", None, "550", "userunknown"),
    ("550 Adresse inconnue", None, "550", "userunknown"),
    ("550 5.1.1 Unknown user; rejecting", "5.1.1", "550", "userunknown"),
    ("421 Service not available, closing transmission channel", None, "421", "systemerror"),
    ("450 Requested mail action not taken: mailbox unavailable", None, "450", "userunknown"),
    ("452 Requested action not taken: insufficient system storage", None, "452", "systemfull"),
    ("550 5.7.1 Your message looks like spam", "5.7.1", "550", "spamdetected"),
    ("554 5.7.1 Your mail server is listed in a DNS blacklist", "5.7.1", "554", "blocked"),
    ("550 5.7.1 Sending address not accepted due to spam filter", "5.7.1", "550", "spamdetected"),
    ("554 5.7.1 Rejected: message contains a prohibited file type", "5.7.1", "554", "policyviolation"),
    ("554 Message refused", None, "554", "blocked"),
    # no cause named: X.7.1's own reason (Sisimai::Reason::SecurityError: Status 5.7.* is securityerror)
    ("550 5.7.1 Command rejected", "5.7.1", "550", "securityerror"),
    ("550 Access denied", None, "550", "securityerror"),
    ("550 Rejected", None, "550", "undefined"),
    ("Delivery to the following recipient failed permanently: x@example.org", None, None, "onhold"),
    # cPanel's Exim when the recipient domain's DNS gave nothing usable (its guess at block lists
    # is not the cause)
    (
        "The mail server could not deliver mail to x@example.org.  The account or domain may not exist, "
        "they may be blacklisted, or missing the proper dns entries.",
        None,
        None,
        "hostunknown",
    ),
    # Trend Micro InterScan's notice, au (EZweb)'s reception-filter notice, Postfix without a report
    (
        "Unable to deliver message to <x@example.org> (and other recipients in the same domain).",
        None,
        None,
        "userunknown",
    ),
    ("Each of the following recipients was rejected by a remote mail server.", None, None, "filtered"),
    ("--- Delivery report unavailable ---", None, None, "undefined"),
    (
        "This is the mail system at host mx.example.jp. I'm sorry to have to inform you that your message "
        "could not be delivered to one or more recipients. It's attached below.",
        None,
        None,
        "undefined",
    ),
    (
        "This is the mail system at host mx.example.jp. <x@example.org>: host mx.example.org[192.0.2.1] "
        "said: 550 5.1.1 <x@example.org>: Recipient address rejected: User unknown",
        "5.1.1",
        "550",
        "userunknown",
    ),
    # Orange's reply code 506: its filter took the message for spam
    ("550 5.2.0 Mail rejete. Mail rejected. OFR_506 [506]", "5.2.0", "550", "spamdetected"),
    ("Error, ERROR_CODE :421, Host not reachable.", None, "421", "expired"),
    (
        "Deferred: Connection refused by mx.example.org. Message could not be delivered for 8 hours",
        "4.4.7",
        None,
        "expired",
    ),
    ("500 Line limit exceeded", None, "500", "mesgtoobig"),
    ("message has lines too long for transport", None, None, "mesgtoobig"),
    (
        "SMTP error from remote mail server after pipelined MAIL FROM:<a@example.jp> SIZE=1234: 550 5.7.1 Go away",
        "5.7.1",
        "550",
        "rejected",
    ),
    (
        "SMTP error from remote mail server after pipelined end of data: 550 Unknown user x@example.org",
        None,
        "550",
        "filtered",
    ),
    ("550 Line length limit exceeded", None, "550", "mesgtoobig"),
    ("#554 5.6.0 STOREDRV.Deliver; Corrupt message content", "5.6.0", "554", "contenterror"),
    # block lists written in two words, Proofpoint's and Yahoo's block replies, allow lists of IPs
    ("550 Rejected because 192.0.2.1 is in a black list at dnsbl.example.net", None, "550", "blocked"),
    ("554 5.7.1 Blocked - see https://ipcheck.proofpoint.com/?ip=192.0.2.1", "5.7.1", "554", "blocked"),
    (
        "553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.1, because the ip is in a list",
        "5.7.1",
        "553",
        "blocked",
    ),
    ("550 5.7.1 Message rejected because of IP address block", "5.7.1", "550", "blocked"),
    ("421 4.7.0 Your IP is not whitelisted, try again later", "4.7.0", "421", "blocked"),
    (
        "550 5.7.1 Mail from 192.0.2.1 refused, see http://mail-abuse.example/lookup?192.0.2.1",
        "5.7.1",
        "550",
        "blocked",
    ),
    ("550 Mail from a@example.jp refused, sender is blacklisted", None, "550", "rejected"),
    ("550 5.7.1 This mail server requires authentication", "5.7.1", "550", "securityerror"),
    ("552 Message size exceeds maximal message size", None, "552", "mesgtoobig"),
    ("552 Message exceeds maximum fixed size", None, "552", "mesgtoobig"),
    ("Sorry, the user's maildir has overdrawn his diskspace quota", None, None, "mailboxfull"),
    ("554 Reject due to policy restrictions", None, "554", "policyviolation"),
    ("550 5.7.1 Message score too high", "5.7.1", "550", "spamdetected"),
    ("550 5.7.1 Your message was rejected by this user and was not delivered.", "5.7.1", "550", "filtered"),
    (
        "554 5.7.1 The recipient is only accepting mail from specific email addresses",
        "5.7.1",
        "554",
        "filtered",
    ),
    ("554 5.7.1 Rejected for bad HELO", "5.7.1", "554", "blocked"),
    # The receiving server could not write its own queue: its fault, not the network's.
    ("451 4.3.0 Error: queue file write error (in reply to end of DATA command)", "4.3.0", "451", "systemerror"),
    # sendmail's limit on the header block: the form of the message, not its size.
    (">>> DATA <<< 552 5.6.0 Headers too large (32768 max)", "5.6.0", "552", "contenterror"),
    # procmail failing in a local delivery: "No such user" is about its own lookup.
    (
        'x-unix; procmail: Couldn\'t create "/var/mail/bob" id: host.example.org: No such user',
        "5.1.1",
        None,
        "mailererror",
    ),
    # qmail-remote's own sentences for a refusal before the envelope.
    (
        "Connected to 192.0.2.5 but my name was rejected. Remote host said: 501 5.5.2 Invalid domain name in HELO",
        "5.5.2",
        "501",
        "blocked",
    ),
    ("Connected to 192.0.2.5 but greeting failed. Remote host said: 554 go away", None, "554", "blocked"),
    (
        "Connected to 192.0.2.5 but sender was rejected. Remote host said: 553 5.1.8 no thanks",
        "5.1.8",
        "553",
        "rejected",
    ),
    (
        "SMTP error from remote mail server after initial connection: 550 192.0.2.9 is blocked for abuse, see the web page",
        None,
        "550",
        "blocked",
    ),
    ("550 5.0.0 <x@example.com>: Recipient address rejected: On hold", "5.0.0", "550", "onhold"),
    # Gmail's own notice when a "Send mail as" alias is set up wrongly: the sending address.
    (
        "** Message not delivered ** The settings for your 'Send mail as' address are out of date or wrong.",
        None,
        None,
        "rejected",
    ),
    ("554 Delivery failed: the domain is not reachable. Check the domain and try again", "5.4.0", "554", "hostunknown"),
    ("550 Protocol violation (in reply to end of DATA command)", "5.0.0", "550", "policyviolation"),
    ("554 Transaction failed (in reply to MAIL FROM command)", "5.0.0", "554", "systemerror"),
    # a dotted host name that "does not exist", not an address
    (
        "SMTP error from remote mail server after end of data: 553 mx.gone.example does not exist",
        None,
        "553",
        "hostunknown",
    ),
    ("550 bob@example.com does not exist", None, "550", "userunknown"),
    # Orange and Spectrum tokens decide over the words around them.
    (
        "421 4.2.0 Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR005_505 [505]",
        "4.2.0",
        "421",
        "systemerror",
    ),
    (
        "550 mwinf ME Adresse IP source bloquee pour incident de spam. OFR006_102 Ref http://csi.cloudmark.com/x",
        "5.0.0",
        "550",
        "blocked",
    ),
    ("550 5.1.0 <b@example.org> sender rejected. See the error code page. AUP#In-1310", "5.1.0", "550", "toomanyconn"),
]


def _general(diag: str, status: str | None, reply: str | None) -> RecipientResult:
    transient = (status or reply or "5")[0] == "4"
    return _rec(diag, status, reply, action="delayed" if transient else "failed")


@pytest.mark.parametrize(("diag", "status", "reply", "reason"), GENERAL_PHRASINGS)
def test_general_phrasings(diag: str, status: str | None, reply: str | None, reason: str) -> None:
    assert _general(diag, status, reply).reason == reason


def test_the_lazy_scan_agrees_with_each_rule_compiled_whole() -> None:
    from inspector.core.classify import prepare_text

    rules = reason_rules()
    for case in GENERAL_PHRASINGS:
        diag = case.values[0] if hasattr(case, "values") else case[0]  # a pytest.param or a tuple
        text = prepare_text(str(diag))[1]
        for weak in (False, True):
            slow = rules.first_rule(text, weak=weak)
            assert rules.match(text, weak=weak) == (slow.reason if slow else None), (diag, weak)


def test_every_pattern_compiles_without_capturing_groups() -> None:
    rules = reason_rules()
    for rule in rules.rules + rules.weak:
        assert rule.pattern.groups == 0, rule.source


def test_loading_a_rule_compiles_nothing_and_anchors_are_literal_prefixes() -> None:
    rule = PhraseRule("userunknown", ["user ?unknown", "no such user", "(?:user|mailbox) not found"])
    assert not rule.compiled and rule.literals == ("no such user",)
    assert rule.anchors == ("user", "user", "mailbox")
    assert not rule.matches("550 quota exceeded") and not rule.compiled  # no anchor, no compile
    assert rule.matches("550 mailbox not found") and rule.compiled
    assert not rule.matches("550 xno such user")  # a phrase starts at a word
    assert anchors("over ?quota") == ("over",)
    assert anchors("(?<!delivery )suspended") == ("suspended",)
    assert anchors("a|b") is None and anchors("(?:the )?recipient") is None


@pytest.mark.parametrize(
    ("diag", "status", "reply", "reason"),
    [
        # a bare 553 is most often a refused sender, not a syntax error
        ("553 Requested action not taken", None, "553", "rejected"),
        # X.5.0 says nothing of the cause: the reply code is read first
        ("554 A problem occurred", "5.5.0", "554", "blocked"),
        ("550 A problem occurred", "5.5.0", "550", "syntaxerror"),
    ],
)
def test_fallbacks(diag: str, status: str | None, reply: str | None, reason: str) -> None:
    assert _rec(diag, status, reply).reason == reason


# Each status code that a Sisimai::Reason::* manual page (or the Sisimai::SMTP::Status page) ties to a
# reason gets that reason from the table; a page that names only the permanent class leaves the
# transient code its own reason.
@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("5.1.1", "userunknown"),  # UserUnknown: Status 5.1.1
        ("5.1.2", "hostunknown"),  # HostUnknown, and SMTP::Status name('5.1.2')
        ("5.1.6", "hasmoved"),  # HasMoved, and SMTP::Status name('5.1.6')
        ("5.1.8", "rejected"),  # Rejected: Status 5.1.8
        ("5.2.0", "filtered"),  # Filtered: Status 5.2.0 or 5.2.1
        ("5.2.1", "filtered"),
        ("4.2.1", "suspend"),  # the Filtered page names class 5 only
        ("4.2.2", "mailboxfull"),  # MailboxFull: 4.2.2 or 5.2.2
        ("5.2.2", "mailboxfull"),
        ("5.2.3", "exceedlimit"),  # ExceedLimit: D.S.N. 5.2.3
        ("4.2.3", "exceedlimit"),  # SMTP::Status name('4.2.3')
        ("4.3.1", "systemfull"),  # SystemFull: 4.3.1 or 5.3.1
        ("5.3.1", "systemfull"),
        ("5.3.2", "notaccept"),  # NotAccept: Status 5.3.2
        ("4.3.2", "toomanyconn"),  # TooManyConn's example: 452 4.3.2 Connection rate limit exceeded
        ("5.3.4", "mesgtoobig"),  # MesgTooBig: Status 5.3.4
        ("5.6.1", "contenterror"),  # ContentError: Status 5.6.*
        ("5.7.1", "securityerror"),  # SecurityError: Status 5.7.*
        ("5.7.2", "securityerror"),
        ("5.7.15", "securityerror"),
        ("4.7.1", "policyviolation"),  # the SecurityError page names class 5 only
    ],
)
def test_code_reasons_follow_the_sisimai_definitions(code: str, reason: str) -> None:
    assert reason_from_code(code) == reason


def test_a_bare_mailbox_disabled_code_is_filtered_and_its_transient_form_suspend() -> None:
    assert _general("550 5.2.1 Go away", "5.2.1", "550").reason == "filtered"
    assert _general("450 4.2.1 Go away", "4.2.1", "450").reason == "suspend"
