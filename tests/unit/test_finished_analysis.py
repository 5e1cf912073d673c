"""An analysis leaves the core finished: its code spans, authentication and timeline are plain
fields filled by the analysis itself (nothing is computed when a view or the export first reads
them), and its fields cannot be set afterwards."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest

import inspector.core.codes as codes
from inspector.core.analyze import analyse_bytes, analyse_path, analyse_text, error_analysis
from inspector.core.authentication import Authentication, authentication_of
from inspector.core.codes import find_codes, find_replies, shared_scans
from inspector.core.model import Analysis
from inspector.core.timeline import timeline_of

REFUSED = b"""From: Mail Delivery System <MAILER-DAEMON@out.sender.example>
To: shop@sender.example
Subject: Undelivered Mail Returned to Sender
Date: Wed, 02 Dec 2026 08:30:00 +0000
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="R"

--R
Content-Type: text/plain

<ann@receiver.example>: host mx.receiver.example said: 550 5.7.26 This mail
    has no valid SPF or DKIM for the From domain (in reply to end of DATA command)

--R
Content-Type: message/delivery-status

Reporting-MTA: dns; out.sender.example
Arrival-Date: Wed, 02 Dec 2026 08:29:58 +0000

Final-Recipient: rfc822; ann@receiver.example
Action: failed
Status: 5.7.26
Remote-MTA: dns; mx.receiver.example
Diagnostic-Code: smtp; 550 5.7.26 This mail has no valid SPF or DKIM for the From domain

--R
Content-Type: message/rfc822

Authentication-Results: out.sender.example; spf=softfail smtp.mailfrom=shop@sender.example
Received: from web.sender.example by out.sender.example; Wed, 02 Dec 2026 08:29:57 +0000
Date: Wed, 02 Dec 2026 08:29:50 +0000
From: Shop <shop@sender.example>
To: ann@receiver.example
Subject: Offers

Hello
--R--
"""


def test_the_views_are_fields_not_properties() -> None:
    names = {f.name for f in dataclasses.fields(Analysis)}
    assert {"codes", "authentication", "timeline"} <= names
    assert not [k for k, v in vars(Analysis).items() if isinstance(v, property)]
    assert not [n for n in names if n.startswith("_")]  # no hidden cache behind a field


def test_an_analysis_holds_its_codes_authentication_and_timeline(tmp_path: Path) -> None:
    path = tmp_path / "refused.eml"
    path.write_bytes(REFUSED)
    [a] = analyse_path(path)
    assert a.error is None and a.recipients[0].recipient == "ann@receiver.example"
    # Read straight from the fields (no property can run): what the core's own functions give.
    assert a.root is not None
    expected = [(p.path, c) for p in a.root.walk() if p.text for c in find_codes(p.text)]
    assert a.codes == expected and ("1", "5.7.26") in {(p, c.code) for p, c in a.codes}
    assert a.authentication == authentication_of(a)
    assert a.authentication.spf.result == "softfail" and a.authentication.relevant
    assert a.timeline == timeline_of(a)
    assert [e.time for e in a.timeline][:2] == ["2026-12-02T08:29:50+00:00", "2026-12-02T08:29:57+00:00"]


def test_pasted_text_and_errors_are_finished_too() -> None:
    a = analyse_text("451 4.7.1 Please try again in 10 minutes")
    assert [(p, c.code) for p, c in a.codes] == [("", "451"), ("", "4.7.1")]
    assert any("try again in 10 minutes" in e.event for e in a.timeline)
    e = error_analysis("gone.eml", "the file could not be read")
    assert (e.codes, e.authentication, e.timeline) == ([], Authentication(), [])
    [missing] = analyse_path("/nonexistent/bounce.eml")
    assert missing.error and missing.codes == [] and missing.timeline == []


def test_the_fields_cannot_be_set_afterwards() -> None:
    a = analyse_text("550 5.1.1 <bob@example.org>: User unknown")
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.mta = "Postfix"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.codes = []  # type: ignore[misc]
    changed = dataclasses.replace(a, mta="Postfix")
    assert changed.mta == "Postfix" and a.mta is None and changed.codes == a.codes


def test_each_text_is_scanned_once_per_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    """The recognisers, the classifier and the code list share one scan per text; the next
    analysis scans again (nothing is kept between analyses)."""
    scanned: Counter[str] = Counter()
    real = codes._scan_text

    def counting(text: str, texts: bool = True) -> codes._Scan:
        scanned[text] += 1
        return real(text, texts)

    monkeypatch.setattr(codes, "_scan_text", counting)
    [a] = analyse_bytes(REFUSED, "refused")
    assert a.recipients and scanned and max(scanned.values()) == 1
    assert a.root is not None and all(scanned[p.text] == 1 for p in a.root.walk() if p.text)
    before = sum(scanned.values())
    analyse_bytes(REFUSED, "refused")
    assert sum(scanned.values()) == before * 2
    assert codes._shared.get() is None  # the scans were dropped with the analysis


def test_shared_scans_give_each_caller_its_own_lists() -> None:
    text = "550-5.7.1 first line\n550 5.7.1 last line"
    with shared_scans():
        one, two = find_replies(text), find_replies(text)
        assert one == two and one is not two and one[0] is two[0]  # the same replies, own lists
        one.clear()
        assert find_replies(text) == two
        assert find_codes(text)[0] is two[0].basic
    outside = find_replies(text)
    assert outside == two and outside[0] is not two[0]


def test_a_reading_holds_the_same_verdicts_as_the_analysis_without_the_views(corpus: Path) -> None:
    """Triage stops at the verdicts (read_item): the same rows as from the whole analysis, for
    every corpus message, and nothing of the views."""
    from inspector.core.analyze import analyse_item, read_item
    from inspector.core.loader import load_path
    from inspector.core.model import Reading
    from inspector.core.triage.rows import rows_of

    checked = 0
    for path in sorted((corpus / "eml").glob("*.eml"))[::3]:
        for item in load_path(path):
            reading, whole = read_item(item), analyse_item(item)
            assert type(reading) is Reading and not hasattr(reading, "codes")
            assert rows_of(reading) == rows_of(whole), path.name
            assert (reading.kind, reading.mta, reading.warnings) == (whole.kind, whole.mta, whole.warnings)
            checked += 1
    assert checked > 100


def test_a_reading_that_fails_says_so() -> None:
    from inspector.core.analyze import read_item
    from inspector.core.loader import Item

    def broken(*_args: object) -> None:
        raise ValueError("boom")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("inspector.core.analyze._analyse_message", broken)
        reading = read_item(Item(REFUSED, "message", 4, "x.eml"))
    assert reading.index == 4 and reading.error is not None and "ValueError: boom" in reading.error
