"""Recognisers, table-driven: real corpus messages per family and our own small samples."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.core.analyze import analyse_path
from inspector.core.recognisers import ORDER
from inspector.core.recognisers.blocks import address_blocks
from inspector.core.recognisers.notice import jis_text, split_returned
from inspector.core.recognisers.replies import codes_in, remote_codes

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "recognisers"

# (file, kind, mta, [(recipient, status, reply_code, reason)])
OWN_SAMPLES = [
    ("exim-de.eml", "non-dsn-bounce", "Exim", [("niemand@beispiel.de", "5.1.1", "550", "userunknown")]),
    ("kddi-notice.eml", "non-dsn-bounce", "KDDI", [("traveller@phone.example.dion.ne.jp", None, None, "mailboxfull")]),
    ("plain-fr.eml", "non-dsn-bounce", "generic", [("personne@exemple.fr", "5.2.2", "552", "mailboxfull")]),
    (
        "qmail-two.eml",
        "non-dsn-bounce",
        "generic",
        [("first@example.com", "5.1.1", "550", "userunknown"), ("second@example.com", "4.2.2", "452", "mailboxfull")],
    ),
    ("vacation.eml", "not-bounce", "RFC3834", [("jane@example.com", None, None, "vacation")]),
    # A mail client's automatic unsubscribe request is the reader's opt-out, not a vacation reply.
    ("unsubscribe-apple.eml", "not-bounce", "unsubscribe", [("reader@mail.example.com", None, None, "feedback")]),
    ("unsubscribe-plain.eml", "not-bounce", "unsubscribe", [("someone@home.example.net", None, None, "feedback")]),
]

# Our own samples, extraction only (the classifier's reason is tested elsewhere):
# (file, kind, mta, [(recipient, status, reply_code, severity, diagnostic fragment)])
OWN_EXTRACTION = [
    (
        "exim-timeout.eml",
        "non-dsn-bounce",
        "Exim",
        [
            # A local delivery names no address: X-Failed-Recipients does. Timed out: class 4.
            ("owner@example.net", "4.4.7", None, "transient", "retry timeout exceeded"),
            ("slow@example.com", "4.4.7", None, "transient", "all hosts have been failing"),
        ],
    ),
    (
        "sendmail-transcript.eml",
        "non-dsn-bounce",
        "Sendmail",
        [
            # The remote reply of the conversation, not sendmail's summary.
            ("gone@example.com", "5.1.1", "550", "permanent", ">>> RCPT To:<gone@example.com> <<< 550 5.1.1"),
            # The reply quoted after the dots outranks the summary's 554.
            ("nohost@example.invalid", None, "550", "permanent", "550 Host unknown"),
        ],
    ),
    (
        "inline-dsn.eml",
        "dsn",
        None,
        [
            # A vague Status gives way to the remote server's enhanced code.
            ("first@example.edu", "5.1.1", "550", "permanent", "User unknown"),
            # The last attempt's reply quoted inside the wrapper's text is the remote answer.
            ("second@example.edu", "4.4.2", "421", "transient", "Connection timed out"),
        ],
    ),
    (
        "mfilter-rcpt.eml",
        "non-dsn-bounce",
        "m-FILTER",
        # The server message with the SMTP command it answered, as a transcript.
        [("nobody-here@example.com", "5.1.1", "550", "permanent", ">>> RCPT TO:<nobody-here@example.com> <<< 550")],
    ),
    (
        "exchange2003-two.eml",
        "non-dsn-bounce",
        "Exchange2003",
        [
            # "on <date>" and the wrapped MTS-ID line are not the reason.
            ("bob@corp.example.com", None, None, "permanent", "does not exist at the organization"),
            ("carol@corp.example.com", None, None, "permanent", "mailbox is full. MSEXCH:IMS"),
        ],
    ),
    (
        "exchange2007-expired.eml",
        "dsn",
        "Exchange2007",
        # Exchange's queue expiry is not the remote answer: the newest earlier attempt's reply is.
        [("pupil7@mail.school.example.edu", "4.4.0", "451", "transient", "451 4.4.0 Primary target")],
    ),
    (
        "opensmtpd-frame.eml",
        "non-dsn-bounce",
        "generic",
        # The reason after the address; the wrapped list intro with its time limit, not the warnings.
        [("reader@slow.example.org", None, None, "permanent", "delayed for more than 4 hours")],
    ),
    (
        "notes-reasons.eml",
        "non-dsn-bounce",
        "generic",
        # The reason above the address, without the "Failure Reasons" heading.
        [("first.last@notes.example.com", None, None, "permanent", "User not listed in Domino Directory")],
    ),
    (
        "aborted-intro.eml",
        "non-dsn-bounce",
        "generic",
        [("someone@far.example.net", None, None, "permanent", "aborted after 12.0 hour(s): Routing: No route")],
    ),
]

OWN_EXTRACTION += [
    (
        "sendmail-fatal-list.eml",
        "non-dsn-bounce",
        "Sendmail",
        # No recipient line in the transcript (only sendmail's own "554 5.0.0 Service unavailable"):
        # the address of the fatal-errors list, explained by the remote reply of its conversation.
        [("nobody-here@phone.example.ne.jp", None, "550", "permanent", ">>> DATA <<< 550 Unknown user")],
    ),
    (
        "imail-response.eml",
        "non-dsn-bounce",
        "IMail",
        # The reply after "Body of message generated response:", not the Address Book frame.
        [("reader@dest.example.com", "5.7.1", "554", "permanent", "554-5.7.1 Message refused")],
    ),
    (
        "trouble-notice.eml",
        "non-dsn-bounce",
        "X6",
        [
            ("buyer@shop.example.net", "5.2.2", "552", "permanent", "[552 5.2.2 Mailbox over quota]"),
            ("owner@shop.example.net", "5.6.0", "554", "permanent", "(DATA), with the following error message"),
        ],
    ),
]

# Words of a notice's frame that never belong in a diagnostic.
FRAME_WORDS = (
    "=====",
    "*****",
    "-----",
    "Failure Reasons",
    "Technical details",
    "copy of the original",
    "MTS-ID",
    "DO NOT NEED",
    "kept in the queue",
    "Original message headers",
)


@pytest.mark.parametrize(("name", "kind", "mta", "rows"), OWN_EXTRACTION, ids=[s[0] for s in OWN_EXTRACTION])
def test_own_extraction(name: str, kind: str, mta: str | None, rows: list[tuple[str, ...]]) -> None:
    [a] = analyse_path(FIXTURES / name)
    assert (a.kind, a.layout) == (kind, mta)
    assert len(a.recipients) == len(rows)
    for rec, (address, status, reply_code, severity, fragment) in zip(a.recipients, rows, strict=True):
        assert (rec.recipient, rec.status, rec.reply_code, rec.severity) == (address, status, reply_code, severity)
        assert fragment in (rec.diagnostic or "")
        assert "generated" not in (rec.diagnostic or "")
        assert not [w for w in FRAME_WORDS if w.lower() in (rec.diagnostic or "").lower()]


@pytest.mark.parametrize(("name", "kind", "mta", "rows"), OWN_SAMPLES, ids=[s[0] for s in OWN_SAMPLES])
def test_own_samples(name: str, kind: str, mta: str, rows: list[tuple[str, str | None, str | None, str]]) -> None:
    [a] = analyse_path(FIXTURES / name)
    assert a.kind == kind and a.layout == mta
    got = [(r.recipient, r.status, r.reply_code, r.reason) for r in a.recipients]
    assert got == rows


# Corpus messages, one or two per layout: (file, mta, recipients, statuses, reasons).
CORPUS_CASES = [
    ("lhost-qmail-06.eml", "generic", 1, ["4.2.2"], ["mailboxfull"]),
    ("lhost-exim-02.eml", "Exim", 2, ["5.1.1", "5.2.1"], ["userunknown", "userunknown"]),
    ("lhost-exim-50.eml", "Exim", 1, ["5.1.7"], ["rejected"]),  # refused at MAIL FROM
    ("lhost-dragonfly-12.eml", "DragonFly", 1, ["5.2.2"], ["mailboxfull"]),
    ("lhost-postfix-03.eml", None, 1, ["5.0.0"], ["filtered"]),  # "user unknown" after DATA
    ("arf-12.eml", "ARF", 1, [None], ["feedback"]),
    ("arf-17.eml", "ARF", 2, [None, None], ["feedback", "feedback"]),
    ("rfc3834-04.eml", "RFC3834", 1, [None], ["vacation"]),
    ("lhost-googlegroups-06.eml", "GoogleGroups", 1, [None], ["rejected"]),
]

# Corpus messages for extraction: (file, mta, [(status, reply_code)], diagnostic fragment of the first).
CORPUS_EXTRACTION = [
    ("lhost-gmail-05.eml", "Gmail", [("5.7.1", "550")], "Access denied"),  # remote reply, not Google's text
    ("lhost-mailmarshal-02.eml", "MailMarshal", [("5.1.1", "550")], "User unknown"),
    ("lhost-verizon-02.eml", "Verizon", [(None, "550")], "no such user here"),
    ("lhost-v5sendmail-05.eml", "Sendmail", [(None, "550")] * 4, ">>> DATA"),
    ("lhost-dragonfly-18.eml", "DragonFly", [("5.7.0", "550")], "did not like our RCPT TO"),
    ("lhost-receivingses-01.eml", None, [("5.1.1", "550")], "Mailbox does not exist"),  # one group, not two
    ("rhost-messagelabs-01.eml", None, [("5.0.0", "550")], "SMTP Authentication"),  # blank line inside a group
    ("lhost-sendmail-41.eml", "Sendmail", [("5.0.0", "554")], ">>> DATA"),  # a bounce of a bounce: its own DSN only
    ("lhost-amazonses-17.eml", None, [("4.4.2", "421")], "Connection timed out"),
    ("lhost-opensmtpd-11.eml", None, [("5.7.26", "550")], "Multiple authentication"),  # X.0.0 refined from text
    ("lhost-fml-03.eml", "fml", [(None, None)], "Duplicated Message-ID"),
    ("lhost-domino-02.eml", None, [("5.0.0", None)], "ディレクトリ"),  # ISO-2022-JP without ESC bytes
    ("lhost-mfilter-01.eml", "m-FILTER", [(None, "550")], ">>> DATA <<< 550 unknown user"),
    ("lhost-exchange2003-07.eml", "Exchange2003", [(None, None)], "not recognized MSEXCH:IMS"),
    ("lhost-exchange2007-05.eml", "Exchange2007", [("4.4.1", "441")], "441 4.4.1 Error encountered"),
    ("lhost-dragonfly-26.eml", "DragonFly", [("5.1.1", "550")], "User unknown"),
    ("lhost-notes-02.eml", "generic", [(None, None)], "ディレクトリのリストにありません"),
    ("lhost-trendmicro-03.eml", "generic", [(None, None)], "Reason: Unable to deliver message"),
    ("lhost-x3-02.eml", "generic", [(None, None)], "aborted after 5.0 hour(s)"),
    ("lhost-imailserver-06.eml", "IMail", [(None, "550")], "550-REJECTED - Blacklisted URL"),
    ("lhost-x6-02.eml", "X6", [("5.1.1", "550")], "It responded as follows: [550 5.1.1 User unknown]"),
    ("lhost-messagingserver-12.eml", None, [("4.2.2", None)], "Over quota"),  # "Recipient address:" line
]


@pytest.mark.parametrize(
    "name",
    [
        "lhost-notes-01.eml",
        "lhost-x3-01.eml",
        "lhost-opensmtpd-04.eml",
        "lhost-dragonfly-26.eml",
        "lhost-qmail-21.eml",
        "lhost-mxlogic-02.eml",
        "lhost-trendmicro-02.eml",
        "lhost-exchange2003-02.eml",
    ],
)
def test_corpus_diagnostics_without_frame(corpus: Path, name: str) -> None:
    for a in analyse_path(corpus / "eml" / name):
        for rec in a.recipients:
            assert rec.diagnostic
            assert not [w for w in FRAME_WORDS if w.lower() in rec.diagnostic.lower()], rec.diagnostic
            assert "Received:" not in rec.diagnostic


@pytest.mark.parametrize(("name", "mta", "codes", "fragment"), CORPUS_EXTRACTION, ids=[c[0] for c in CORPUS_EXTRACTION])
def test_corpus_extraction(
    corpus: Path, name: str, mta: str | None, codes: list[tuple[str | None, str | None]], fragment: str
) -> None:
    recs = [r for a in analyse_path(corpus / "eml" / name) for r in a.recipients]
    assert recs and recs[0].recipient
    assert {a.layout for a in analyse_path(corpus / "eml" / name)} == {mta}
    assert sorted((r.status or "", r.reply_code or "") for r in recs) == sorted((s or "", c or "") for s, c in codes)
    assert fragment in (recs[0].diagnostic or "")


@pytest.mark.parametrize(
    ("name", "mta", "count", "statuses", "reasons"), CORPUS_CASES, ids=[c[0] for c in CORPUS_CASES]
)
def test_corpus_families(
    corpus: Path, name: str, mta: str | None, count: int, statuses: list[str | None], reasons: list[str]
) -> None:
    [a] = analyse_path(corpus / "eml" / name)
    assert a.layout == mta
    assert len(a.recipients) == count
    assert sorted(map(str, (r.status for r in a.recipients))) == sorted(map(str, statuses))
    assert sorted(r.reason or "" for r in a.recipients) == sorted(reasons)


def test_unsubscribe_request_is_opt_out_feedback() -> None:
    [a] = analyse_path(FIXTURES / "unsubscribe-apple.eml")
    assert a.feedback_type == "opt-out"
    assert [(r.feedback_type, r.severity, r.hard) for r in a.recipients] == [("opt-out", "unknown", False)]


def test_arf_keeps_feedback_type(corpus: Path) -> None:
    [a] = analyse_path(corpus / "eml" / "arf-12.eml")
    assert a.feedback_type == "opt-out"
    assert all(r.feedback_type == "opt-out" and r.severity == "unknown" for r in a.recipients)


# rb-issue-368-bug.eml is left out: it reads as a real "Mailbox full" notice (see the report).
@pytest.mark.parametrize("name", ["is-not-bounce-01.eml", "is-not-bounce-02.eml"])
def test_not_bounces_have_no_recipients(corpus: Path, name: str) -> None:
    for a in analyse_path(corpus / "not-bounce" / name):
        assert a.kind == "not-bounce" and a.recipients == []


def test_order_is_explicit_and_ends_with_dsn_then_generic() -> None:
    names = [r.name for r in ORDER]
    assert names[-1] == "generic"
    assert names.index("RFC3464") < names.index("generic")
    assert names.index("ARF") < names.index("RFC3464")


def test_split_returned_cuts_at_marker() -> None:
    own, rest = split_returned(
        "intro\n<a@b.example>: 550 no\n\n--- Below this line is a copy of the message.\nTo: x@y.z\n"
    )
    assert "550 no" in own and "To: x@y.z" in rest and "To:" not in own


def test_address_blocks_split_per_recipient() -> None:
    text = "  a@example.com\n    550 5.1.1 unknown\n  b@example.com\n    452 4.2.2 full\n"
    blocks = address_blocks(text)
    assert [b.address for b in blocks] == ["a@example.com", "b@example.com"]
    assert codes_in(blocks[1].text).status == "4.2.2"


def test_codes_in_pairs_multiline_reply() -> None:
    c = codes_in("Remote host said: 550-5.7.26 Unauthenticated email\n550 5.7.26 more text\n")
    assert (c.reply_code, c.status) == ("550", "5.7.26")


def test_remote_codes_prefer_the_quoted_remote_reply() -> None:
    c = remote_codes("554 4.4.7 Message expired: unable to deliver in 840 minutes.<421 4.4.2 Connection timed out>")
    assert (c.reply_code, c.status) == ("421", "4.4.2")
    c = remote_codes("5.1.0 - Unknown address error 550-'5.7.1 <x@example.com>... Access denied'")
    assert (c.reply_code, c.status) == ("550", "5.7.1")


def test_jis_text_decodes_runs_without_escape_bytes() -> None:
    assert jis_text("$B%f!<%6!<(BNeko") == "ユーザーNeko"
    assert jis_text("plain $5 text") == "plain $5 text"


# Layout variants of the big families, written for this table: what a careful reader says each
# recipient's status, class, reply code, reason and "hard" are. (file, [(recipient, status, class,
# reply_code, reason, hard)]); "?" accepts any reason.
N = None
LAYOUTS = [
    (
        "postfix-rcpt-two.eml",
        [
            ("ghost@dest.example.com", "5.1.1", "5", "550", "userunknown", True),
            ("stuffed@dest.example.com", "5.2.2", "5", "552", "mailboxfull", False),
        ],
    ),
    ("postfix-suspended.eml", [("waiting@slow.example.net", "4.4.1", "4", N, "expired", False)]),
    ("postfix-nohost.eml", [("someone@no-such-domain.example", "5.4.4", "5", N, "hostunknown", True)]),
    ("postfix-local-unknown.eml", [("nobody@relay.example.org", "5.1.1", "5", N, "userunknown", True)]),
    ("postfix-nodiag.eml", [("reader@filtered.example.com", "5.7.1", "5", "554", "spamdetected", False)]),
    (
        "postfix-mailfrom.eml",
        [
            ("one@strict.example.net", "5.7.1", "5", "553", "rejected", False),
            ("two@strict.example.net", "5.7.1", "5", "553", "rejected", False),
        ],
    ),
    ("postfix-plain.eml", [("absent@far.example.com", N, "5", "550", "userunknown", True)]),
    ("sendmail-dsn-agree.eml", [("left@dest.example.jp", "5.1.1", "5", "550", "userunknown", True)]),
    ("sendmail-dsn-disagree.eml", [("full@dest.example.jp", "5.2.2", "5", "552", "mailboxfull", False)]),
    ("sendmail-local-unknown.eml", [("nosuchuser@gw.example.org", "5.1.1", "5", "550", "userunknown", True)]),
    ("sendmail-deferred.eml", [("later@slow.example.jp", "4.4.1", "4", N, "expired", False)]),
    ("sendmail-5days.eml", [("never@slow.example.jp", "4.4.7", "4", N, "expired", False)]),
    (
        "sendmail-v5.eml",
        [
            ("nouser@one.example.com", N, "5", "550", "userunknown", True),
            ("big@two.example.com", N, "5", "552", "mesgtoobig", False),
        ],
    ),
    (
        "exim-rcpt-two.eml",
        [
            ("missing@dest.example.com", "5.1.1", "5", "550", "userunknown", True),
            ("brimful@dest.example.com", "4.2.2", "4", "452", "mailboxfull", False),
        ],
    ),
    ("exim-old-layout.eml", [("vanished@dest.example.net", N, "5", "550", "userunknown", True)]),
    ("exim-unrouteable.eml", [("someone@nowhere.example", N, "5", N, "hostunknown", True)]),
    ("exim-mailboxfull.eml", [("hoarder@mx.example.org", "4.4.7", "4", N, "mailboxfull", False)]),
    ("exim-allhosts.eml", [("patient@down.example.net", "4.4.7", "4", N, "expired", False)]),
    ("exim-data-spam.eml", [("reader@strict.example.com", "5.7.1", "5", "550", "spamdetected", False)]),
    ("exim-delay.eml", [("greylisted@dest.example.com", "4.7.1", "4", "451", "?", False)]),
    ("qmail-local.eml", [("nobody@mail.example.org", "5.1.1", "5", N, "userunknown", True)]),
    ("qmail-sender.eml", [("friend@picky.example.net", "5.7.1", "5", "553", "rejected", False)]),
    ("qmail-nohost.eml", [("pal@nonexistent.example", "5.1.2", "5", N, "hostunknown", True)]),
    ("qmail-data.eml", [("reader@bulk.example.com", "5.3.4", "5", "552", "mesgtoobig", False)]),
    ("qmail-queue-too-long.eml", [("idle@down.example.com", N, "5", N, "expired", False)]),
    ("o365-notfound.eml", [("gone@tenant.example.com", "5.1.10", "5", "550", "userunknown", True)]),
    ("o365-quota.eml", [("packed@tenant.example.com", "5.2.2", "5", "554", "mailboxfull", False)]),
    ("exchange2010-text.eml", [("former.staff@corp.example.com", "5.1.1", "5", "550", "userunknown", True)]),
    (
        "generic-list.eml",
        [
            ("first@target.example.com", "5.1.1", "5", "550", "userunknown", True),
            ("second@target.example.com", "4.4.2", "4", "421", "networkerror", False),
        ],
    ),
]


LAYOUTS += [
    ("postfix-greeting-timeout.eml", [("late@slow.example.com", "4.4.2", "4", N, "expired", False)]),
    ("postfix-blocklisted.eml", [("staff@guarded.example.net", "5.7.1", "5", "554", "blocked", False)]),
    ("postfix-relay.eml", [("someone@elsewhere.example.org", "5.7.1", "5", "554", "norelaying", False)]),
    ("postfix-size.eml", [("receiver@small.example.com", "5.3.4", "5", "552", "mesgtoobig", False)]),
    (
        "postfix-three.eml",
        [
            ("alpha@one.example.com", "5.1.1", "5", "550", "userunknown", True),
            ("beta@two.example.com", "5.2.2", "5", "552", "mailboxfull", False),
            ("gamma@relay.example.org", "5.4.6", "5", N, "networkerror", False),
        ],
    ),
    ("postfix-refused-to-talk.eml", [("buyer@shop.example.com", "5.7.1", "5", "554", "badreputation", False)]),
    ("sendmail-hostunknown.eml", [("who@nohost.example", "5.1.2", "5", "550", "hostunknown", True)]),
    (
        "sendmail-two-convs.eml",
        [
            ("first@a.example.com", "5.1.1", "5", "550", "userunknown", True),
            ("second@b.example.com", "5.7.1", "5", "550", "norelaying", False),
        ],
    ),
    ("sendmail-vague-rcpt.eml", [("moved@c.example.com", "5.1.6", "5", "550", "hasmoved", True)]),
    ("exim-mailfrom-size.eml", [("big@small.example.com", "5.3.4", "5", "552", "mesgtoobig", False)]),
    ("exim-connect-blocked.eml", [("staff@fortress.example.net", "5.7.1", "5", "554", "blocked", False)]),
    ("exim-pipe.eml", [("tickets@mx.example.org", N, "5", N, "mailererror", False)]),
    ("exim-sender-verify.eml", [("member@club.example.com", N, "5", "550", "rejected", False)]),
    (
        "exim-three.eml",
        [
            ("known-not@dest.example.com", "5.1.1", "5", "550", "userunknown", True),
            ("lost@nowhere.example", N, "5", N, "hostunknown", True),
            ("packed@mx.example.org", "4.4.7", "4", N, "mailboxfull", False),
        ],
    ),
    ("qmail-quota.eml", [("hoarder@mail.example.org", "5.2.2", "5", N, "mailboxfull", False)]),
    (
        "qmail-mixed.eml",
        [
            ("local-gone@mail.example.org", "5.1.1", "5", N, "userunknown", True),
            ("remote@far.example.net", "5.7.1", "5", "554", "norelaying", False),
        ],
    ),
    ("o365-dbeb.eml", [("nobody@tenant.example.com", "5.4.1", "5", "550", "userunknown", True)]),
    ("o365-hopcount.eml", [("ring@tenant.example.com", "5.4.14", "5", "554", "networkerror", False)]),
    ("o365-restricted.eml", [("list@tenant.example.com", "5.7.133", "5", "550", "?", False)]),
]


# Exchange 2000: "did not reach some or all of the intended recipients", the list under "The
# following recipient(s) could not be reached:", each "address on <date>" with Exchange's code.
LAYOUTS += [
    (
        "exchange2000-reached.eml",
        [
            ("left.company@corp.example.net", N, "5", N, "userunknown", True),
            ("boss@corp.example.net", N, "5", N, "mailboxfull", False),
        ],
    ),
]

# GMX's Exim: the list flush left, each address quoted with a colon, its explanation below; the
# list's opening sentence wraps before "failed:". Other Exim front ends (MXLogic) put the reply on
# the address's own line.
LAYOUTS += [
    (
        "exim-gmx-flush.eml",
        [
            ("nobody@far.example.net", "5.1.1", "5", N, "userunknown", True),
            ("crammed@far.example.net", "5.2.2", "5", N, "mailboxfull", False),
        ],
    ),
    ("exim-same-line.eml", [("absent@dest.example.com", "5.1.1", "5", "550", "userunknown", True)]),
]


# KDDI's au one net notice: "Your mail sent on:", "Could not be delivered to: <address>" and the
# reason in a sentence, under a plain subject from a no-reply sender.
LAYOUTS += [("kddi-notice.eml", [("traveller@phone.example.dion.ne.jp", N, "5", N, "mailboxfull", False)])]


# A sendmail bounce a person forwarded, every line quoted ("> "): the transcript is read through
# the quoting, and the quoted DSN fields and headers below it are not the reason.
LAYOUTS += [("sendmail-forwarded.eml", [("retired@partner.example.com", "5.1.1", "5", "550", "userunknown", True)])]


# Postfix's SMTP server notice to the postmaster: the session transcript (In:/Out:, wrapped
# commands). The failing reply after DATA concerns every accepted recipient, not the envelope sender
# (nor the STARTTLS the server offered in its greeting).
LAYOUTS += [
    (
        "postfix-smtpd-transcript.eml",
        [
            ("first@gate.example.net", "4.3.0", "4", "451", "systemerror", False),
            ("second@gate.example.net", "4.3.0", "4", "451", "systemerror", False),
        ],
    ),
    # A refused RCPT TO concerns that address alone.
    ("postfix-smtpd-rcpt.eml", [("second@gate.example.net", "5.1.1", "5", "550", "userunknown", True)]),
]


_CLASS = {"success": "2", "transient": "4", "permanent": "5"}


@pytest.mark.parametrize(("name", "rows"), LAYOUTS, ids=[s[0] for s in LAYOUTS])
def test_family_layouts(name: str, rows: list[tuple[object, ...]]) -> None:
    [a] = analyse_path(FIXTURES / name)
    got = [(r.recipient, r.status, _CLASS.get(r.severity), r.reply_code, r.reason, r.hard) for r in a.recipients]
    assert len(got) == len(rows), got
    for want, have in zip(rows, got, strict=True):
        assert all(w == "?" or w == h for w, h in zip(want, have, strict=True)), (want, have)
