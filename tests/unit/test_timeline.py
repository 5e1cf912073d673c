"""The delivery timeline: events in time order, delays between them, long delays marked."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from inspector.core.analyze import analyse_bytes, analyse_path
from inspector.core.serialize import analysis_to_dict
from inspector.core.timeline import parse_date

BOUNCE = b"""From: MAILER-DAEMON@relay.shop.example
To: news@shop.example
Subject: Delayed Mail (still being retried)
Date: Tue, 01 Dec 2026 13:20:00 +0000
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

Delivery to the following recipient has been delayed.

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; relay.shop.example
Arrival-Date: Tue, 01 Dec 2026 10:00:05 +0000

Final-Recipient: rfc822; pat@far.example
Action: delayed
Status: 4.7.0
Remote-MTA: dns; mx.far.example
Diagnostic-Code: smtp; 450 4.7.0 Greylisted, please try again in 15 minutes
Last-Attempt-Date: Tue, 01 Dec 2026 13:15:00 +0000
Will-Retry-Until: Fri, 04 Dec 2026 10:00:05 +0000

--B
Content-Type: message/rfc822

Received: from app.shop.example (app.shop.example [192.0.2.7])
\tby relay.shop.example (Postfix) with ESMTP id 1; Tue, 01 Dec 2026 10:00:04 +0000
Received: by app.shop.example (Postfix, from userid 33)
\tid 2; Tue, 01 Dec 2026 11:59:50 +0200
From: news@shop.example
To: pat@far.example
Subject: Offers
Date: Tue, 01 Dec 2026 11:59:49 +0200

Hello
--B--
"""


def test_events_in_time_order_with_delays_and_marks() -> None:
    a = analyse_bytes(BOUNCE, "made-up.eml")[0]
    rows = [(e.time, e.event, e.host, e.delay_s, e.slow) for e in a.timeline]
    assert [r[0] for r in rows] == [
        "2026-12-01T11:59:49+02:00",
        "2026-12-01T11:59:50+02:00",
        "2026-12-01T10:00:04+00:00",
        "2026-12-01T10:00:05+00:00",
        "2026-12-01T13:15:00+00:00",
        "2026-12-01T13:20:00+00:00",
        "2026-12-01T13:30:00+00:00",
        "2026-12-04T10:00:05+00:00",
    ]
    times = [datetime.fromisoformat(r[0]) for r in rows]
    assert times == sorted(times)
    assert rows[0][1].startswith("message written") and rows[0][3] is None
    assert rows[1][2] == "app.shop.example" and rows[1][3] == 1.0
    assert rows[2][1] == "relayed from app.shop.example" and rows[2][2] == "relay.shop.example"
    assert rows[2][3] == 14.0  # 11:59:50+02:00 to 10:00:04Z, across time zones
    assert rows[3][1].startswith("arrived at the reporting server") and rows[3][3] == 1.0
    # Three hours and ten minutes until the last attempt: marked.
    assert rows[4][1] == "last attempt for pat@far.example (Last-Attempt-Date)" and rows[4][2] == "mx.far.example"
    assert rows[4][3] == 11695.0 and rows[4][4] is True
    assert rows[5][1] == "bounce written (Date of the bounce)" and rows[5][4] is False
    # The reply's retry hint counts from the last attempt.
    assert "try again in 15 minutes" in rows[6][1]
    # A deadline is not a delay: never marked, however far away.
    assert rows[7][1].startswith("retries for pat@far.example end") and rows[7][4] is False
    assert analysis_to_dict(a)["timeline"][0] == {
        "time": "2026-12-01T11:59:49+02:00",
        "event": "message written (Date of the returned message)",
        "host": None,
        "delay_s": None,
        "slow": False,
    }


def test_unreadable_date_is_kept_as_written() -> None:
    data = BOUNCE.replace(b"Date: Tue, 01 Dec 2026 13:20:00 +0000", b"Date: sometime on Tuesday")
    a = analyse_bytes(data, "x")[0]
    last = a.timeline[-1]
    assert last.time == "sometime on Tuesday" and "not readable" in last.event and last.delay_s is None


def test_every_corpus_bounce_with_a_date_has_a_sorted_timeline(corpus: Path) -> None:
    empty, unsorted = [], []
    for path in sorted((corpus / "eml").glob("*.eml")):
        a = analyse_path(path)[0]
        if a.date is None:
            continue
        if not a.timeline:
            empty.append(path.name)
        timed = [datetime.fromisoformat(e.time) for e in a.timeline if e.time and e.delay_s is not None]
        if timed != sorted(timed) or any(e.delay_s is not None and e.delay_s < 0 for e in a.timeline):
            unsorted.append(path.name)
    assert empty == []
    assert unsorted == []


def test_yahoo_deferral_code_is_a_retry_hint(corpus: Path) -> None:
    a = analyse_path(corpus / "eml" / "lhost-opensmtpd-13.eml")[0]
    assert any("TSS04" in e.event for e in a.timeline)


@pytest.mark.parametrize(
    "value",
    [
        "Tue, 01 Dec 2026 10:00:00 +0000",
        "1 Dec 2026 10:00 -0800 (PST)",
        "Tue, 01 Dec 2026 10:00:00 -0000",
        "by mx.example; Tue, 01 Dec 2026 23:59:59 +0530",
        "Tue, 31 Feb 2026 10:00:00 +0000",  # no such day
        "Tue, 01 Dec 2026 10:00:00 +2400",  # no such zone
        "Tue, 01 Dec 0999 10:00:00 +0000",  # an odd year: the slow reader's rules
        "tue, 01 dec 2026 10:00:00 GMT",
    ],
)
def test_dates_read_as_the_email_package_reads_them(value: str) -> None:
    try:
        expected = parsedate_to_datetime(value.rsplit(";", 1)[-1].strip())
        if expected.tzinfo is None:
            expected = expected.replace(tzinfo=UTC)
    except ValueError:
        expected = None
    got = parse_date(value)
    assert got == expected
    assert (got.isoformat() if got else None) == (expected.isoformat() if expected else None)
