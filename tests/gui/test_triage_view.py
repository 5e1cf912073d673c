"""The Triage window, driven as a user would: open a folder and an mbox, filter, sort, open a row
into the inspector, export the table and the suppression list, cancel."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from inspector.core.triage import suppression_csv, suppression_list, triage_paths
from inspector.core.triage.rows import csv_value
from inspector.ui.triage.model import COLUMNS


def _open(qtbot, win, paths: list[str], jobs: int | None = 1):  # type: ignore[no-untyped-def]
    win.triage.jobs = jobs
    tw = win.triage._ensure()
    tw.jobs = jobs
    with qtbot.waitSignal(tw.finished, timeout=120_000):
        win.open_files(paths)
    assert tw.isVisible()
    return tw


def _expected(paths: list[Path]) -> list[dict]:  # type: ignore[type-arg]
    return [r for o in triage_paths(paths, jobs=1) for r in o.rows]


@pytest.fixture
def folder(tmp_path: Path, corpus: Path) -> Path:
    box = tmp_path / "bounces"
    (box / "deeper" / "Maildir" / "new").mkdir(parents=True)
    (box / "deeper" / "Maildir" / "cur").mkdir(parents=True)
    names = ["lhost-postfix-01.eml", "lhost-exim-02.eml", "lhost-googlegroups-03.eml", "lhost-sendmail-01.eml"]
    for n in names[:2]:
        shutil.copy(corpus / "eml" / n, box / n)
    shutil.copy(corpus / "eml" / names[2], box / "deeper" / "Maildir" / "new" / "1700000000.M1.host")
    shutil.copy(corpus / "eml" / names[3], box / "deeper" / "Maildir" / "cur" / "1700000001.M2.host:2,S")
    return box


def test_open_folder_shows_every_failed_recipient(qtbot, sync_window, folder: Path) -> None:  # type: ignore[no-untyped-def]
    tw = _open(qtbot, sync_window, [str(folder)])
    expected = _expected([folder])
    assert len(expected) >= 4
    assert [r["address"] for r in tw.proxy.visible_rows()] == [r["address"] for r in expected]
    assert sync_window.items_model.rowCount() == 0  # the folder did not flood the inspector's list
    assert "4 messages" in tw.totals.text()
    assert "messages in" in tw.progress_label.text()
    assert not tw.cancel_button.isEnabled()


def test_open_folder_menu_uses_the_pool(qtbot, sync_window, folder: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sync_window.triage, "ask_folder", lambda: str(folder))
    tw = sync_window.triage._ensure()
    tw.jobs = 2
    with qtbot.waitSignal(tw.finished, timeout=120_000):
        sync_window.triage.act_open_folder.trigger()
    assert tw.proxy.visible_rows() == _expected([folder])
    file_menu = sync_window.menuBar().actions()[0].menu()
    assert "Open &Folder..." in [a.text() for a in file_menu.actions()]


def test_mbox_filter_by_reason_side_and_sort(qtbot, sync_window, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    mbox = corpus / "mbox" / "mbox-0"
    tw = _open(qtbot, sync_window, [str(mbox)])
    expected = _expected([mbox])
    assert tw.proxy.rowCount() == len(expected) == 37

    tw.reason_box.setCurrentText("userunknown")
    shown = tw.proxy.visible_rows()
    assert shown and all(r["reason"] == "userunknown" for r in shown)
    assert len(shown) == sum(r["reason"] == "userunknown" for r in expected)
    tw.clear_filters()

    tw.side_box.setCurrentText("sender")
    shown = tw.proxy.visible_rows()
    assert len(shown) == sum(r["side"] == "sender" for r in expected) > 0
    assert all(r["side"] == "sender" for r in shown)
    tw.clear_filters()

    # a bar of the side chart filters too (and a second click clears it)
    chart = tw.side_chart
    keys = [k for k, _ in chart.items]
    y = 2 + chart._line() * (keys.index("recipient") + 1) + chart._line() // 2
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPoint(chart.width() // 2, y))
    assert tw.side_box.currentText() == "recipient"
    assert {r["side"] for r in tw.proxy.visible_rows()} == {"recipient"}
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPoint(chart.width() // 2, y))
    assert tw.proxy.rowCount() == 37

    tw.hard_box.setCurrentText("hard")
    assert all(r["hard"] is True for r in tw.proxy.visible_rows())
    tw.clear_filters()
    tw.search.setText("docomo")
    assert tw.proxy.rowCount() >= 1
    assert all("docomo" in json.dumps(r).lower() for r in tw.proxy.visible_rows())
    tw.clear_filters()

    # sort by a column: the header click sorts the rows by that column
    col = [c.key for c in COLUMNS].index("domain")
    header = tw.table.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(col) + 5, 5)
    )
    domains = [r["domain"] or "" for r in tw.proxy.visible_rows()]
    assert domains == sorted(domains) or domains == sorted(domains, reverse=True)
    assert domains != [r["domain"] or "" for r in expected]


def test_date_range_filter(qtbot, sync_window, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QDate

    tw = _open(qtbot, sync_window, [str(corpus / "mbox" / "mbox-0")])
    tw.date_from.setDate(QDate(2009, 4, 27))
    tw.date_to.setDate(QDate(2009, 4, 27))
    shown = tw.proxy.visible_rows()
    assert shown and all(r["date"].startswith("2009-04-27") for r in shown)


def test_selecting_a_row_opens_its_message_in_the_inspector(qtbot, sync_window, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    tw = _open(qtbot, sync_window, [str(corpus / "mbox" / "mbox-0")])
    tw.side_box.setCurrentText("sender")
    tw.table.selectRow(1)
    row = tw.proxy.visible_rows()[1]
    a = sync_window.current_analysis()
    assert a is not None and (a.source, a.index) == (row["source"], row["index"])
    assert row["recipient"] in [r.recipient for r in a.recipients]
    assert a.root is not None  # the full analysis, with its MIME tree
    assert sync_window.tree_model.rowCount() >= 1
    # selecting it again reuses the opened item
    tw.table.selectRow(0)
    tw.table.selectRow(1)
    assert sync_window.items_model.rowCount() == 2


def test_exports_match_triage_records(qtbot, sync_window, corpus: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    mbox = corpus / "mbox" / "mbox-0"
    tw = _open(qtbot, sync_window, [str(mbox)], jobs=2)  # through the process pool
    expected = _expected([mbox])
    tw.reason_box.setCurrentText("userunknown")
    tw.table.setColumnHidden([c.key for c in COLUMNS].index("mta"), True)
    out = {"csv": tmp_path / "t.csv", "jsonl": tmp_path / "t.jsonl", "sup": tmp_path / "s.csv"}
    monkeypatch.setattr(tw, "ask_save_path", lambda title, s, p: str(out["csv"]))
    tw.act_export_csv.trigger()
    monkeypatch.setattr(tw, "ask_save_path", lambda title, s, p: str(out["jsonl"]))
    tw.act_export_jsonl.trigger()
    monkeypatch.setattr(tw, "ask_save_path", lambda title, s, p: str(out["sup"]))
    monkeypatch.setattr(tw, "ask_policy", lambda: (3, 7.0))
    tw.act_export_suppression.trigger()

    wanted = [r for r in expected if r["reason"] == "userunknown"]
    rows = list(csv.DictReader(io.StringIO(out["csv"].read_text(encoding="utf-8"))))
    assert list(rows[0]) == [c.key for c in COLUMNS if c.key != "mta"]  # exactly the visible columns
    assert len(rows) == len(wanted)
    for got, want in zip(rows, wanted, strict=True):
        for key in ("address", "domain", "reason", "side", "status", "reply_code", "date", "hard", "severity"):
            assert got[key] == csv_value(want, key)
    jsonl = [json.loads(line) for line in out["jsonl"].read_text(encoding="utf-8").splitlines()]
    assert jsonl == wanted
    # the suppression list is over the whole mailbox, whatever the filter
    assert out["sup"].read_text(encoding="utf-8") == suppression_csv(suppression_list(expected))
    assert "sender-side failure(s) were left out" in tw.statusBar().currentMessage()
    # the main window's File > Export Suppression List writes the same
    out["sup"].unlink()
    assert sync_window.triage.act_suppression.isEnabled()
    sync_window.triage.act_suppression.trigger()
    assert out["sup"].read_text(encoding="utf-8") == suppression_csv(suppression_list(expected))


def test_cancel_stops_a_long_run(qtbot, sync_window, corpus: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    one = (corpus / "mbox" / "mbox-0").read_bytes()
    big = tmp_path / "big.mbox"
    big.write_bytes(one * 300)  # 11,100 messages
    tw = sync_window.triage._ensure()
    tw.jobs = 1
    clicked: list[bool] = []

    def click_cancel_at_the_first_rows(*_args: object) -> None:
        # The user presses Cancel as soon as rows show (a fast machine may finish 11,100 messages
        # between two polls of a waitUntil).
        if not clicked:
            clicked.append(tw.cancel_button.isEnabled())
            tw.cancel_button.click()  # as a press of the button (its place on an offscreen screen may vary)

    tw.model.rowsInserted.connect(click_cancel_at_the_first_rows)
    with qtbot.waitSignal(tw.finished, timeout=120_000):
        sync_window.open_files([str(big)])
    assert clicked == [True]
    assert tw.last_progress is not None and tw.last_progress.cancelled
    assert 0 < tw.model.rowCount() < 11_100
    assert "Cancelled" in tw.progress_label.text()


def test_one_bounce_still_opens_in_the_inspector(qtbot, sync_window, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    sync_window.open_files([str(corpus / "eml" / "lhost-postfix-01.eml")])
    assert sync_window.items_model.rowCount() == 1
    assert sync_window.triage.window is None


def test_time_chart_buckets_and_click_sets_the_date_range(qtbot, sync_window, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from inspector.ui.triage.bars import buckets

    assert buckets({"2024-01-30": 2, "2024-02-02": 1}) == (
        "day",
        [("2024-01-30", 2), ("2024-01-31", 0), ("2024-02-01", 0), ("2024-02-02", 1)],
    )
    unit, items = buckets({"2020-01-05": 1, "2023-03-01": 4, "2023-03-09": 1})
    assert unit == "month" and items[0] == ("2020-01", 1) and items[-1] == ("2023-03", 5) and len(items) == 39
    assert buckets({"2001-01-01": 1, "2024-12-31": 1})[0] == "year"

    tw = _open(qtbot, sync_window, [str(corpus / "mbox" / "mbox-0")])
    chart = tw.day_chart
    assert chart.unit == "month"  # mbox-0 spans 2008-08 to 2009-04
    i = [k for k, _ in chart.items].index("2009-04")
    x = int((i + 0.5) * chart.width() / len(chart.items))
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPoint(x, chart.height() // 2))
    assert tw.date_from.date().toString("yyyy-MM-dd") == "2009-04-01"
    assert tw.date_to.date().toString("yyyy-MM-dd") == "2009-04-30"
    shown = tw.proxy.visible_rows()
    assert shown and all(r["date"].startswith("2009-04") for r in shown)
    assert len(shown) == sum(
        1 for r in _expected([corpus / "mbox" / "mbox-0"]) if (r["date"] or "").startswith("2009-04")
    )
