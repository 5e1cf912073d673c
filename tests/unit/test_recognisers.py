"""Recognisers, table-driven: real corpus messages per family and our own small samples."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.core.analyze import analyse_path
from inspector.core.recognisers import ORDER
from inspector.core.recognisers.helpers import address_blocks, codes_in, split_returned

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "recognisers"

# (file, kind, mta, [(recipient, status, reply_code, reason)])
OWN_SAMPLES = [
    ("exim-de.eml", "non-dsn-bounce", "Exim", [("niemand@beispiel.de", "5.1.1", "550", "userunknown")]),
    ("plain-fr.eml", "non-dsn-bounce", "generic", [("personne@exemple.fr", "5.2.2", "552", "mailboxfull")]),
    (
        "qmail-two.eml",
        "non-dsn-bounce",
        "generic",
        [("first@example.com", "5.1.1", "550", "userunknown"), ("second@example.com", "4.2.2", "452", "mailboxfull")],
    ),
    ("vacation.eml", "non-dsn-bounce", "RFC3834", [("jane@example.com", None, None, "vacation")]),
]


@pytest.mark.parametrize(("name", "kind", "mta", "rows"), OWN_SAMPLES, ids=[s[0] for s in OWN_SAMPLES])
def test_own_samples(name: str, kind: str, mta: str, rows: list[tuple[str, str | None, str | None, str]]) -> None:
    [a] = analyse_path(FIXTURES / name)
    assert a.kind == kind and a.mta == mta
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


@pytest.mark.parametrize(
    ("name", "mta", "count", "statuses", "reasons"), CORPUS_CASES, ids=[c[0] for c in CORPUS_CASES]
)
def test_corpus_families(
    corpus: Path, name: str, mta: str | None, count: int, statuses: list[str | None], reasons: list[str]
) -> None:
    [a] = analyse_path(corpus / "eml" / name)
    assert a.mta == mta
    assert len(a.recipients) == count
    assert sorted(map(str, (r.status for r in a.recipients))) == sorted(map(str, statuses))
    assert sorted(r.reason or "" for r in a.recipients) == sorted(reasons)


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
