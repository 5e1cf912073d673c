"""Triage core: the streaming mailbox reader, rows, the pool's ordering, the suppression policy."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

import inspector.core.triage.reader as reader
from inspector.core.analyze import analyse_path
from inspector.core.loader import mbox_message, normalise_newlines, read_file, split_mbox
from inspector.core.triage import (
    SUPPRESSION_COLUMNS,
    Summary,
    iter_messages,
    read_message,
    suppression_csv,
    suppression_list,
    triage_paths,
)
from inspector.core.triage.policy import cause_of
from inspector.core.triage.rows import iso_date, split_address


@pytest.fixture
def mbox(corpus: Path) -> Path:
    return corpus / "mbox" / "mbox-0"


@pytest.mark.parametrize("chunk", [1 << 20, 4096, 7, 1])
@pytest.mark.parametrize("variant", ["as-is", "lf", "leading-blank-lines", "mboxrd"])
def test_streamed_mbox_gives_the_loaders_messages(mbox: Path, chunk: int, variant: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    data = read_file(mbox)
    if variant == "lf":
        data = normalise_newlines(data)
    elif variant == "leading-blank-lines":
        data = b"\n\n" + data + b"\nFrom nobody\n"
    elif variant == "mboxrd":
        data = data.replace(b"\nSubject:", b"\n>From the sea\nSubject:", 3)
    monkeypatch.setattr(reader, "CHUNK", chunk)
    got = list(reader.split_mbox_stream(io.BytesIO(data), "x"))
    assert [m.data for m in got] == split_mbox(normalise_newlines(data))
    assert [m.index for m in got] == list(range(len(got)))
    # offsets point back into the file: each message can be read again alone
    for m in got:
        assert mbox_message(data[m.offset : m.offset + m.length]) == m.data


def test_mbox_is_read_in_chunks_not_whole(mbox: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    reads: list[int] = []

    class Spy(io.BytesIO):
        def read(self, n: int | None = -1) -> bytes:
            reads.append(-1 if n is None else n)
            return super().read(n)

    monkeypatch.setattr(reader, "CHUNK", 4096)
    data = read_file(mbox)
    first = next(reader.split_mbox_stream(Spy(data), "x"))
    assert first.index == 0
    assert reads and all(0 < n <= 4096 for n in reads)
    assert sum(reads) < len(data)  # the first message came before the whole file was read


def test_folder_maildir_and_files_are_found_recursively(tmp_path: Path, corpus: Path, mbox: Path) -> None:
    emls = sorted((corpus / "eml").glob("lhost-postfix-0*.eml"))[:3]
    (tmp_path / "a" / "deep").mkdir(parents=True)
    shutil.copy(emls[0], tmp_path / "a" / "deep" / "one.eml")
    for sub in ("cur", "new", "tmp"):
        (tmp_path / "Maildir" / sub).mkdir(parents=True)
    shutil.copy(emls[1], tmp_path / "Maildir" / "cur" / "1700000000.M1P1.host:2,S")
    shutil.copy(emls[2], tmp_path / "Maildir" / "new" / "1700000001.M2P2.host")
    shutil.copy(emls[2], tmp_path / "Maildir" / "tmp" / "half-written")
    shutil.copy(mbox, tmp_path / "b.mbox")
    (tmp_path / ".hidden.eml").write_bytes(b"x")
    msgs = list(iter_messages([tmp_path]))
    sources = [Path(m.source).relative_to(tmp_path).as_posix() for m in msgs]
    # a folder's own files first, then its sub-folders, each in name order
    assert sources[:37] == ["b.mbox"] * 37
    assert sources[37:] == [
        "Maildir/cur/1700000000.M1P1.host:2,S",
        "Maildir/new/1700000001.M2P2.host",
        "a/deep/one.eml",
    ]
    assert not any("tmp" in s or "hidden" in s for s in sources)


def test_bad_files_give_an_error_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "empty.eml").write_bytes(b"")
    (tmp_path / "bin.eml").write_bytes(b"\x00\x01\x02" * 100)
    msgs = list(iter_messages([tmp_path / "missing.eml", tmp_path / "empty.eml", tmp_path / "bin.eml"]))
    assert [m.error is not None for m in msgs] == [True, True, True]
    assert "does not exist" in (msgs[0].error or "")
    outs = list(triage_paths([tmp_path / "missing.eml"], jobs=1))
    assert outs[0].kind == "error" and not outs[0].rows


def test_rows_match_the_analysis_and_are_in_input_order_whatever_jobs(mbox: Path, corpus: Path) -> None:
    paths = [mbox, *sorted((corpus / "eml").glob("lhost-exim-0*.eml"))[:4]]
    one = list(triage_paths(paths, jobs=1))
    two = list(triage_paths(paths, jobs=2))
    assert [(o.source, o.index, o.rows) for o in one] == [(o.source, o.index, o.rows) for o in two]
    analyses = [a for p in paths for a in analyse_path(p)]
    assert [(o.source, o.index) for o in one] == [(a.source, a.index) for a in analyses]
    for o, a in zip(one, analyses, strict=True):
        failed = [r for r in a.recipients if r.severity != "success"]
        assert [r["recipient"] for r in o.rows] == [r.recipient for r in failed]
        assert [r["reason"] for r in o.rows] == [r.reason for r in failed]
        assert [r["side"] for r in o.rows] == [r.side for r in failed]
        for row in o.rows:
            assert row["mta"] == a.mta
            if row["address"] and "@" in row["address"]:
                assert row["domain"] == row["address"].rsplit("@", 1)[1] == row["domain"].lower()


def test_a_row_opens_its_message_again(mbox: Path) -> None:
    outs = [o for o in triage_paths([mbox], jobs=1) if o.rows]
    row = outs[5].rows[0]
    m = read_message(row["source"], row["index"], row["offset"], row["length"])
    whole = analyse_path(mbox)[row["index"]]
    from inspector.core.triage import analyse_raw

    again = analyse_raw(m)
    assert again.subject == whole.subject
    assert [r.recipient for r in again.recipients] == [r.recipient for r in whole.recipients]


def test_dates_and_addresses() -> None:
    assert iso_date(None, "Thu, 29 Apr 2010 23:34:45 +0900") == "2010-04-29T14:34:45+00:00"
    assert iso_date("not a date", "1 Jan 2020 00:00:00 -0000") == "2020-01-01T00:00:00+00:00"
    assert iso_date("garbage", "") is None
    assert split_address("<Kijitora@EXAMPLE.JP>") == ("Kijitora@example.jp", "example.jp")
    assert split_address("postmaster") == ("postmaster", None)
    assert split_address(None) == (None, None)


# ---------------------------------------------------------------------------- policy on made-up rows


def _row(
    address: str, day: int, *, hard: bool | None = False, side: str = "recipient", reason: str = "mailboxfull", **kw
):  # type: ignore[no-untyped-def]
    return {
        "address": address,
        "domain": address.rsplit("@", 1)[1],
        "date": f"2026-03-{day:02d}T10:00:00+00:00",
        "hard": hard,
        "side": side,
        "reason": reason,
        "status": kw.get("status", "5.1.1" if hard else "4.2.2"),
        "reply_code": kw.get("reply_code"),
        "source": "s",
        "index": day,
        "diagnostic": kw.get("diagnostic"),
        "severity": "permanent" if hard else "transient",
    }


def test_hard_bounce_suppresses_at_once() -> None:
    s = suppression_list([_row("a@x.org", 1, hard=True, reason="userunknown")])
    assert [(e.address, e.policy, e.count) for e in s.entries] == [("a@x.org", "hard", 1)]


def test_soft_needs_n_times_over_d_days() -> None:
    three_in_ten = [_row("b@x.org", d) for d in (1, 5, 11)]
    three_in_two = [_row("c@x.org", d) for d in (1, 2, 3)]
    two_in_twenty = [_row("d@x.org", d) for d in (1, 21)]
    s = suppression_list(three_in_ten + three_in_two + two_in_twenty)
    assert [e.address for e in s.entries] == ["b@x.org"]
    assert s.entries[0].policy.startswith("soft 3 over 10.0 days")
    assert (s.entries[0].first_date, s.entries[0].last_date) == (three_in_ten[0]["date"], three_in_ten[-1]["date"])
    # the thresholds are the user's
    assert [e.address for e in suppression_list(three_in_two, soft_threshold=3, soft_days=2).entries] == ["c@x.org"]
    assert [e.address for e in suppression_list(two_in_twenty, soft_threshold=2).entries] == ["d@x.org"]


def test_sender_side_never_suppresses_and_is_counted() -> None:
    rows = [_row("e@x.org", d, hard=True, side="sender", reason="blocked") for d in (1, 9, 20)]
    rows += [_row("f@x.org", 1, side="sender", reason="authfailure"), _row("f@x.org", 30, side="sender")]
    s = suppression_list(rows)
    assert s.entries == []
    assert s.sender_side == 5 and s.sender_side_addresses == 2
    assert "5 sender-side failure(s)" in s.note()
    # sender-side rows also do not add to an address's soft count
    mixed = [_row("g@x.org", 1), _row("g@x.org", 9), _row("g@x.org", 5, side="sender", reason="blocked")]
    assert suppression_list(mixed).entries == []


def test_latest_verdict_wins_and_case_is_folded() -> None:
    rows = [
        _row("H@X.org", 1),
        _row("h@x.org", 12, hard=True, reason="userunknown", reply_code="550"),
        _row("h@x.org", 4),
    ]
    (e,) = suppression_list(rows).entries
    assert (e.address, e.reason, e.reply_code, e.count, e.hard) == ("h@x.org", "userunknown", "550", 3, True)
    assert e.last_date == "2026-03-12T10:00:00+00:00"


def test_suppression_csv_columns() -> None:
    text = suppression_csv(suppression_list([_row("a@x.org", 1, hard=True, reason="userunknown")]))
    header, line = text.splitlines()
    assert header.split(",")[
        :10
    ] == "address,domain,reason,side,hard,status,reply_code,count,first_date,last_date".split(",")
    assert header.split(",") == list(SUPPRESSION_COLUMNS)
    assert line.startswith("a@x.org,x.org,userunknown,recipient,true,5.1.1,,1,2026-03-01")


def test_sender_side_checklist_groups_by_cause() -> None:
    rows = [
        _row("a@gmail.com", 1, side="sender", reason="authfailure", diagnostic="550 5.7.26 unauthenticated, DMARC"),
        _row("b@gmail.com", 1, side="sender", reason="rejected", diagnostic="550 5.7.1 SPF check failed"),
        _row("c@aol.com", 1, side="sender", reason="blocked", diagnostic="554 blocked using zen.spamhaus.org"),
        _row("d@aol.com", 1, side="sender", reason="requireptr", diagnostic="550 no PTR record for 192.0.2.1"),
        _row("e@yahoo.com", 1, side="sender", reason="speeding", diagnostic="421 4.7.0 [TSS04] deferred"),
        _row("f@yahoo.com", 1, reason="userunknown", hard=True),
    ]
    assert [cause_of(r) for r in rows[:5]] == ["auth", "auth", "blocklist", "ptr", "rate"]
    s = Summary()
    for r in rows:
        s.add(r)
    groups = {g.cause: g for g in s.checklist()}
    assert set(groups) == {"auth", "blocklist", "ptr", "rate"}
    assert groups["auth"].count == 2 and groups["auth"].providers == {"gmail.com": 2}
    assert groups["blocklist"].lists == {"Spamhaus": 1}
    text = s.text()
    assert "sender-side checklist" in text and "Spamhaus 1" in text
    assert s.by_side == {"sender": 5, "recipient": 1}


def test_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    (m,) = list(iter_messages([tmp_path]))
    assert m.error is not None and "not a regular file" in m.error


def test_several_messages_or_one(tmp_path: Path, mbox: Path, corpus: Path) -> None:
    from inspector.core.triage.reader import holds_several_messages

    one = tmp_path / "one.eml"
    one.write_bytes(
        b"From MAILER-DAEMON Thu Jan  1 00:00:00 2026\n" + (corpus / "eml" / "lhost-postfix-01.eml").read_bytes()
    )
    assert holds_several_messages(str(mbox))
    assert not holds_several_messages(str(one))
    assert not holds_several_messages(str(corpus / "eml" / "lhost-postfix-01.eml"))
    assert not holds_several_messages(str(tmp_path / "missing"))


def test_a_row_holds_the_analyse_schemas_recipient_fields() -> None:
    from dataclasses import asdict

    from inspector.core.model import Analysis, Evidence, RecipientResult
    from inspector.core.triage.rows import row_of

    r = RecipientResult(
        recipient="<Neko@Example.JP>",
        status="5.1.1",
        reason="userunknown",
        hard=True,
        side="recipient",
        last_attempt="Thu, 29 Apr 2010 23:34:45 +0900",
        evidence=[Evidence("provider", "google-5.1.1", "a page", "does not exist")],
    )
    row = row_of(Analysis(source="s", index=3, mta="Postfix"), r)
    assert {k: row[k] for k in asdict(r)} == asdict(r)
    assert (row["address"], row["domain"], row["mta"], row["index"]) == ("Neko@example.jp", "example.jp", "Postfix", 3)
    assert row["date"] == "2010-04-29T14:34:45+00:00"


def test_an_empty_folder_is_said_not_skipped(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (m,) = list(iter_messages([tmp_path / "empty"]))
    assert m.error is not None and "holds no files" in m.error
